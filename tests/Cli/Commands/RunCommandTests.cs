using NewsMonitor.Feeds;
using NewsMonitor.Feeds.Fetching;
using NewsMonitor.Feeds.State;
using NewsMonitor.Storage;
using NewsMonitor.Tests.Support;

namespace NewsMonitor.Tests.Cli.Commands;

/// <summary><c>newsmon run --once</c> against Azurite: one cycle of ingest and analysis over the catalogue, then exit.</summary>
public sealed class RunCommandTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task Run_Once_IngestsAndAnalyzesTheCatalogueThenExits()
    {
        var storage = await azurite.ResetAsync();
        await CliRunner.UploadCatalogueAsync(storage, CliRunner.LocalFeed("world", "world-news.rss"));
        var outbox = Path.Combine(Path.GetTempPath(), "newsmon-run-test-" + Guid.NewGuid().ToString("N"));

        var result = await CliRunner.RunWithStorageAsync(azurite, "run", "--once", "--outbox", outbox, "--set", "Feeds:AllowFileUrls=true");

        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Contains("Running one cycle.", result.Error, StringComparison.Ordinal);
        Assert.Contains("new articles 2,", result.Error, StringComparison.Ordinal);
        Assert.Contains("analyzed 2,", result.Error, StringComparison.Ordinal);
        // Off a terminal: no live progress, just the one summary line of the cycle.
        Assert.Single(result.Error.Split('\n'), line => line.Contains(" feeds 1: fetched 1 (304: 0), failed 0, backing off 0;", StringComparison.Ordinal));
        Assert.DoesNotContain("Cycle 1", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain('\u001b', result.Error);
        Assert.Equal("", result.Output);
        var articles = await StorageListing.BlobNamesAsync(storage, StorageNames.ArticlesContainer);
        Assert.Equal(2, articles.Count);
        Assert.Equal(articles.Order(StringComparer.Ordinal), (await StorageListing.BlobNamesAsync(storage, StorageNames.AnalysisContainer)).Order(StringComparer.Ordinal));
        Assert.Equal(nameof(FeedFetchStatus.Ok), (await new FeedStateStore(storage).GetAsync("world")).LastStatus);
    }

    [Fact]
    public async Task Run_OnceEveryFeedFails_ExitsOneWithASentence()
    {
        var storage = await azurite.ResetAsync();
        await CliRunner.UploadCatalogueAsync(storage, CliRunner.LocalFeed("gone", "no-such-feed.rss"), CliRunner.LocalFeed("also-gone", "no-such-feed-either.rss"));

        var result = await CliRunner.RunWithStorageAsync(azurite, "run", "--once", "--set", "Feeds:AllowFileUrls=true");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("fetched 0 (304: 0), failed 2, backing off 0", result.Error, StringComparison.Ordinal);
        Assert.Contains("newsmon: no feed could be fetched: all 2 tried failed", result.Error, StringComparison.Ordinal);
        Assert.Equal(nameof(FeedFetchStatus.NotFound), (await new FeedStateStore(storage).GetAsync("gone")).LastStatus);
    }

    [Fact]
    public async Task Run_OnceOneFeedBackingOff_CountsItInTheCycleLineAndSucceeds()
    {
        var storage = await azurite.ResetAsync();
        await CliRunner.UploadCatalogueAsync(storage, CliRunner.LocalFeed("world", "world-news.rss"), CliRunner.LocalFeed("late", "world-news.rss"));
        // The state belongs to the same URL: a feed whose catalogue URL changed is not held back by the old one's state.
        await new FeedStateStore(storage).SaveAsync(new FeedState { RowKey = "late", Url = CliRunner.LocalFeed("late", "world-news.rss").Url, ConsecutiveFailures = 2, NextAttempt = DateTimeOffset.UtcNow.AddHours(1) });

        var result = await CliRunner.RunWithStorageAsync(azurite, "run", "--once", "--set", "Feeds:AllowFileUrls=true");

        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Contains("feeds 2: fetched 1 (304: 0), failed 0, backing off 1;", result.Error, StringComparison.Ordinal);
        Assert.Null((await new FeedStateStore(storage).GetAsync("late")).LastAttempt);
    }

    [Fact]
    public async Task Run_OnceEveryFeedBackingOff_ExitsOnePointingToFeedsReset()
    {
        var storage = await azurite.ResetAsync();
        await CliRunner.UploadCatalogueAsync(storage, CliRunner.LocalFeed("late", "world-news.rss"));
        // The state belongs to the same URL: a feed whose catalogue URL changed is not held back by the old one's state.
        await new FeedStateStore(storage).SaveAsync(new FeedState { RowKey = "late", Url = CliRunner.LocalFeed("late", "world-news.rss").Url, ConsecutiveFailures = 2, NextAttempt = DateTimeOffset.UtcNow.AddHours(1) });

        var result = await CliRunner.RunWithStorageAsync(azurite, "run", "--once", "--set", "Feeds:AllowFileUrls=true");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("backing off 1", result.Error, StringComparison.Ordinal);
        Assert.Contains("feeds reset --all", result.Error, StringComparison.Ordinal);
    }
}
