using Azure;
using NewsMonitor.Feeds;
using NewsMonitor.Storage;
using NewsMonitor.Tests.Support;

namespace NewsMonitor.Tests.Cli;

/// <summary><c>newsmon feeds list|status|add|remove</c> against Azurite: what they print and what they leave in <c>config/feeds.json</c>.</summary>
public sealed class FeedsCommandTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private static async Task<IReadOnlyList<FeedDefinition>?> CatalogueAsync(NewsStorage storage)
    {
        try
        {
            var download = await storage.Container(StorageNames.ConfigContainer).GetBlobClient(StorageNames.FeedCatalogBlob).DownloadContentAsync();
            return FeedCatalog.Parse(download.Value.Content, "test");
        }
        catch (RequestFailedException exception) when (exception.Status == 404)
        {
            return null;
        }
    }

    private static async Task UploadCatalogueAsync(NewsStorage storage, string json) =>
        await storage.Container(StorageNames.ConfigContainer).UploadBlobAsync(StorageNames.FeedCatalogBlob, BinaryData.FromString(json));

    [Fact]
    public async Task List_NoCatalogue_SeedsTheDefaultAndListsEveryFeed()
    {
        var storage = await azurite.ResetAsync();
        var defaults = FeedCatalog.LoadDefault();

        var result = await CliRunner.RunWithStorageAsync(azurite, "feeds", "list");

        Assert.True(result.ExitCode == 0, result.Error);
        Assert.DoesNotContain("Starting Azurite", result.Error, StringComparison.Ordinal);
        Assert.Equal(defaults.Select(feed => (feed.Id, feed.Url)), (await CatalogueAsync(storage))!.Select(feed => (feed.Id, feed.Url)));
        Assert.Contains($"{defaults.Count} feeds.", result.Output, StringComparison.Ordinal);
        // One row per feed, unwrapped, though stdout is no terminal: scripts grep it.
        Assert.All(defaults, feed => Assert.Single(
            result.Output.Split('\n'),
            line => line.Contains(feed.Id, StringComparison.Ordinal) && line.Contains(feed.Url, StringComparison.Ordinal)));
    }

    [Fact]
    public async Task List_ExistingCatalogue_ShowsItsFeedsAndLeavesItAlone()
    {
        var storage = await azurite.ResetAsync();
        await UploadCatalogueAsync(storage, """[{ "id": "wire", "name": "Wire", "url": "https://wire.example/rss", "enabled": false, "tags": ["world"] }]""");

        var result = await CliRunner.RunWithStorageAsync(azurite, "feeds", "list");

        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Contains("wire", result.Output, StringComparison.Ordinal);
        Assert.Contains("https://wire.example/rss", result.Output, StringComparison.Ordinal);
        Assert.Contains("1 feeds.", result.Output, StringComparison.Ordinal);
        Assert.Equal("wire", Assert.Single((await CatalogueAsync(storage))!).Id);
    }

    [Fact]
    public async Task Status_FeedHeldBackByItsPublisher_ShowsTheNextPlannedFetchAndWhy()
    {
        var storage = await azurite.ResetAsync();
        await UploadCatalogueAsync(storage, """[{ "id": "wire", "url": "https://wire.example/rss" }, { "id": "fresh", "url": "https://fresh.example/rss" }]""");
        await storage.Table(StorageNames.FeedsTable).AddEntityAsync(new FeedState
        {
            RowKey = "wire",
            LastStatus = nameof(FeedFetchStatus.NotModified),
            LastAttempt = new DateTimeOffset(2021, 7, 9, 15, 0, 0, TimeSpan.Zero),
            NextAttempt = new DateTimeOffset(2021, 7, 9, 15, 30, 0, TimeSpan.Zero),
            NextAttemptReason = "ttl",
        });

        var result = await CliRunner.RunWithStorageAsync(azurite, "feeds", "status");

        Assert.True(result.ExitCode == 0, result.Error);
        var wire = Assert.Single(result.Output.Split('\n'), line => line.Contains("wire", StringComparison.Ordinal));
        Assert.Contains("2021-07-09 15:30 UTC", wire, StringComparison.Ordinal);
        Assert.Contains("ttl", wire, StringComparison.Ordinal);
        Assert.Contains("NotModified", wire, StringComparison.Ordinal);
        var fresh = Assert.Single(result.Output.Split('\n'), line => line.Contains("fresh", StringComparison.Ordinal));
        Assert.Contains("never fetched", fresh, StringComparison.Ordinal);
        Assert.Contains("next run", fresh, StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_MalformedCatalogue_ExitsOneWithMessageOnStderr()
    {
        var storage = await azurite.ResetAsync();
        await UploadCatalogueAsync(storage, """{ "not": "an array" }""");

        var result = await CliRunner.RunWithStorageAsync(azurite, "feeds", "list");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("", result.Output);
        Assert.Contains("newsmon: The feed catalogue", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Add_NewFeed_AppendsItWithEveryOptionToTheCatalogue()
    {
        var storage = await azurite.ResetAsync();
        await UploadCatalogueAsync(storage, """[{ "id": "wire", "url": "https://wire.example/rss" }]""");

        var result = await CliRunner.RunWithStorageAsync(
            azurite,
            "feeds", "add", "https://www.example.com/rss/World.xml", "--name", "Example World", "--full-text",
            "--tag", "world", "--tag", "test", "--disabled");

        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Contains("Added feed 'example.com-rss-world.xml'", result.Output, StringComparison.Ordinal);
        var feeds = (await CatalogueAsync(storage))!;
        Assert.Equal(["wire", "example.com-rss-world.xml"], feeds.Select(feed => feed.Id));
        var added = feeds[1];
        Assert.Equal("https://www.example.com/rss/World.xml", added.Url);
        Assert.Equal("Example World", added.Name);
        Assert.True(added.FullText);
        Assert.False(added.Enabled);
        Assert.Equal(["world", "test"], added.Tags);
    }

    [Fact]
    public async Task Add_SameIdTwice_ReplacesTheFeed()
    {
        var storage = await azurite.ResetAsync();
        await UploadCatalogueAsync(storage, "[]");
        await CliRunner.RunWithStorageAsync(azurite, "feeds", "add", "https://wire.example/rss", "--id", "wire");

        var result = await CliRunner.RunWithStorageAsync(azurite, "feeds", "add", "https://wire.example/atom", "--id", "wire");

        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Contains("Replaced feed 'wire'", result.Output, StringComparison.Ordinal);
        Assert.Equal("https://wire.example/atom", Assert.Single((await CatalogueAsync(storage))!).Url);
    }

    [Theory]
    [InlineData("ftp://wire.example/rss")]
    [InlineData("not-a-url")]
    [InlineData("https://wire.example/rss", "--id", "Not An Id")]
    public async Task Add_BadInput_ExitsOneAndLeavesTheCatalogueAlone(params string[] args)
    {
        var storage = await azurite.ResetAsync();

        var result = await CliRunner.RunWithStorageAsync(azurite, ["feeds", "add", .. args]);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("", result.Output);
        Assert.Contains("newsmon:", result.Error, StringComparison.Ordinal);
        Assert.Null(await CatalogueAsync(storage));
    }

    [Fact]
    public async Task Remove_ExistingFeed_RemovesOnlyIt()
    {
        var storage = await azurite.ResetAsync();
        await UploadCatalogueAsync(storage, """[{ "id": "wire", "url": "https://wire.example/rss" }, { "id": "post", "url": "https://post.example/rss" }]""");

        var result = await CliRunner.RunWithStorageAsync(azurite, "feeds", "remove", "wire");

        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Contains("Removed feed 'wire'", result.Output, StringComparison.Ordinal);
        Assert.Equal("post", Assert.Single((await CatalogueAsync(storage))!).Id);
    }

    [Fact]
    public async Task Remove_UnknownFeed_ExitsOneAndLeavesTheCatalogueAlone()
    {
        var storage = await azurite.ResetAsync();
        await UploadCatalogueAsync(storage, """[{ "id": "wire", "url": "https://wire.example/rss" }]""");

        var result = await CliRunner.RunWithStorageAsync(azurite, "feeds", "remove", "nope");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("", result.Output);
        Assert.Contains("no feed with id 'nope'", result.Error, StringComparison.Ordinal);
        Assert.Equal("wire", Assert.Single((await CatalogueAsync(storage))!).Id);
    }
}
