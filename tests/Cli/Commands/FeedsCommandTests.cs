using System.Text.Json;
using Azure;
using NewsMonitor.Feeds;
using NewsMonitor.Feeds.Fetching;
using NewsMonitor.Feeds.State;
using NewsMonitor.Storage;
using NewsMonitor.Tests.Support;

namespace NewsMonitor.Tests.Cli.Commands;

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
        Assert.Contains("2021-07-09 15:30:00Z", wire, StringComparison.Ordinal);
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

    private static async Task SaveStateAsync(NewsStorage storage, string feedId, int failures, DateTimeOffset? nextAttempt, string status = nameof(FeedFetchStatus.Blocked)) =>
        await new FeedStateStore(storage).SaveAsync(new FeedState
        {
            RowKey = feedId,
            LastStatus = status,
            ConsecutiveFailures = failures,
            NextAttempt = nextAttempt,
            LastError = "file:// feed URLs are disabled",
            HttpETag = "\"v1\"",
            ArticlesStored = 7,
            LastSuccess = new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero),
        });

    [Fact]
    public async Task Add_FileUrlWithoutAllowFileUrls_ExitsOneNamingTheSettingAndLeavesTheCatalogueAlone()
    {
        var storage = await azurite.ResetAsync();
        await UploadCatalogueAsync(storage, "[]");

        var result = await CliRunner.RunWithStorageAsync(azurite, "feeds", "add", new Uri(CliRunner.TestData("world-news.rss")).AbsoluteUri);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("", result.Output);
        Assert.Contains("would refuse", result.Error, StringComparison.Ordinal);
        Assert.Contains("--set Feeds:AllowFileUrls=true", result.Error, StringComparison.Ordinal);
        Assert.Empty((await CatalogueAsync(storage))!);
    }

    [Fact]
    public async Task Add_FileUrlWithAllowFileUrls_AddsIt()
    {
        var storage = await azurite.ResetAsync();
        await UploadCatalogueAsync(storage, "[]");
        var url = new Uri(CliRunner.TestData("world-news.rss")).AbsoluteUri;

        var result = await CliRunner.RunWithStorageAsync(azurite, "feeds", "add", url, "--id", "local", "--set", "Feeds:AllowFileUrls=true");

        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Equal(url, Assert.Single((await CatalogueAsync(storage))!).Url);
    }

    [Theory]
    [InlineData("http://127.0.0.1:9/rss", "--set Feeds:AllowLoopback=true")]
    [InlineData("http://[::1]:9/rss", "--set Feeds:AllowLoopback=true")]
    [InlineData("http://10.1.2.3/rss", "never fetched")]
    [InlineData("http://169.254.169.254/latest/meta-data", "never fetched")]
    public async Task Add_InternalHost_ExitsOneSayingWhatAllowsIt(string url, string expected)
    {
        var storage = await azurite.ResetAsync();
        await UploadCatalogueAsync(storage, "[]");

        var result = await CliRunner.RunWithStorageAsync(azurite, "feeds", "add", url, "--id", "internal");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("internal addresses", result.Error, StringComparison.Ordinal);
        Assert.Contains(expected, result.Error, StringComparison.Ordinal);
        Assert.Empty((await CatalogueAsync(storage))!);
    }

    [Fact]
    public async Task Add_LoopbackHostWithAllowLoopback_AddsIt()
    {
        var storage = await azurite.ResetAsync();
        await UploadCatalogueAsync(storage, "[]");

        var result = await CliRunner.RunWithStorageAsync(azurite, "feeds", "add", "http://127.0.0.1:9/rss", "--id", "local", "--set", "Feeds:AllowLoopback=true");

        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Equal("local", Assert.Single((await CatalogueAsync(storage))!).Id);
    }

    [Fact]
    public async Task Add_FeedBackingOff_ResetsItsStateKeepingItsHistory()
    {
        var storage = await azurite.ResetAsync();
        await UploadCatalogueAsync(storage, """[{ "id": "wire", "url": "https://wire.example/rss" }]""");
        await SaveStateAsync(storage, "wire", failures: 3, nextAttempt: DateTimeOffset.UtcNow.AddHours(2));

        var result = await CliRunner.RunWithStorageAsync(azurite, "feeds", "add", "https://wire.example/atom", "--id", "wire");

        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Contains("fetch state was reset", result.Output, StringComparison.Ordinal);
        var state = await new FeedStateStore(storage).GetAsync("wire");
        Assert.Equal(0, state.ConsecutiveFailures);
        Assert.Null(state.NextAttempt);
        Assert.Null(state.HttpETag);
        Assert.Equal(nameof(FeedFetchStatus.None), state.LastStatus);
        Assert.Equal(7, state.ArticlesStored);
    }

    [Fact]
    public async Task Status_FeedsWithAndWithoutState_OneRowEachWithStatusFailuresAndBackOff()
    {
        var storage = await azurite.ResetAsync();
        await UploadCatalogueAsync(storage, """[{ "id": "wire", "url": "https://wire.example/rss" }, { "id": "post", "url": "https://post.example/rss" }]""");
        var next = new DateTimeOffset(2099, 5, 6, 7, 8, 9, TimeSpan.Zero);
        await SaveStateAsync(storage, "wire", failures: 3, nextAttempt: next);

        var result = await CliRunner.RunWithStorageAsync(azurite, "feeds", "status");

        Assert.True(result.ExitCode == 0, result.Error);
        var lines = result.Output.Split('\n');
        var wire = Assert.Single(lines, line => line.Contains("wire", StringComparison.Ordinal));
        Assert.Contains("Blocked", wire, StringComparison.Ordinal);
        Assert.Contains("2026-01-02 03:04:05Z", wire, StringComparison.Ordinal);
        Assert.Contains("2099-05-06 07:08:09Z", wire, StringComparison.Ordinal);
        Assert.Matches(@"│\s+3\s+│", wire);
        Assert.Matches(@"│\s+7\s+│", wire);
        var post = Assert.Single(lines, line => line.Contains("post", StringComparison.Ordinal));
        Assert.Contains("never", post, StringComparison.Ordinal);
        Assert.Contains("next run", post, StringComparison.Ordinal);
        Assert.Contains("2 feeds, 1 backing off", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Status_Json_OneObjectPerFeedWithItsState()
    {
        var storage = await azurite.ResetAsync();
        await UploadCatalogueAsync(storage, """[{ "id": "wire", "url": "https://wire.example/rss" }]""");
        await SaveStateAsync(storage, "wire", failures: 2, nextAttempt: new DateTimeOffset(2099, 1, 1, 0, 0, 0, TimeSpan.Zero));

        var result = await CliRunner.RunWithStorageAsync(azurite, "feeds", "status", "--json");

        Assert.True(result.ExitCode == 0, result.Error);
        using var json = JsonDocument.Parse(result.Output);
        var feed = Assert.Single(json.RootElement.EnumerateArray().ToList());
        Assert.Equal("wire", feed.GetProperty("id").GetString());
        Assert.Equal("Blocked", feed.GetProperty("lastStatus").GetString());
        Assert.Equal(2, feed.GetProperty("consecutiveFailures").GetInt32());
        Assert.True(feed.GetProperty("backingOff").GetBoolean());
        Assert.Equal(7, feed.GetProperty("articlesStored").GetInt64());
    }

    [Fact]
    public async Task Reset_OneId_ClearsOnlyThatFeedsBackOff()
    {
        var storage = await azurite.ResetAsync();
        await UploadCatalogueAsync(storage, """[{ "id": "wire", "url": "https://wire.example/rss" }, { "id": "post", "url": "https://post.example/rss" }]""");
        await SaveStateAsync(storage, "wire", failures: 3, nextAttempt: DateTimeOffset.UtcNow.AddHours(2));
        await SaveStateAsync(storage, "post", failures: 1, nextAttempt: DateTimeOffset.UtcNow.AddHours(2));

        var result = await CliRunner.RunWithStorageAsync(azurite, "feeds", "reset", "wire");

        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Contains("Reset feed 'wire'", result.Output, StringComparison.Ordinal);
        var states = new FeedStateStore(storage);
        Assert.Null((await states.GetAsync("wire")).NextAttempt);
        Assert.Equal(0, (await states.GetAsync("wire")).ConsecutiveFailures);
        Assert.NotNull((await states.GetAsync("post")).NextAttempt);
    }

    [Fact]
    public async Task Reset_All_ClearsEveryFeedsBackOff()
    {
        var storage = await azurite.ResetAsync();
        await UploadCatalogueAsync(storage, """[{ "id": "wire", "url": "https://wire.example/rss" }, { "id": "post", "url": "https://post.example/rss" }]""");
        await SaveStateAsync(storage, "wire", failures: 3, nextAttempt: DateTimeOffset.UtcNow.AddHours(2));
        await SaveStateAsync(storage, "post", failures: 1, nextAttempt: DateTimeOffset.UtcNow.AddHours(2));

        var result = await CliRunner.RunWithStorageAsync(azurite, "feeds", "reset", "--all");

        Assert.True(result.ExitCode == 0, result.Error);
        Assert.All(await new FeedStateStore(storage).ListAsync(), state =>
        {
            Assert.Null(state.NextAttempt);
            Assert.Equal(0, state.ConsecutiveFailures);
        });
    }

    [Fact]
    public async Task Reset_UnknownId_ExitsOne()
    {
        var storage = await azurite.ResetAsync();
        await UploadCatalogueAsync(storage, """[{ "id": "wire", "url": "https://wire.example/rss" }]""");

        var result = await CliRunner.RunWithStorageAsync(azurite, "feeds", "reset", "nope");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("no feed with id 'nope'", result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("feeds", "reset")]
    [InlineData("feeds", "reset", "wire", "--all")]
    public async Task Reset_NeitherOrBothOfIdAndAll_ExitsTwo(params string[] args)
    {
        var result = await CliRunner.RunAsync(args);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("either a feed id or --all", result.Error, StringComparison.Ordinal);
    }
}
