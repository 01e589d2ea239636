using System.Diagnostics;
using System.Text.Json;
using Azure.Data.Tables;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using NewsMonitor.Alerts;
using NewsMonitor.Articles;
using NewsMonitor.Cli;
using NewsMonitor.Cli.Hosting;
using NewsMonitor.Cli.Local;
using NewsMonitor.Cli.Pipeline;
using NewsMonitor.Feeds;
using NewsMonitor.Feeds.State;
using NewsMonitor.Storage;
using NewsMonitor.Subscriptions;
using NewsMonitor.Tests.Alerts;
using NewsMonitor.Tests.Alerts.Email;
using NewsMonitor.Tests.Feeds.Support;
using NewsMonitor.Tests.Support;

namespace NewsMonitor.Tests.Cli;

/// <summary>
/// <c>newsmon run</c> stopped at a point of its cycle (the in-process seam standing in for a SIGKILL there), then a
/// fresh run against the same storage: every article stored by the first is analyzed by the second.
/// </summary>
public sealed class CrashRecoveryTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private const string SigningKey = "Subscriptions:TokenSigningKey";
    private const string Alice = "alice@example.com";
    private const string Bob = "bob@example.org";
    private static readonly JsonSerializerOptions WebJson = new(JsonSerializerDefaults.Web);

    private async Task<NewsStorage> SeedCatalogueAsync()
    {
        var storage = await azurite.ResetAsync();
        await CliRunner.UploadCatalogueAsync(storage, CliRunner.LocalFeed("world", "world-news.rss"));
        return storage;
    }

    /// <summary>The stages as <c>newsmon run</c> hosts them, against the fixture's Azurite.</summary>
    private Task<NewsmonHost> StartApplicationAsync(params (string Key, string Value)[] settings)
    {
        var values = new Dictionary<string, string?>
        {
            [SettingNames.StorageConnection] = azurite.ConnectionString,
            [SigningKey] = new string('k', 44),
            ["Feeds:AllowFileUrls"] = "true",
            ["Email:OutboxPath"] = Path.Combine(Path.GetTempPath(), "newsmon-crash-test-" + Guid.NewGuid().ToString("N")),
        };
        foreach (var (key, value) in settings)
        {
            values[key] = value;
        }

        return NewsmonHost.StartAsync(
            new CliConsole(TextWriter.Null, TextWriter.Null, isInteractive: false),
            GlobalSettings.Default,
            new NewsmonHostOptions { NeedsStorage = true, Settings = values },
            CancellationToken.None);
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

    /// <summary>Each analysis blob's name and ETag: a blob written again has a new one.</summary>
    private static async Task<List<(string Name, string ETag)>> AnalysisVersionsAsync(NewsStorage storage)
    {
        var versions = new List<(string, string)>();
        await foreach (var blob in storage.Container(StorageNames.AnalysisContainer).GetBlobsAsync())
        {
            versions.Add((blob.Name, blob.Properties.ETag.ToString()!));
        }

        return versions;
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
        var articles = await StorageListing.BlobNamesAsync(storage, StorageNames.ArticlesContainer);
        Assert.Equal(2, articles.Count);
        Assert.Equal(articles, await StorageListing.BlobNamesAsync(storage, StorageNames.AnalysisContainer));
        Assert.Equal(2, await VolumeRowsAsync(storage));
    }

    [Fact]
    public async Task AnalyzeAsync_RunStoppedBeforeDeletingTheRowsOfAnalyzedArticles_DeletesThemWithoutAnalyzingAgain()
    {
        var storage = await SeedCatalogueAsync();
        await using var application = await StartApplicationAsync();
        var pipeline = ActivatorUtilities.CreateInstance<LocalPipeline>(application.Services);
        Assert.Equal(2, (await pipeline.RunCycleAsync(CancellationToken.None)).Analyzed);
        var analyses = await AnalysisVersionsAsync(storage);
        // What a run leaves when it stops after its analyses but before the batched deletes of their rows at the end of
        // its pass: the rows, with the analyses stored.
        var backlog = application.Get<AnalysisBacklog>();
        foreach (var blobName in await StorageListing.BlobNamesAsync(storage, StorageNames.ArticlesContainer))
        {
            await backlog.AddAsync(blobName);
        }

        await pipeline.AnalyzeAsync([], CancellationToken.None);

        Assert.Empty(await backlog.ListAllAsync());
        Assert.Equal(analyses, await AnalysisVersionsAsync(storage));
        Assert.Equal(2, await VolumeRowsAsync(storage));
    }

    /// <param name="wholeCycle">
    /// A whole cycle (no feed in the catalogue answers anything new: its sweep runs before the ingest) or the backlog
    /// pass alone (its sweep runs with it).
    /// </param>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task AnalyzeAsync_StorageLostTheBacklogRowButKeptTheArticle_AnalyzesItAnyway(bool wholeCycle)
    {
        var storage = await azurite.ResetAsync();
        await using var application = await StartApplicationAsync();
        // Stored as ingest stores it (backlog row first, then the blob), dated today so the swept days include it...
        var article = NewsMonitor.Tests.Analysis.TestArticles.Mint(DateTimeOffset.UtcNow.AddMinutes(-1));
        var blobName = await application.Get<ArticleStore>().TryAddAsync(article);
        Assert.NotNull(blobName);
        // ...then storage loses the row but keeps the blob, as Azurite killed with SIGKILL can (the crash harness's
        // azurite-sigkill scenario found this).
        var backlogTable = storage.Table(AnalysisBacklog.TableName);
        await foreach (var row in backlogTable.QueryAsync<Azure.Data.Tables.TableEntity>())
        {
            await backlogTable.DeleteEntityAsync(row.PartitionKey, row.RowKey);
        }

        var pipeline = ActivatorUtilities.CreateInstance<LocalPipeline>(application.Services);
        Task<CycleResult> Pass() => wholeCycle ? pipeline.RunCycleAsync(CancellationToken.None) : pipeline.AnalyzeAsync([], CancellationToken.None);
        var result = await Pass();

        Assert.Equal(1, result.Analyzed);
        Assert.Equal([blobName], await StorageListing.BlobNamesAsync(storage, StorageNames.AnalysisContainer));
        Assert.Empty(await application.Get<AnalysisBacklog>().ListAllAsync());
        Assert.Equal(0, (await Pass()).Analyzed);
    }

    [Fact]
    public async Task AnalyzeAsync_FourArticlesAtATime_AnalyzesEachOnceAndPutsEveryCopyOfAStoryIntoOneStory()
    {
        var storage = await azurite.ResetAsync();
        await using var application = await StartApplicationAsync(("Analysis:LocalConcurrency", "4"));
        var published = DateTimeOffset.UtcNow.AddHours(-1);
        // Eight outlets carrying one wire story (analyzed concurrently, so copies race in the story index) and four
        // unrelated reports.
        var copies = Enumerable.Range(0, 8)
            .Select(n => NewsMonitor.Tests.Analysis.TestArticles.Mint(published.AddMinutes(n), $"https://outlet{n}.example/wire", $"Outlet {n}"))
            .ToList();
        string[][] reports =
        [
            ["Harvest festival opens in the valley", "Farmers brought grapes, apricots and melons to the market square."],
            ["Chess club wins the regional cup", "The juniors beat the defending champions in the final round on Sunday."],
            ["New tram line approved by the council", "Construction of the eleven-kilometre line starts next spring."],
            ["Heatwave warning for the coast", "Forecasters expect temperatures above forty degrees until Thursday."],
        ];
        var others = reports
            .Select((report, n) => NewsMonitor.Tests.Analysis.TestArticles.Mint(published, $"https://other{n}.example/report", "Other") with
            {
                Title = report[0],
                Summary = report[1],
                Content = null,
            })
            .ToList();
        var names = new List<string>();
        foreach (var article in copies.Concat(others))
        {
            names.Add((await application.Get<ArticleStore>().TryAddAsync(article))!);
        }

        var result = await ActivatorUtilities.CreateInstance<LocalPipeline>(application.Services).AnalyzeAsync(names, CancellationToken.None);

        Assert.Equal(12, result.Analyzed);
        Assert.Equal(names.Order(StringComparer.Ordinal), await StorageListing.BlobNamesAsync(storage, StorageNames.AnalysisContainer));
        Assert.Empty(await application.Get<AnalysisBacklog>().ListAllAsync());
        var stories = new List<string>();
        foreach (var name in names)
        {
            var blob = await storage.Container(StorageNames.AnalysisContainer).GetBlobClient(name).DownloadContentAsync();
            stories.Add(JsonDocument.Parse(blob.Value.Content.ToString()).RootElement.GetProperty("storyId").GetString()!);
        }

        // One story, named after the copy that started it (whichever of the racing copies chose first).
        var story = Assert.Single(stories.Take(8).Distinct());
        Assert.Contains(story, copies.Select(copy => copy.Id));
        Assert.Equal(4, stories.Skip(8).Distinct().Count());
    }

    [Fact]
    public async Task AnalyzeAsync_BacklogRowsSpreadOverPartitionsAndOneOfTheOldSinglePartition_AnalyzesAllAndRemovesTheirRows()
    {
        var storage = await azurite.ResetAsync();
        await using var application = await StartApplicationAsync();
        var published = DateTimeOffset.UtcNow.AddHours(-1);
        var names = new List<string>();
        foreach (var n in Enumerable.Range(0, 3))
        {
            var article = NewsMonitor.Tests.Analysis.TestArticles.Mint(published.AddMinutes(n), $"https://outlet{n}.example/a", $"Outlet {n}");
            names.Add((await application.Get<ArticleStore>().TryAddAsync(article))!);
        }

        var rows = await application.Get<AnalysisBacklog>().ListAllAsync();
        Assert.Equal(names.Select(AnalysisBacklog.PartitionFor).Order(StringComparer.Ordinal), rows.Select(row => row.PartitionKey).Order(StringComparer.Ordinal));
        Assert.All(rows, row => Assert.StartsWith(AnalysisBacklog.PartitionPrefix + "|", row.PartitionKey, StringComparison.Ordinal));
        // The third article's row as a version before the spread wrote it: in the one partition "article".
        var table = storage.Table(AnalysisBacklog.TableName);
        var moved = rows.Single(row => row.BlobName == names[2]);
        await table.DeleteEntityAsync(moved.PartitionKey, moved.RowKey);
        moved.PartitionKey = AnalysisBacklog.PartitionPrefix;
        moved.ETag = default;
        await table.AddEntityAsync(moved);

        var result = await ActivatorUtilities.CreateInstance<LocalPipeline>(application.Services).AnalyzeAsync([], CancellationToken.None);

        Assert.Equal(3, result.Analyzed);
        Assert.Equal(names.Order(StringComparer.Ordinal), await StorageListing.BlobNamesAsync(storage, StorageNames.AnalysisContainer));
        // Every row is gone, the old partition's included (read by the table itself, not through the backlog's query).
        Assert.Empty(await table.QueryAsync<TableEntity>().ToListAsync());
    }

    [Fact]
    public async Task AnalyzeAsync_ArticleThatCanNeverBeAnalyzed_IsAbandonedOnceAndNotWrittenAgainByLaterPasses()
    {
        var storage = await azurite.ResetAsync();
        await using var application = await StartApplicationAsync();
        // An article blob of today that is not an article, with no backlog row: the pass puts the row back, then
        // abandons it (write-once: it will never parse).
        var blobName = DateTimeOffset.UtcNow.ToString("yyyy/MM/dd", System.Globalization.CultureInfo.InvariantCulture) + "/broken.json";
        await storage.Container(StorageNames.ArticlesContainer).GetBlobClient(blobName).UploadAsync(BinaryData.FromString("{ not json"));
        var pipeline = ActivatorUtilities.CreateInstance<LocalPipeline>(application.Services);

        var first = await pipeline.AnalyzeAsync([], CancellationToken.None);
        var abandoned = Assert.Single(await application.Get<AnalysisBacklog>().ListAllAsync());
        var second = await pipeline.AnalyzeAsync([], CancellationToken.None);

        Assert.Equal(1, first.AnalysisFailures);
        Assert.Equal(0, second.AnalysisFailures);
        Assert.Equal(AnalysisBacklogEntry.AbandonedState, abandoned.State);
        Assert.Empty(await application.Get<AnalysisBacklog>().ListWaitingAsync());
        // The second pass neither retried nor rewrote the row: same ETag, same attempt count.
        var after = Assert.Single(await application.Get<AnalysisBacklog>().ListAllAsync());
        Assert.Equal(abandoned.ETag, after.ETag);
        Assert.Equal(1, after.Attempts);
        Assert.Equal(blobName, after.BlobName);
    }

    [Fact]
    public async Task RunOnce_TwoRunsAtOnce_BothSucceedAndEveryArticleIsAnalyzedAndCountedOnce()
    {
        var storage = await SeedCatalogueAsync();

        var results = await Task.WhenAll(RunOnceAsync(), RunOnceAsync());

        Assert.All(results, result => Assert.True(result.ExitCode == 0, result.Error));
        var articles = await StorageListing.BlobNamesAsync(storage, StorageNames.ArticlesContainer);
        Assert.Equal(2, articles.Count);
        Assert.Equal(articles, await StorageListing.BlobNamesAsync(storage, StorageNames.AnalysisContainer));
        Assert.Equal(2, await VolumeRowsAsync(storage));
    }

    [Fact]
    public async Task RunCycle_AnalysisStorageFailsMidRun_FailsTheRunAndTheNextRunAnalyzesEverything()
    {
        var storage = await SeedCatalogueAsync();
        await using (var failing = await StartApplicationAsync())
        {
            // The story index's table goes away: the articles are stored, and every analysis fails on a storage error.
            await storage.Table(StorageNames.StoriesTable).DeleteAsync();
            var pipeline = Microsoft.Extensions.DependencyInjection.ActivatorUtilities.CreateInstance<LocalPipeline>(failing.Services);

            await Assert.ThrowsAnyAsync<Azure.RequestFailedException>(() => pipeline.RunCycleAsync(CancellationToken.None));
            Assert.Equal(2, (await StorageListing.BlobNamesAsync(storage, StorageNames.ArticlesContainer)).Count);
            Assert.Empty(await StorageListing.BlobNamesAsync(storage, StorageNames.AnalysisContainer));
        }

        var result = await RunOnceAsync();

        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Contains("analyzed 2,", result.Error, StringComparison.Ordinal);
        var articles = await StorageListing.BlobNamesAsync(storage, StorageNames.ArticlesContainer);
        Assert.Equal(2, articles.Count);
        Assert.Equal(articles, await StorageListing.BlobNamesAsync(storage, StorageNames.AnalysisContainer));
    }

    [Fact]
    public async Task RunOnce_AnalyzerFailing_ExitsNonZeroAndTheNextRunAnalyzesTheArticles()
    {
        var storage = await SeedCatalogueAsync();

        var failed = await RunOnceAsync(
            "Analysis:Analyzer=azure", "Analysis:Endpoint=http://127.0.0.1:9/", "Analysis:Key=test", "Analysis:FallbackToLocal=false",
            "Analysis:MaxRetries=0", "Analysis:AttemptTimeout=00:00:02");
        var analyzedByFailedRun = await StorageListing.BlobNamesAsync(storage, StorageNames.AnalysisContainer);
        var recovered = await RunOnceAsync();

        Assert.Equal(ExitCodes.Failure, failed.ExitCode);
        Assert.Contains("newsmon: the cycle left work undone: 2 articles still to analyze", failed.Error, StringComparison.Ordinal);
        Assert.Empty(analyzedByFailedRun);
        Assert.True(recovered.ExitCode == 0, recovered.Error);
        Assert.Contains("analyzed 2,", recovered.Error, StringComparison.Ordinal);
        Assert.Equal(await StorageListing.BlobNamesAsync(storage, StorageNames.ArticlesContainer), await StorageListing.BlobNamesAsync(storage, StorageNames.AnalysisContainer));
    }
    private static (string, string)[] Smtp(int port, params (string, string)[] more) =>
    [
        ("Email:Transport", "smtp"), ("Email:SmtpHost", "127.0.0.1"), ("Email:SmtpPort", port.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        ("Email:SmtpSecurity", "None"), ("Email:MaxRetryAttempts", "0"), ("Email:SendTimeout", "00:00:05"), .. more,
    ];

    /// <summary>Two confirmed instant subscribers of Taliban and one alert for them on the <c>alerts</c> queue.</summary>
    private static async Task<SpikeAlert> EnqueueAlertAsync(NewsStorage storage, NewsmonHost application)
    {
        await application.Get<SubscriberStore>().AddAsync(Alice, ["Taliban"], "instant", confirmed: true);
        await application.Get<SubscriberStore>().AddAsync(Bob, ["Taliban"], "instant", confirmed: true);
        var alert = await new AlertScenario().WriteAsync(storage);
        await storage.Queue(StorageNames.AlertsQueue).SendMessageAsync(JsonSerializer.Serialize(alert, WebJson));
        return alert;
    }

    [Fact]
    public void DispatchVisibility_DefaultClaimTimeout_OutlastsIt()
    {
        var options = Microsoft.Extensions.Options.Options.Create(new AlertsOptions());
        var pipeline = new LocalPipeline(null!, null!, null!, null!, null!, null!, null!, null!, null!, options, null!, TimeProvider.System, null!);

        Assert.True(pipeline.DispatchVisibility > options.Value.ClaimTimeout);
    }

    [Fact]
    public async Task DeliverAlerts_RunStoppedAfterClaimingTheDeliveries_LaterRunsSendEachOnceAndPoisonNothing()
    {
        var storage = await azurite.ResetAsync();
        await using var smtp = TestSmtpServer.Start();
        await using var application = await StartApplicationAsync(Smtp(smtp.Port, ("Alerts:ClaimTimeout", "00:00:02")));
        var alert = await EnqueueAlertAsync(storage, application);
        var pipeline = ActivatorUtilities.CreateInstance<LocalPipeline>(application.Services);
        var queue = storage.Queue(StorageNames.AlertsQueue);

        // The stopped run: received the message as the pipeline does and claimed both deliveries, then nothing more.
        Assert.NotNull((await queue.ReceiveMessageAsync(pipeline.DispatchVisibility)).Value);
        foreach (var address in new[] { Alice, Bob })
        {
            Assert.Equal(ClaimOutcome.Claimed, (await application.Get<DeliveryLedger>().TryClaimAsync(alert, EmailAddresses.SubscriberId(address))).Outcome);
        }

        // Then runs one after another, as a loop restarting newsmon would, until the message is gone.
        var total = new CycleResult();
        var waited = Stopwatch.StartNew();
        while ((await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount > 0 && waited.Elapsed < TimeSpan.FromSeconds(60))
        {
            total += await pipeline.DeliverAlertsAsync(CancellationToken.None);
            await Task.Delay(250);
        }

        Assert.Equal(0, total.Poisoned);
        Assert.Empty((await storage.Queue(StorageNames.AlertsPoisonQueue).PeekMessagesAsync()).Value);
        Assert.Single(smtp.To(Alice));
        Assert.Single(smtp.To(Bob));
        Assert.All(await application.Get<DeliveryLedger>().GetAsync(alert.AlertId), row => Assert.Equal(DeliveryStatus.Sent, row.Status));
    }

    [Fact]
    public async Task DeliverAlerts_RunStoppedWhileHandingTheEmailsToTheServer_LaterRunsRecordThemUncertainAndSendNothing()
    {
        var storage = await azurite.ResetAsync();
        await using var smtp = TestSmtpServer.Start();
        await using var application = await StartApplicationAsync(Smtp(smtp.Port, ("Alerts:ClaimTimeout", "00:00:02")));
        var alert = await EnqueueAlertAsync(storage, application);
        var pipeline = ActivatorUtilities.CreateInstance<LocalPipeline>(application.Services);
        var queue = storage.Queue(StorageNames.AlertsQueue);
        var ledger = application.Get<DeliveryLedger>();

        // The stopped run got as far as handing both emails to the mail server: whether the server kept them, no one
        // knows (the crash harness's kill-in-send scenario kills newsmon exactly there).
        Assert.NotNull((await queue.ReceiveMessageAsync(pipeline.DispatchVisibility)).Value);
        foreach (var address in new[] { Alice, Bob })
        {
            var claim = await ledger.TryClaimAsync(alert, EmailAddresses.SubscriberId(address));
            Assert.Equal(ClaimOutcome.Claimed, claim.Outcome);
            await ledger.MarkHandedOverAsync(claim.Entity!);
        }

        var total = new CycleResult();
        var waited = Stopwatch.StartNew();
        while ((await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount > 0 && waited.Elapsed < TimeSpan.FromSeconds(60))
        {
            total += await pipeline.DeliverAlertsAsync(CancellationToken.None);
            await Task.Delay(250);
        }

        Assert.Equal(0, total.Poisoned);
        Assert.Empty(smtp.Messages);
        var rows = await ledger.GetAsync(alert.AlertId);
        Assert.Equal(2, rows.Count);
        Assert.All(rows, row =>
        {
            Assert.Equal(DeliveryStatus.Uncertain, row.Status);
            Assert.Contains("stopped while handing this email to the mail server", row.LastError, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task DeliverAlerts_SendFailedBeforeTheServerHadIt_HandOverMarkClearedAndTheRetrySends()
    {
        var storage = await azurite.ResetAsync();
        await using var smtp = TestSmtpServer.Start();
        smtp.RefuseNext(2);
        await using var application = await StartApplicationAsync(Smtp(smtp.Port));
        var alert = await EnqueueAlertAsync(storage, application);
        var pipeline = ActivatorUtilities.CreateInstance<LocalPipeline>(application.Services);

        // The first dispatch gets 451 for both (known not delivered), the redelivery sends them.
        var result = await pipeline.DeliverAlertsAsync(CancellationToken.None);

        Assert.Equal(0, result.Poisoned);
        Assert.Single(smtp.To(Alice));
        Assert.Single(smtp.To(Bob));
        Assert.All(await application.Get<DeliveryLedger>().GetAsync(alert.AlertId), row =>
        {
            Assert.Equal(DeliveryStatus.Sent, row.Status);
            Assert.Null(row.HandedOverAt);
        });
    }

    [Fact]
    public async Task DeliverAlerts_SmtpAnswers451Forever_LedgerEndsFailedWithTheReasonAndNothingIsLeftSending()
    {
        var storage = await azurite.ResetAsync();
        await using var smtp = TestSmtpServer.Start();
        smtp.RefuseNext(int.MaxValue);
        await using var application = await StartApplicationAsync(Smtp(smtp.Port));
        var alert = await EnqueueAlertAsync(storage, application);
        var pipeline = ActivatorUtilities.CreateInstance<LocalPipeline>(application.Services);

        var result = await pipeline.DeliverAlertsAsync(CancellationToken.None);

        Assert.Equal(LocalPipeline.MaxDequeueCount - 1, result.AlertFailures);
        Assert.Empty(smtp.Messages);
        Assert.Empty((await storage.Queue(StorageNames.AlertsQueue).PeekMessagesAsync()).Value);
        var ledger = await application.Get<DeliveryLedger>().GetAsync(alert.AlertId);
        Assert.Equal(2, ledger.Count);
        Assert.All(ledger, row =>
        {
            Assert.Equal(DeliveryStatus.Failed, row.Status);
            Assert.Contains("451", row.LastError, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task RunOnce_AzuriteStoppedMidRun_OneSentenceNonZeroExitAndTheNextRunLosesNothing()
    {
        var folder = Path.Combine(Path.GetTempPath(), "newsmon-crash-azurite-" + Guid.NewGuid().ToString("N"));
        var own = await AzuriteProcess.StartAsync(folder);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var slowFeed = new RssBuilder()
            .Item("Taliban talks resume in Doha", "https://slow.example.com/doha-talks", DateTimeOffset.UtcNow.AddMinutes(-5), "Negotiators met again.")
            .Build();
        await using var server = await TestWebServer.StartAsync(app => app.MapGet("/slow.rss", async () =>
        {
            await release.Task;
            return Results.Text(slowFeed, "application/rss+xml");
        }));
        try
        {
            var storage = StorageServiceCollectionExtensions.Create(Connection(own.ConnectionString), SettingNames.StorageConnection);
            await storage.EnsureCreatedAsync();
            await CliRunner.UploadCatalogueAsync(
                storage, CliRunner.LocalFeed("world", "world-news.rss"), new FeedDefinition { Id = "slow", Url = server.Url("/slow.rss").AbsoluteUri });

            var run = RunOnceAgainstAsync(own.ConnectionString);
            var waited = Stopwatch.StartNew();
            while (!((await StorageListing.BlobNamesAsync(storage, StorageNames.ArticlesContainer)).Count == 2 && server.Hits("/slow.rss") > 0))
            {
                Assert.True(waited.Elapsed < TimeSpan.FromSeconds(60) && !run.IsCompleted, "the run never reached the slow feed");
                await Task.Delay(100);
            }

            // Storage goes away while the run is in the middle of its ingest; the slow feed answers after that.
            await own.DisposeAsync();
            release.SetResult();
            var failed = await run;

            own = await AzuriteProcess.StartAsync(folder);
            storage = StorageServiceCollectionExtensions.Create(Connection(own.ConnectionString), SettingNames.StorageConnection);
            var recovered = await RunOnceAgainstAsync(own.ConnectionString);

            Assert.NotEqual(0, failed.ExitCode);
            Assert.Single(failed.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries), line => line.StartsWith("newsmon: ", StringComparison.Ordinal));
            Assert.DoesNotContain("   at ", failed.Error, StringComparison.Ordinal);
            Assert.DoesNotContain("Unhandled", failed.Error, StringComparison.Ordinal);
            Assert.True(recovered.ExitCode == 0, recovered.Error);
            var articles = await StorageListing.BlobNamesAsync(storage, StorageNames.ArticlesContainer);
            Assert.Equal(3, articles.Count);
            Assert.Equal(articles, await StorageListing.BlobNamesAsync(storage, StorageNames.AnalysisContainer));
        }
        finally
        {
            release.TrySetResult();
            await own.DisposeAsync();
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (IOException)
            {
                // A temp folder left behind is harmless.
            }
        }
    }

    private static IConfiguration Connection(string connectionString) =>
        new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { [SettingNames.StorageConnection] = connectionString })
            .Build();

    private static Task<CliResult> RunOnceAgainstAsync(string connectionString) => CliRunner.RunAsync(
        "run", "--once", "--outbox", Path.Combine(Path.GetTempPath(), "newsmon-crash-test-" + Guid.NewGuid().ToString("N")),
        "--set", $"{SettingNames.StorageConnection}={connectionString}",
        "--set", SigningKey + "=" + new string('k', 44),
        "--set", "Feeds:AllowFileUrls=true",
        "--set", "Feeds:AllowLoopback=true");
}
