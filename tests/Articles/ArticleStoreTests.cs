using Azure.Data.Tables;
using NewsMonitor.Articles;
using NewsMonitor.Feeds;
using NewsMonitor.Storage;
using NewsMonitor.Tests.Feeds.Support;
using NewsMonitor.Tests.Support;

namespace NewsMonitor.Tests.Articles;

[Collection(FeedsNetworkTests.Name)]
public sealed class ArticleStoreTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private const string Url = "https://news.example.com/world/kabul-airport";

    private static Article Sighting(DateTimeOffset published, string feedId = "a") => new()
    {
        Id = ArticleId.FromCanonicalUrl(Url),
        Url = Url,
        Title = "Kabul airport security handed over",
        Published = published.ToUniversalTime(),
        FetchedAt = published.ToUniversalTime().AddMinutes(5),
        FeedId = feedId,
        Source = "Feed " + feedId,
    };

    private async Task<(ArticleStore Store, NewsStorage Storage)> CreateSutAsync()
    {
        var storage = await azurite.ResetAsync();
        return (new ArticleStore(storage), storage);
    }

    [Theory]
    [InlineData("2021-07-08T23:59:00Z", "2021-07-09T00:01:00Z")]
    [InlineData("2021-07-09T00:01:00Z", "2021-07-08T23:59:00Z")]
    [InlineData("2021-07-08T23:30:00-04:00", "2021-07-08T23:30:00Z")]
    [InlineData("2021-07-09T01:00:00+05:30", "2021-07-09T01:00:00Z")]
    public async Task TryAddAsync_SameStoryOnAnotherDay_IsADuplicateStoredAtTheFirstPath(string first, string second)
    {
        var (store, storage) = await CreateSutAsync();
        var firstSighting = Sighting(DateTimeOffset.Parse(first, System.Globalization.CultureInfo.InvariantCulture));
        var secondSighting = Sighting(DateTimeOffset.Parse(second, System.Globalization.CultureInfo.InvariantCulture), "b");
        Assert.NotEqual(firstSighting.BlobName, secondSighting.BlobName);

        var stored = await store.TryAddAsync(firstSighting);
        var again = await store.TryAddAsync(secondSighting);

        Assert.Equal(firstSighting.BlobName, stored);
        Assert.Null(again);
        Assert.Equal([firstSighting.BlobName], await StorageListing.BlobNamesAsync(storage, StorageNames.ArticlesContainer));
        Assert.True(await store.ExistsAsync(secondSighting));
    }

    [Fact]
    public async Task TryAddAsync_ConcurrentSightingsOnDifferentDays_StoreExactlyOneBlob()
    {
        var (store, storage) = await CreateSutAsync();
        var sightings = Enumerable.Range(0, 8)
            .Select(i => Sighting(new DateTimeOffset(2021, 7, 8, 23, 56, 0, TimeSpan.Zero).AddMinutes(i), $"feed{i}"))
            .ToList();

        var results = await Task.WhenAll(sightings.Select(sighting => store.TryAddAsync(sighting)));

        var stored = Assert.Single(results, result => result is not null);
        Assert.Equal([stored!], await StorageListing.BlobNamesAsync(storage, StorageNames.ArticlesContainer));
    }

    [Fact]
    public async Task TryAddAsync_IndexRowWithoutBlob_StoresTheBlobAtTheRecordedPath()
    {
        // A run that crashed after inserting the index row and before uploading the blob.
        var (store, storage) = await CreateSutAsync();
        var interrupted = Sighting(new DateTimeOffset(2021, 7, 8, 23, 59, 0, TimeSpan.Zero));
        await storage.Table(StorageNames.ArticleIndexTable).AddEntityAsync(new ArticleIndexEntry
        {
            PartitionKey = ArticleIndexEntry.PartitionFor(interrupted.Id),
            BlobName = interrupted.BlobName,
            FirstSeen = interrupted.FetchedAt,
        });
        var nextDay = Sighting(new DateTimeOffset(2021, 7, 9, 0, 1, 0, TimeSpan.Zero), "b");

        var existsBefore = await store.ExistsAsync(nextDay);
        var stored = await store.TryAddAsync(nextDay);

        Assert.False(existsBefore);
        Assert.Equal(interrupted.BlobName, stored);
        Assert.Equal([interrupted.BlobName], await StorageListing.BlobNamesAsync(storage, StorageNames.ArticlesContainer));
    }

    [Fact]
    public async Task BacklogStore_IndexRowWithoutBlob_OwesTheAnalysisOfTheBlobAtTheRecordedPath()
    {
        // newsmon's store (issue 20) writes the backlog row before the blob: for the path the blob actually goes to,
        // the first sighting's (issue 15), not the path of the sighting being stored.
        var storage = await azurite.ResetAsync();
        var backlog = new NewsMonitor.Cli.Pipeline.AnalysisBacklog(storage, TimeProvider.System);
        var store = new NewsMonitor.Cli.Pipeline.BacklogArticleStore(storage, backlog, new NewsMonitor.Cli.Pipeline.FreshArticles());
        var interrupted = Sighting(new DateTimeOffset(2021, 7, 8, 23, 59, 0, TimeSpan.Zero));
        await storage.Table(StorageNames.ArticleIndexTable).AddEntityAsync(new ArticleIndexEntry
        {
            PartitionKey = ArticleIndexEntry.PartitionFor(interrupted.Id),
            BlobName = interrupted.BlobName,
            FirstSeen = interrupted.FetchedAt,
        });
        var nextDay = Sighting(new DateTimeOffset(2021, 7, 9, 0, 1, 0, TimeSpan.Zero), "b");

        var stored = await store.TryAddAsync(nextDay);
        var again = await store.TryAddAsync(nextDay);

        Assert.Equal(interrupted.BlobName, stored);
        Assert.Null(again);
        Assert.Equal([interrupted.BlobName], (await backlog.ListWaitingAsync()).Select(entry => entry.BlobName));
    }

    [Fact]
    public async Task TryAddAsync_FirstSighting_RecordsItsPathInTheIndex()
    {
        var (store, storage) = await CreateSutAsync();
        var article = Sighting(new DateTimeOffset(2021, 7, 9, 10, 0, 0, TimeSpan.Zero));

        await store.TryAddAsync(article);

        var entry = await storage.Table(StorageNames.ArticleIndexTable).GetEntityAsync<ArticleIndexEntry>(article.Id, ArticleIndexEntry.Row);
        Assert.Equal(article.BlobName, entry.Value.BlobName);
        Assert.Equal(article.FetchedAt, entry.Value.FirstSeen);
    }

    [Fact]
    public async Task TryAddAsync_BlobStoredBeforeTheIndexExisted_IsADuplicate()
    {
        var (store, storage) = await CreateSutAsync();
        var article = Sighting(new DateTimeOffset(2021, 7, 9, 10, 0, 0, TimeSpan.Zero));
        await storage.Container(StorageNames.ArticlesContainer).UploadBlobAsync(article.BlobName, BinaryData.FromString("{}"));

        var stored = await store.TryAddAsync(article);

        Assert.Null(stored);
        Assert.True(await store.ExistsAsync(article));
    }
}
