using NewsMonitor.Cli.Pipeline;

namespace NewsMonitor.Tests.Cli.Pipeline;

public sealed class FreshArticlesTests
{
    private static FreshArticle Article(int n) => new($"2026/12/06/a{n}.json", BinaryData.FromString($"{{\"id\":\"a{n}\"}}"));

    /// <summary>Hands over articles 0 to Capacity - 1: the hand-over is full.</summary>
    private static async Task FillAsync(FreshArticles fresh)
    {
        for (var n = 0; n < FreshArticles.Capacity; n++)
        {
            await fresh.OfferAsync(Article(n), CancellationToken.None);
        }
    }

    [Fact]
    public async Task OfferAsync_NoCycleTakingArticles_ReturnsAtOnceAndKeepsNothing()
    {
        var fresh = new FreshArticles();

        await fresh.OfferAsync(Article(1), CancellationToken.None);
        var reader = fresh.Open();

        Assert.False(reader.TryRead(out _));
    }

    [Fact]
    public async Task OfferAsync_HandOverFull_WaitsUntilTheCycleReadsOne()
    {
        var fresh = new FreshArticles();
        var reader = fresh.Open();
        await FillAsync(fresh);

        // With room it completes synchronously; full, it waits for a read.
        var waiting = fresh.OfferAsync(Article(FreshArticles.Capacity), CancellationToken.None);
        Assert.False(waiting.IsCompleted);

        Assert.True(reader.TryRead(out var first));
        await waiting;
        Assert.Equal(Article(0).BlobName, first!.BlobName);
    }

    [Fact]
    public async Task Close_OfferWaitingOnAFullHandOver_ReturnsAndTheReaderEndsAfterWhatWasHandedOver()
    {
        var fresh = new FreshArticles();
        var reader = fresh.Open();
        await FillAsync(fresh);

        var waiting = fresh.OfferAsync(Article(FreshArticles.Capacity), CancellationToken.None);
        fresh.Close();
        await waiting;

        var read = new List<string>();
        await foreach (var article in reader.ReadAllAsync())
        {
            read.Add(article.BlobName);
        }

        Assert.Equal(FreshArticles.Capacity, read.Count);
        Assert.DoesNotContain(Article(FreshArticles.Capacity).BlobName, read);
    }

    [Fact]
    public void Open_TwiceWithoutClose_Throws()
    {
        var fresh = new FreshArticles();
        fresh.Open();

        Assert.Throws<InvalidOperationException>(() => fresh.Open());
        fresh.Close();
        Assert.NotNull(fresh.Open());
    }
}
