using System.Text.Json;
using Azure.Data.Tables;
using Azure.Storage.Queues;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using NewsMonitor.Alerts;
using NewsMonitor.Analysis;
using NewsMonitor.Analysis.Mentions;
using NewsMonitor.Spikes;
using NewsMonitor.Storage;
using NewsMonitor.Tests.Support;

namespace NewsMonitor.Tests.Spikes;

public sealed class SpikeMonitorTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private const string Keyword = "Taliban";
    private const int HistoryHours = 54;
    private static readonly DateTimeOffset Origin = new(2026, 3, 10, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset BurstBucket = Origin.AddHours(HistoryHours);
    private static readonly string[] Publishers = ["Mint", "Reuters", "AP", "BBC", "Dawn"];
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    // Two days of baseline (not seven) keep the seeding small; everything else is the default.
    private static SpikesOptions TestOptions() => new() { HistoryDays = 2, CooldownHours = 6, MaxFollowUps = 1 };

    private static SpikeMonitor CreateSut(NewsStorage storage, TimeProvider time, MentionReader? reader = null, SpikesOptions? options = null)
    {
        var wrapped = Options.Create(options ?? TestOptions());
        var pending = new PendingSpikes(storage, wrapped, time, NullLogger<PendingSpikes>.Instance);
        return new SpikeMonitor(storage, reader ?? new MentionReader(storage), new SpikeDetector(wrapped), pending, wrapped, time, NullLogger<SpikeMonitor>.Instance);
    }

    private static FakeTimeProvider ClockAt(DateTimeOffset time) => new(time);

    /// <summary>Mentions of the keyword (from rotating publishers) and of every article (the volume) in one bucket.</summary>
    private static async Task SeedBucketAsync(NewsStorage storage, DateTimeOffset bucket, int mentions, int others = 20, int sources = 5, string tag = "", int? stories = null)
    {
        var table = storage.Table(StorageNames.MentionsTable);
        var keywordRows = new List<TableTransactionAction>();
        var allRows = new List<TableTransactionAction>();
        for (var n = 0; n < mentions + others; n++)
        {
            var articleId = $"a{bucket:yyyyMMddHH}{tag}{n:D3}";
            var source = Publishers[n % sources];
            var published = bucket.AddMinutes(n % 60);
            var entity = new TableEntity(MentionKeys.PartitionKey(MentionKeys.AllArticles, bucket), articleId)
            {
                ["Keyword"] = MentionKeys.AllArticles,
                ["Source"] = source,
                ["Title"] = $"Story {n}",
                ["Url"] = $"https://example.com/{articleId}",
                ["Published"] = published,
            };
            if (stories is { } storyCount)
            {
                // Copies of storyCount stories, as the analysis stage's story index would have grouped them.
                entity["StoryId"] = $"s{bucket:yyyyMMddHH}{tag}{n % storyCount:D3}";
            }

            allRows.Add(new TableTransactionAction(TableTransactionActionType.UpsertReplace, entity));
            if (n < mentions)
            {
                keywordRows.Add(new TableTransactionAction(
                    TableTransactionActionType.UpsertReplace,
                    new TableEntity(entity) { PartitionKey = MentionKeys.PartitionKey(MentionKeys.KeywordKey(Keyword), bucket), ["Keyword"] = Keyword }));
            }
        }

        foreach (var batch in new[] { keywordRows, allRows }.Where(rows => rows.Count > 0))
        {
            await table.SubmitTransactionAsync(batch);
        }

        // Rows written behind the recorder's back: bring the bucket's hourly aggregates up to date, as a replay does.
        var reader = new MentionReader(storage);
        await reader.RecountAsync(MentionKeys.KeywordKey(Keyword), bucket);
        await reader.RecountAsync(MentionKeys.AllArticles, bucket);
    }

    /// <summary>A quiet baseline: one mention an hour among twenty-odd articles, from <see cref="Origin"/> up to (not including) <paramref name="end"/>.</summary>
    private static async Task SeedBaselineAsync(NewsStorage storage, DateTimeOffset start, DateTimeOffset end)
    {
        for (var bucket = start; bucket < end; bucket = bucket.AddHours(1))
        {
            await SeedBucketAsync(storage, bucket, mentions: 1);
        }
    }

    /// <summary>Empty storage, then the baseline and a burst of twelve mentions in <see cref="BurstBucket"/>.</summary>
    private async Task<NewsStorage> SeedBurstAsync(int sources = 5)
    {
        var storage = await azurite.ResetAsync();
        await SeedBaselineAsync(storage, Origin, BurstBucket);
        await SeedBucketAsync(storage, BurstBucket, mentions: 12, sources: sources);
        return storage;
    }

    private static async Task<List<SpikeAlert>> QueuedAlertsAsync(NewsStorage storage)
    {
        var messages = await storage.Queue(StorageNames.AlertsQueue).PeekMessagesAsync(maxMessages: 32);
        return [.. messages.Value.Select(message => JsonSerializer.Deserialize<SpikeAlert>(message.MessageText, Json)!)];
    }

    [Fact]
    public async Task CheckAsync_BurstOfMentions_EnqueuesOneExplainedAlertOnce()
    {
        var storage = await SeedBurstAsync(sources: 4);
        var sut = CreateSut(storage, ClockAt(BurstBucket.AddMinutes(40)));

        var alerts = await sut.CheckAsync([Keyword], BurstBucket.AddMinutes(11));
        var again = await sut.CheckAsync([Keyword, "taliban"], BurstBucket.AddMinutes(12));

        var alert = Assert.Single(alerts);
        Assert.Empty(again);
        Assert.Equal("taliban-2026031206", alert.AlertId);
        Assert.Equal(Keyword, alert.Keyword);
        Assert.Equal(12, alert.Observed);
        Assert.Equal(4, alert.DistinctSources);
        Assert.Equal(BurstBucket, alert.WindowStart);
        Assert.Equal(BurstBucket.AddHours(1), alert.WindowEnd);
        Assert.InRange(alert.Expected, 0.5, 2.5);
        Assert.True(alert.Score >= 4);
        Assert.Equal(12, alert.ArticleIds.Count);
        Assert.Equal($"2026/03/12/{alert.ArticleIds[0]}.json", alert.ArticleBlobNames[0]);
        Assert.StartsWith("12 articles in the last hour from 4 sources, about ", alert.Reason, StringComparison.Ordinal);

        var queued = Assert.Single(await QueuedAlertsAsync(storage));
        Assert.Equal(alert, queued with { ArticleIds = alert.ArticleIds, ArticleBlobNames = alert.ArticleBlobNames });
        Assert.Equal(alert.ArticleIds, queued.ArticleIds);
        var row = (await storage.Table(StorageNames.SpikesTable).GetEntityAsync<SpikeRecord>("taliban", "2026031206-01")).Value;
        Assert.Equal(SpikeRecord.EnqueuedState, row.State);
        Assert.Equal(12, row.Observed);
    }

    [Theory]
    [InlineData(true, 0)]
    [InlineData(false, 1)]
    public async Task CheckAsync_OneStorySyndicatedThirtyTimes_IsOneReportWhenCountingStories(bool countStories, int expectedAlerts)
    {
        var storage = await azurite.ResetAsync();
        await SeedBaselineAsync(storage, Origin, BurstBucket);
        await SeedBucketAsync(storage, BurstBucket, mentions: 30, sources: Publishers.Length, stories: 1);
        var options = TestOptions();
        options.CountStories = countStories;
        var sut = CreateSut(storage, ClockAt(BurstBucket.AddMinutes(40)), options: options);

        var alerts = await sut.CheckAsync([Keyword], BurstBucket.AddMinutes(30));

        Assert.Equal(expectedAlerts, alerts.Count);
        Assert.Equal(expectedAlerts, (await QueuedAlertsAsync(storage)).Count);
        if (alerts is [var alert])
        {
            Assert.Equal(30, alert.Observed);
            Assert.False(alert.CountsStories);
            Assert.Equal((30, 1), (alert.Articles, alert.DistinctStories));
        }
    }

    [Fact]
    public async Task CheckAsync_BurstOfDistinctStoriesWithCopies_FiresCountingStoriesAndSaysSo()
    {
        var storage = await azurite.ResetAsync();
        await SeedBaselineAsync(storage, Origin, BurstBucket);
        await SeedBucketAsync(storage, BurstBucket, mentions: 24, sources: 4, stories: 12);
        var sut = CreateSut(storage, ClockAt(BurstBucket.AddMinutes(40)));

        var alert = Assert.Single(await sut.CheckAsync([Keyword], BurstBucket.AddMinutes(30)));

        Assert.Equal(12, alert.Observed);
        Assert.True(alert.CountsStories);
        Assert.Equal((24, 12), (alert.Articles, alert.DistinctStories));
        Assert.StartsWith("12 stories in the last hour from 4 sources", alert.Reason, StringComparison.Ordinal);
        // The Spikes row keeps what was counted, so the trends page and `newsmon trends` word it the same way.
        var rows = await storage.Table(StorageNames.SpikesTable).QueryAsync<SpikeRecord>(maxPerPage: 10).ToListAsync();
        var row = Assert.Single(rows, row => row.AlertId == alert.AlertId);
        Assert.True(row.CountsStories);
    }

    [Fact]
    public async Task CheckAsync_ManyConcurrentDetectors_ExactlyOneMessage()
    {
        var storage = await SeedBurstAsync();
        var clock = ClockAt(BurstBucket.AddMinutes(40));

        var results = await Task.WhenAll(Enumerable.Range(0, 16).Select(i =>
            Task.Run(() => CreateSut(azurite.CreateStorage(), clock).CheckAsync([Keyword], BurstBucket.AddMinutes(i)))));

        Assert.Single(results.SelectMany(alerts => alerts));
        Assert.Single(await QueuedAlertsAsync(storage));
    }

    [Theory]
    [InlineData(2, 2)]
    [InlineData(8, 1)]
    public async Task CheckAsync_TooFewMentionsOrSources_NoAlert(int mentions, int sources)
    {
        var storage = await azurite.ResetAsync();
        for (var bucket = Origin; bucket < BurstBucket; bucket = bucket.AddHours(1))
        {
            await SeedBucketAsync(storage, bucket, mentions: 0);
        }

        await SeedBucketAsync(storage, BurstBucket, mentions, sources: sources);
        var sut = CreateSut(storage, ClockAt(BurstBucket.AddMinutes(40)));

        Assert.Empty(await sut.CheckAsync([Keyword], BurstBucket));
        Assert.Empty(await QueuedAlertsAsync(storage));
    }

    [Fact]
    public async Task CheckAsync_SecondEpisodeAfterTheCooldown_AlertsAgain()
    {
        var storage = await SeedBurstAsync();
        var clock = ClockAt(BurstBucket.AddMinutes(40));
        var sut = CreateSut(storage, clock);
        var first = Assert.Single(await sut.CheckAsync([Keyword], BurstBucket));

        var secondBurst = BurstBucket.AddHours(TestOptions().CooldownHours + 2);
        await SeedBaselineAsync(storage, BurstBucket.AddHours(1), secondBurst);
        await SeedBucketAsync(storage, secondBurst, mentions: 14);
        clock.SetUtcNow(secondBurst.AddMinutes(20));
        var second = Assert.Single(await sut.CheckAsync([Keyword], secondBurst));

        Assert.Equal("taliban-2026031214", second.AlertId);
        Assert.NotEqual(first.AlertId, second.AlertId);
        Assert.Equal(2, (await QueuedAlertsAsync(storage)).Count);
    }

    [Fact]
    public async Task CheckAsync_SpikeGrowsPastTheRegrowthFactor_OneMoreAlertForTheSameEpisode()
    {
        var storage = await SeedBurstAsync();
        var sut = CreateSut(storage, ClockAt(BurstBucket.AddMinutes(40)));
        Assert.Single(await sut.CheckAsync([Keyword], BurstBucket));

        await SeedBucketAsync(storage, BurstBucket, mentions: 8, others: 0, tag: "b");
        Assert.Empty(await sut.CheckAsync([Keyword], BurstBucket));
        await SeedBucketAsync(storage, BurstBucket, mentions: 10, others: 0, tag: "c");
        var regrown = Assert.Single(await sut.CheckAsync([Keyword], BurstBucket));

        Assert.Equal("taliban-2026031206-2", regrown.AlertId);
        Assert.Equal(30, regrown.Observed);
        Assert.StartsWith("Still growing: ", regrown.Reason, StringComparison.Ordinal);
        Assert.Equal(2, (await QueuedAlertsAsync(storage)).Count);
    }

    [Fact]
    public async Task CheckAsync_ArticleOlderThanTheLongWindow_NoAlert()
    {
        var storage = await SeedBurstAsync();
        var sut = CreateSut(storage, ClockAt(BurstBucket.AddHours(TestOptions().SlowWindowHours + 1)));

        Assert.Empty(await sut.CheckAsync([Keyword], BurstBucket));
        Assert.Empty(await QueuedAlertsAsync(storage));
    }

    [Fact]
    public async Task CheckAsync_InserterFailedBeforeEnqueue_AnotherDetectorSendsItAfterTheTakeoverDelay()
    {
        var storage = await SeedBurstAsync();
        var clock = ClockAt(BurstBucket.AddMinutes(40));

        await Assert.ThrowsAnyAsync<Azure.RequestFailedException>(() =>
            CreateSut(new QueuelessStorage(storage), clock).CheckAsync([Keyword], BurstBucket));
        Assert.Empty(await CreateSut(storage, clock).CheckAsync([Keyword], BurstBucket));
        Assert.Empty(await QueuedAlertsAsync(storage));

        clock.Advance(TestOptions().PendingTakeoverAfter);
        var alert = Assert.Single(await CreateSut(storage, clock).CheckAsync([Keyword], BurstBucket));
        Assert.Empty(await CreateSut(storage, clock).CheckAsync([Keyword], BurstBucket));

        Assert.Equal(alert.AlertId, Assert.Single(await QueuedAlertsAsync(storage)).AlertId);
    }

    [Fact]
    public async Task CheckAsync_TwoConcurrentMonitorsSeeLateArticlesDifferently_OneAlert()
    {
        // Late articles: ten mentions from the hour before the burst reach the table while two analyzers check. The
        // first monitor reads without them (episode starts at the burst), the second with them (an hour earlier):
        // two different Spikes row keys, so only the episode-state referee keeps the second email from going out.
        var storage = await SeedBurstAsync();
        var lateBucket = BurstBucket.AddHours(-1);
        await SeedBucketAsync(storage, lateBucket, mentions: 10, others: 0, tag: "late");
        var clock = ClockAt(BurstBucket.AddMinutes(40));
        var bothRead = new Barrier(2);
        var withoutLate = new InterleavingReader(storage, bothRead, hour => hour.Bucket == lateBucket ? hour with { Count = hour.Count - 10 } : hour);
        var withLate = new InterleavingReader(storage, bothRead, hour => hour);

        var results = await Task.WhenAll(
            Task.Run(() => CreateSut(storage, clock, withoutLate).CheckAsync([Keyword], BurstBucket)),
            Task.Run(() => CreateSut(azurite.CreateStorage(), clock, withLate).CheckAsync([Keyword], BurstBucket.AddMinutes(5))));

        Assert.Single(results.SelectMany(alerts => alerts));
        Assert.Single(await QueuedAlertsAsync(storage));
        Assert.Equal(["enqueued"], await AlertRowStatesAsync(storage));
    }

    [Fact]
    public async Task CheckAsync_SameSpikeCheckedAgainAfterTheAlert_NoSecondAlert()
    {
        var storage = await SeedBurstAsync();
        var clock = ClockAt(BurstBucket.AddMinutes(40));
        Assert.Single(await CreateSut(storage, clock).CheckAsync([Keyword], BurstBucket));

        await SeedBucketAsync(storage, BurstBucket.AddHours(-1), mentions: 10, others: 0, tag: "late");
        clock.Advance(TimeSpan.FromMinutes(10));

        Assert.Empty(await CreateSut(storage, clock).CheckAsync([Keyword], BurstBucket));
        Assert.Single(await QueuedAlertsAsync(storage));
    }

    private static async Task<List<string>> AlertRowStatesAsync(NewsStorage storage)
    {
        var states = new List<string>();
        await foreach (var row in storage.Table(StorageNames.SpikesTable).QueryAsync<SpikeRecord>(
                           $"PartitionKey eq 'taliban' and RowKey lt '{SpikeEpisodeState.StateRowKey}'"))
        {
            states.Add(row.State.ToLowerInvariant());
        }

        return states;
    }

    /// <summary>
    /// Reads the keyword's hours through a view (what this analyzer has seen so far), then waits for the other
    /// monitor to have read too: both decide before either writes, the interleaving that lost the race before.
    /// </summary>
    private sealed class InterleavingReader(NewsStorage storage, Barrier bothRead, Func<MentionHour, MentionHour> seen) : MentionReader(storage)
    {
        private int _keywordReads;

        public override async Task<IReadOnlyList<MentionHour>> ReadHoursAsync(
            string keywordKey, DateTimeOffset first, DateTimeOffset last, CancellationToken cancellationToken = default)
        {
            var rows = await base.ReadHoursAsync(keywordKey, first, last, cancellationToken);
            if (keywordKey == MentionKeys.AllArticles)
            {
                return rows;
            }

            if (Interlocked.Increment(ref _keywordReads) == 1)
            {
                bothRead.SignalAndWait(TimeSpan.FromSeconds(30), cancellationToken);
            }

            return [.. rows.Select(seen)];
        }
    }

    /// <summary>Storage whose alerts queue does not exist: the send fails after the Spikes row is inserted.</summary>
    private sealed class QueuelessStorage(NewsStorage inner) : NewsStorage(inner.Blobs, inner.Queues, inner.Tables)
    {
        public override QueueClient Queue(string name) => base.Queue("missing-" + name);
    }
}
