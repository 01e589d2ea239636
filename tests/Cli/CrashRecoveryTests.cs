using System.Text.Json;
using Azure.Data.Tables;
using NewsMonitor.Cli;
using NewsMonitor.Cli.Hosting;
using NewsMonitor.Cli.Pipeline;
using NewsMonitor.Feeds;
using NewsMonitor.Storage;
using NewsMonitor.Tests.Support;

namespace NewsMonitor.Tests.Cli;

/// <summary>
/// <c>newsmon run</c> stopped at a point of its cycle (the in-process seam standing in for a SIGKILL there), then a
/// fresh run against the same storage: every article stored by the first is analyzed by the second.
/// </summary>
public sealed class CrashRecoveryTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private const string SigningKey = "Subscriptions:TokenSigningKey";

    private async Task<NewsStorage> SeedCatalogueAsync()
    {
        var storage = await azurite.ResetAsync();
        FeedDefinition[] catalogue = [new() { Id = "world", Url = new Uri(CliRunner.TestData("world-news.rss")).AbsoluteUri }];
        await storage.Container(StorageNames.ConfigContainer)
            .UploadBlobAsync(StorageNames.FeedCatalogBlob, BinaryData.FromString(JsonSerializer.Serialize(catalogue, ArticleJson.Options)));
        return storage;
    }

    /// <summary>The stages as <c>newsmon run</c> hosts them, against the fixture's Azurite.</summary>
    private Task<NewsmonApplication> StartApplicationAsync(params (string Key, string Value)[] settings)
    {
        var values = new Dictionary<string, string?>
        {
            [SettingNames.StorageConnection] = azurite.ConnectionString,
            [SigningKey] = new string('k', 44),
            ["Feeds:AllowFileUrls"] = "true",
        };
        foreach (var (key, value) in settings)
        {
            values[key] = value;
        }

        return NewsmonApplication.StartAsync(
            new CliConsole(TextWriter.Null, TextWriter.Null, isInteractive: false),
            GlobalSettings.Default,
            new NewsmonHostOptions { NeedsStorage = true, Settings = values },
            CancellationToken.None);
    }

    private static async Task<List<string>> BlobNamesAsync(NewsStorage storage, string container)
    {
        var names = new List<string>();
        await foreach (var blob in storage.Container(container).GetBlobsAsync())
        {
            names.Add(blob.Name);
        }

        return [.. names.Order(StringComparer.Ordinal)];
    }

    private static async Task<int> VolumeRowsAsync(NewsStorage storage)
    {
        var rows = 0;
        await foreach (var _ in storage.Table(StorageNames.MentionsTable).QueryAsync<TableEntity>(
            TableClient.CreateQueryFilter($"PartitionKey ge {"*|"} and PartitionKey lt {"*}"}")))
        {
            rows++;
        }

        return rows;
    }

    private Task<CliResult> RunOnceAsync(params string[] settings) => CliRunner.RunWithStorageAsync(
        azurite,
        ["run", "--once", "--outbox", Path.Combine(Path.GetTempPath(), "newsmon-crash-test-" + Guid.NewGuid().ToString("N")),
            "--set", "Feeds:AllowFileUrls=true", .. settings.SelectMany(setting => new[] { "--set", setting })]);

    [Fact]
    public async Task RunOnce_PreviousRunStoppedBetweenIngestAndAnalysis_AnalyzesEveryArticleItStored()
    {
        var storage = await SeedCatalogueAsync();
        await using (var crashed = await StartApplicationAsync())
        {
            // The first run's cycle up to the point of the crash: the articles and the feed state are stored.
            Assert.Equal(2, (await crashed.Get<FeedIngestor>().RunAsync()).NewArticles);
        }

        var result = await RunOnceAsync();

        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Contains("new articles 0,", result.Error, StringComparison.Ordinal);
        Assert.Contains("analyzed 2,", result.Error, StringComparison.Ordinal);
        var articles = await BlobNamesAsync(storage, StorageNames.ArticlesContainer);
        Assert.Equal(2, articles.Count);
        Assert.Equal(articles, await BlobNamesAsync(storage, StorageNames.AnalysisContainer));
        Assert.Equal(2, await VolumeRowsAsync(storage));
    }

    [Fact]
    public async Task RunCycle_AnalysisStorageFailsMidRun_FailsTheRunAndTheNextRunAnalyzesEverything()
    {
        var storage = await SeedCatalogueAsync();
        await using (var failing = await StartApplicationAsync())
        {
            // Articles stored, then the analysis container goes away: every analysis fails on a storage error.
            await storage.Container(StorageNames.AnalysisContainer).DeleteAsync();
            var pipeline = Microsoft.Extensions.DependencyInjection.ActivatorUtilities.CreateInstance<LocalPipeline>(failing.Services);

            await Assert.ThrowsAnyAsync<Azure.RequestFailedException>(() => pipeline.RunCycleAsync(CancellationToken.None));
        }

        var result = await RunOnceAsync();

        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Contains("analyzed 2,", result.Error, StringComparison.Ordinal);
        var articles = await BlobNamesAsync(storage, StorageNames.ArticlesContainer);
        Assert.Equal(2, articles.Count);
        Assert.Equal(articles, await BlobNamesAsync(storage, StorageNames.AnalysisContainer));
    }

    [Fact]
    public async Task RunOnce_AnalyzerFailing_ExitsNonZeroAndTheNextRunAnalyzesTheArticles()
    {
        var storage = await SeedCatalogueAsync();

        var failed = await RunOnceAsync(
            "Analysis:Analyzer=azure", "Analysis:Endpoint=http://127.0.0.1:9/", "Analysis:Key=test", "Analysis:FallbackToLocal=false",
            "Analysis:MaxRetries=0", "Analysis:AttemptTimeout=00:00:02");
        var analyzedByFailedRun = await BlobNamesAsync(storage, StorageNames.AnalysisContainer);
        var recovered = await RunOnceAsync();

        Assert.Equal(ExitCodes.Failure, failed.ExitCode);
        Assert.Contains("newsmon: the cycle left work undone: 2 articles still to analyze", failed.Error, StringComparison.Ordinal);
        Assert.Empty(analyzedByFailedRun);
        Assert.True(recovered.ExitCode == 0, recovered.Error);
        Assert.Contains("analyzed 2,", recovered.Error, StringComparison.Ordinal);
        Assert.Equal(await BlobNamesAsync(storage, StorageNames.ArticlesContainer), await BlobNamesAsync(storage, StorageNames.AnalysisContainer));
    }
}
