using Azure.Storage.Blobs;
using Microsoft.Extensions.DependencyInjection;
using NewsMonitor.Feeds;
using NewsMonitor.Feeds.State;
using NewsMonitor.Storage;
using NewsMonitor.Tests.Feeds.Support;
using NewsMonitor.Tests.Support;

namespace NewsMonitor.Tests.Feeds.State;

[Collection(FeedsNetworkTests.Name)]
public sealed class FeedCatalogTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private async Task<(ServiceProvider Services, FeedCatalog Catalog, BlobClient Blob)> CreateAsync()
    {
        var storage = await azurite.ResetAsync();
        var services = FeedsTestServices.Create(storageConnection: azurite.ConnectionString);
        var blob = storage.Container(StorageNames.ConfigContainer).GetBlobClient(StorageNames.FeedCatalogBlob);
        return (services, services.GetRequiredService<FeedCatalog>(), blob);
    }

    [Fact]
    public void LoadDefault_BundledCatalogue_IsValidWithWellKnownWorldNewsFeeds()
    {
        var feeds = FeedCatalog.LoadDefault();

        Assert.True(feeds.Count >= 8);
        Assert.All(feeds, feed => Assert.Null(feed.Validate()));
        Assert.All(feeds, feed => Assert.Equal(Uri.UriSchemeHttps, new Uri(feed.Url).Scheme));
        Assert.Contains(feeds, feed => feed.Url == "https://feeds.bbci.co.uk/news/world/rss.xml");
        Assert.Contains(feeds, feed => feed.Url == "https://www.aljazeera.com/xml/rss/all.xml");
    }

    [Fact]
    public async Task ListAsync_NoCatalogue_SeedsTheBundledDefault()
    {
        var (services, catalog, blob) = await CreateAsync();
        await using var _ = services;

        var feeds = await catalog.ListAsync();

        Assert.Equal(FeedCatalog.LoadDefault().Select(feed => feed.Id), feeds.Select(feed => feed.Id));
        Assert.True((await blob.ExistsAsync()).Value);
        Assert.Equal("application/json", (await blob.GetPropertiesAsync()).Value.ContentType);
    }

    [Fact]
    public async Task ListAsync_AfterOpsEditedTheSeededCatalogue_KeepsTheirEdit()
    {
        var (services, catalog, blob) = await CreateAsync();
        await using var _ = services;
        await catalog.ListAsync();
        await blob.UploadAsync(BinaryData.FromString("""[{ "id": "only", "name": "Only", "url": "https://example.com/rss" }]"""), overwrite: true);

        var feeds = await catalog.ListAsync();

        var feed = Assert.Single(feeds);
        Assert.Equal("only", feed.Id);
        Assert.True(feed.Enabled);
        Assert.False(feed.FullText);
    }

    [Fact]
    public async Task ListAsync_ManyFirstRunsAtOnce_SeedOnceAndAgree()
    {
        var (services, catalog, blob) = await CreateAsync();
        await using var _ = services;

        var results = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => catalog.ListAsync()));

        Assert.All(results, feeds => Assert.Equal(results[0].Select(feed => feed.Id), feeds.Select(feed => feed.Id)));
        Assert.NotEmpty(results[0]);
    }

    [Theory]
    [InlineData("{ not json", "not a JSON array")]
    [InlineData("""{ "feeds": [] }""", "not a JSON array")]
    [InlineData("""[{ "id": "Bad Id!", "url": "https://example.com/rss" }]""", "Bad Id!")]
    [InlineData("""[{ "id": "a", "url": "not a url" }]""", "not a url")]
    [InlineData("""[{ "id": "a", "url": "https://example.com/1" }, { "id": "a", "url": "https://example.com/2" }]""", "twice")]
    public async Task ListAsync_MalformedCatalogue_ThrowsAClearError(string json, string expectedInMessage)
    {
        var (services, catalog, blob) = await CreateAsync();
        await using var _ = services;
        await blob.UploadAsync(BinaryData.FromString(json), overwrite: true);

        var exception = await Assert.ThrowsAsync<FeedCatalogException>(() => catalog.ListAsync());

        Assert.Contains(expectedInMessage, exception.Message, StringComparison.Ordinal);
        Assert.Contains(StorageNames.FeedCatalogBlob, exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddAsync_ThenRemoveAsync_EditsTheStoredCatalogue()
    {
        var (services, catalog, _) = await CreateAsync();
        await using var __ = services;
        var feed = new FeedDefinition { Id = "mint-world", Name = "Mint", Url = "https://www.livemint.com/rss/news", Tags = ["south-asia"] };

        var added = await catalog.AddAsync(feed);
        var replaced = await catalog.AddAsync(feed with { FullText = true });
        var afterAdd = await catalog.ListAsync();
        var removed = await catalog.RemoveAsync("mint-world");
        var removedAgain = await catalog.RemoveAsync("mint-world");
        var afterRemove = await catalog.ListAsync();

        Assert.True(added);
        Assert.False(replaced);
        Assert.True(Assert.Single(afterAdd, f => f.Id == "mint-world").FullText);
        Assert.True(removed);
        Assert.False(removedAgain);
        Assert.DoesNotContain(afterRemove, f => f.Id == "mint-world");
        Assert.Equal(afterAdd.Count - 1, afterRemove.Count);
    }

    [Fact]
    public async Task AddAsync_InvalidFeed_IsRejected()
    {
        var (services, catalog, _) = await CreateAsync();
        await using var __ = services;

        await Assert.ThrowsAsync<ArgumentException>(() => catalog.AddAsync(new FeedDefinition { Id = "x", Url = "gopher://example.com" }));
    }
}
