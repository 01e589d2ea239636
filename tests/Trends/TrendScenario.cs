using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Moq;
using NewsMonitor.Analysis;
using NewsMonitor.Analysis.Keywords;
using NewsMonitor.Analysis.Mentions;
using NewsMonitor.Spikes;
using NewsMonitor.Storage;
using NewsMonitor.Subscriptions;
using NewsMonitor.Tests.Analysis;
using NewsMonitor.Trends;

namespace NewsMonitor.Tests.Trends;

/// <summary>
/// Mentions written through the analysis stage's <see cref="MentionRecorder"/> (so the keys are the real ones) and a
/// <see cref="TrendService"/> over them, its clock at <see cref="Now"/>. Global keywords: Taliban, Afghanistan;
/// subscribers watch Lavrov.
/// </summary>
internal sealed class TrendScenario(NewsStorage storage)
{
    public static readonly DateTimeOffset Now = new(2026, 3, 10, 12, 20, 0, TimeSpan.Zero);

    private int _articles;

    public NewsStorage Storage { get; } = storage;

    public FakeTimeProvider Time { get; } = new(Now);

    public TrendService CreateSut(TrendsOptions? options = null)
    {
        var directory = new Mock<ISubscriberDirectory>();
        directory.Setup(d => d.GetWatchedKeywordsAsync(It.IsAny<CancellationToken>())).ReturnsAsync(["Lavrov"]);
        var watchList = new KeywordWatchList(
            Options.Create(new AnalysisOptions { Keywords = "Taliban;Afghanistan" }),
            NullLogger<KeywordWatchList>.Instance,
            directory.Object);
        var spikes = Options.Create(new SpikesOptions { HistoryDays = 2 });
        return new TrendService(
            Storage,
            new MentionReader(Storage),
            new SpikeDetector(spikes),
            watchList,
            spikes,
            Options.Create(options ?? new TrendsOptions()),
            Time);
    }

    /// <summary>Records <paramref name="count"/> articles published at <paramref name="published"/> that mention the keywords (none: volume only).</summary>
    public async Task RecordAsync(DateTimeOffset published, int count = 1, params string[] keywords)
    {
        var recorder = new MentionRecorder(Storage);
        for (var n = 0; n < count; n++)
        {
            var article = TestArticles.Mint(published, $"https://www.livemint.com/news/story-{_articles++}", n % 2 == 0 ? "Mint" : "Reuters");
            await recorder.RecordAsync(article, [.. keywords.Select(k => new MentionedKeyword(k, 1))], "negative");
        }
    }

    public async Task AddSpikeAsync(string alertId, DateTimeOffset windowStart, int level = 1)
    {
        await Storage.Table(StorageNames.SpikesTable).AddEntityAsync(new SpikeRecord
        {
            PartitionKey = MentionKeys.KeywordKey("Taliban"),
            RowKey = SpikeRecord.EpisodeRowKey(windowStart, level),
            Keyword = "Taliban",
            AlertId = alertId,
            EpisodeStart = windowStart,
            Level = level,
            LastFired = windowStart,
            Window = nameof(SpikeWindowKind.Burst),
            WindowStart = windowStart,
            WindowEnd = windowStart.AddHours(1),
            Observed = 12,
            Expected = 1.5,
            Score = 7.25,
            DistinctSources = 4,
            Reason = "12 articles in the last hour from 4 sources, about 8x the usual 1.5 for this hour (score 7.3).",
            DetectedAt = windowStart.AddMinutes(40),
            ClaimedAt = windowStart.AddMinutes(40),
            State = SpikeRecord.EnqueuedState,
        });
    }
}
