using NewsMonitor.Analysis;
using NewsMonitor.Analysis.Mentions;
using NewsMonitor.Tests.Support;

namespace NewsMonitor.Tests.Analysis.Mentions;

public sealed class MentionCountsTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private static readonly DateTimeOffset Start = new(2021, 7, 9, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task GetSeriesAsync_Range_CountsPerBucketWithZerosAndDistinctSources()
    {
        var storage = await azurite.ResetAsync();
        var recorder = new MentionRecorder(storage);
        await recorder.RecordAsync(TestArticles.Mint(Start.AddMinutes(5), "https://a.example/1", "Mint"), [new("Taliban", 1)], "negative");
        await recorder.RecordAsync(TestArticles.Mint(Start.AddMinutes(50), "https://b.example/2", "Reuters"), [new("Taliban", 1)], "neutral");
        await recorder.RecordAsync(TestArticles.Mint(Start.AddHours(2), "https://c.example/3", "Mint"), [new("taliban", 1), new("Kabul", 1)], "negative");
        await recorder.RecordAsync(TestArticles.Mint(Start.AddHours(5), "https://d.example/4", "BBC"), [new("Taliban", 1)], "negative");
        await recorder.RecordAsync(TestArticles.Mint(Start.AddHours(1), "https://e.example/5", "BBC"), [new("Kabul", 1)], "negative");

        var series = await new MentionCounts(storage).GetSeriesAsync("TALIBAN", Start, Start.AddHours(4));

        Assert.Equal([2, 0, 1, 0], series.Buckets.Select(b => b.Count));
        Assert.Equal([Start, Start.AddHours(1), Start.AddHours(2), Start.AddHours(3)], series.Buckets.Select(b => b.BucketStart));
        Assert.Equal(2, series.Buckets[0].DistinctSources);
        Assert.Equal(3, series.Total);
        Assert.Equal(2, series.DistinctSources);
    }

    [Fact]
    public async Task GetCountsAsync_AllArticles_CountsEveryArticle()
    {
        var storage = await azurite.ResetAsync();
        var recorder = new MentionRecorder(storage);
        await recorder.RecordAsync(TestArticles.Mint(Start, "https://a.example/1"), [new("Taliban", 1)], null);
        await recorder.RecordAsync(TestArticles.Mint(Start, "https://b.example/2"), [], null);
        await recorder.RecordAsync(TestArticles.Mint(Start, "https://b.example/2"), [], null);

        var counts = await new MentionCounts(storage).GetCountsAsync(MentionKeys.AllArticles, Start, Start.AddHours(1));

        Assert.Equal([(Start, 2)], counts);
    }
}
