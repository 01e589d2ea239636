using System.Globalization;
using System.Net;
using System.Text.Json;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;
using NewsMonitor.Analysis;
using NewsMonitor.Analysis.Keywords;
using NewsMonitor.Analysis.Mentions;
using NewsMonitor.Spikes;
using NewsMonitor.Storage;
using NewsMonitor.Subscriptions;

namespace NewsMonitor.Trends;

/// <summary>The answer of <see cref="TrendService.GetAsync"/>: a report, or the status and message of a refusal.</summary>
internal sealed record TrendResult(HttpStatusCode Status, TrendReport? Report, string? Error)
{
    public SubscriptionResponse ToResponse() => Report is not null
        ? SubscriptionResponse.JsonBody(Status, Report)
        : SubscriptionResponse.Error(Status, Error ?? Status.ToString());
}

/// <summary>
/// The trends stage: a keyword's hourly mention counts, the news volume, what the spike detector expected and the
/// spikes it raised, over the last hours. Reads what the analysis and spike stages wrote (<c>Mentions</c>,
/// <c>Spikes</c>) through their own reader and detector, so the API shows exactly what alerts are based on.
/// Serves <c>GET /api/trends/{keyword}</c> and <c>newsmon trends</c>.
/// </summary>
internal sealed class TrendService(
    NewsStorage storage,
    MentionReader reader,
    SpikeDetector detector,
    KeywordWatchList watchList,
    IOptions<SpikesOptions> spikesOptions,
    IOptions<TrendsOptions> options,
    TimeProvider timeProvider)
{
    public const string BucketDuration = "PT1H";

    private const int MaxKeywordLength = 100;

    private static readonly string[] SpikeColumns =
    [
        nameof(SpikeRecord.AlertId), nameof(SpikeRecord.Window), nameof(SpikeRecord.WindowStart), nameof(SpikeRecord.WindowEnd),
        nameof(SpikeRecord.DetectedAt), nameof(SpikeRecord.Observed), nameof(SpikeRecord.CountsStories), nameof(SpikeRecord.Expected), nameof(SpikeRecord.Score),
        nameof(SpikeRecord.DistinctSources), nameof(SpikeRecord.Level), nameof(SpikeRecord.Reason),
    ];

    /// <param name="keyword">A keyword as configured or subscribed to; case and diacritics do not matter.</param>
    /// <param name="hours">Hours to cover, ending with the current (incomplete) hour; null or empty for the default.</param>
    public async Task<TrendResult> GetAsync(string? keyword, string? hours, CancellationToken cancellationToken = default)
    {
        var settings = options.Value;
        if (!TryParseHours(hours, settings, out var span))
        {
            return Refuse(HttpStatusCode.BadRequest, string.Create(
                CultureInfo.InvariantCulture,
                $"hours must be a whole number from 1 to {settings.MaxHours} (default {settings.DefaultHours})."));
        }

        var to = MentionKeys.BucketStart(timeProvider.GetUtcNow()) + MentionKeys.BucketSize;
        return await GetAsync(keyword, to - (span * MentionKeys.BucketSize), to, cancellationToken);
    }

    /// <summary>The trend over the hours from <paramref name="from"/> to <paramref name="to"/>, widened to whole hours.</summary>
    /// <param name="keyword">A keyword as configured or subscribed to; case and diacritics do not matter.</param>
    /// <param name="from">Start of the range (inclusive); its hour is the first point.</param>
    /// <param name="to">End of the range (exclusive); an hour it falls inside is the last point.</param>
    public async Task<TrendResult> GetAsync(string? keyword, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken = default)
    {
        var settings = options.Value;
        from = MentionKeys.BucketStart(from);
        var lastStart = MentionKeys.BucketStart(to);
        to = lastStart == to ? to : lastStart + MentionKeys.BucketSize;
        var hours = (to - from) / MentionKeys.BucketSize;
        if (hours < 1 || hours > settings.MaxHours)
        {
            return Refuse(HttpStatusCode.BadRequest, string.Create(
                CultureInfo.InvariantCulture,
                $"the range must end after it starts and cover at most {settings.MaxHours} hours (Trends:MaxHours)."));
        }

        var span = (int)hours;
        var keywordKey = string.IsNullOrWhiteSpace(keyword) ? "" : MentionKeys.KeywordKey(keyword);
        if (keywordKey.Length is 0 or > MaxKeywordLength || keywordKey == MentionKeys.AllArticles)
        {
            return Refuse(HttpStatusCode.BadRequest, $"keyword must be 1 to {MaxKeywordLength} characters and not '{MentionKeys.AllArticles}'.");
        }

        var last = to - MentionKeys.BucketSize;

        // The look-back SpikeMonitor reads before a bucket, so each hour's expectation is the one the detector had.
        var spikes = spikesOptions.Value;
        var first = from - TimeSpan.FromHours(spikes.SlowWindowHours + (spikes.HistoryDays * 24) + spikes.CooldownHours);
        var matcher = await watchList.GetMatcherAsync(cancellationToken);
        var watched = Resolve(matcher.Keywords, keyword!);
        if (watched is not null)
        {
            // Mentions and spikes are keyed on the entry's name: "Islamic Emirate" reads "Taliban OR "Islamic Emirate"".
            keywordKey = MentionKeys.KeywordKey(watched.Name);
        }
        var mentions = await reader.ReadHoursAsync(keywordKey, first, last, cancellationToken);
        var alerts = await ReadSpikesAsync(keywordKey, from, to, cancellationToken);

        // A keyword nobody watches (any more) still has a trend while its rows last; one never recorded has none.
        if (watched is null && mentions.Count == 0 && alerts.Count == 0)
        {
            return Refuse(HttpStatusCode.NotFound,
                $"'{keyword!.Trim()}' is not a watched keyword and has no recorded mentions: subscribe to it or add it to {AnalysisOptions.SectionName}:Keywords.");
        }

        var totals = await reader.ReadHoursAsync(MentionKeys.AllArticles, first, last, cancellationToken);
        var series = SpikeMonitor.BuildSeries(first, last, mentions, totals);
        var report = new TrendReport(
            watched?.Name ?? keyword!.Trim(),
            from.UtcDateTime,
            to.UtcDateTime,
            BucketDuration,
            Points(series, from, span),
            alerts);
        return new TrendResult(HttpStatusCode.OK, report, null);
    }

    /// <summary>
    /// The watched keyword a request names: by its entry's name (<c>Taliban OR "Islamic Emirate"</c>), else by one of
    /// its alternatives (<c>Islamic Emirate</c>, the way people call it), compared folded like the matcher does.
    /// </summary>
    internal static Keyword? Resolve(IReadOnlyList<Keyword> keywords, string requested)
    {
        var key = MentionKeys.KeywordKey(requested);
        var byName = keywords.FirstOrDefault(k => MentionKeys.KeywordKey(k.Name) == key);
        if (byName is not null)
        {
            return byName;
        }

        var folded = TextFolding.Fold(string.Join(' ', requested.Trim().Trim('"', '“', '”').Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)));
        return folded.Length == 0 ? null : keywords.FirstOrDefault(k => k.Alternatives.Contains(folded, StringComparer.Ordinal));
    }

    private static bool TryParseHours(string? text, TrendsOptions settings, out int hours)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            hours = settings.DefaultHours;
            return true;
        }

        return int.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out hours)
            && hours >= 1 && hours <= settings.MaxHours;
    }

    private static TrendResult Refuse(HttpStatusCode status, string error) => new(status, null, error);

    /// <summary>One point per hour from <paramref name="from"/>; hours before the series starts have no baseline.</summary>
    private List<TrendPoint> Points(IReadOnlyList<SpikeBucket> series, DateTimeOffset from, int hours)
    {
        var points = new List<TrendPoint>(hours);
        var start = series.Count > 0 ? series[0].Start : DateTimeOffset.MaxValue;
        for (var h = 0; h < hours; h++)
        {
            var time = from + (h * MentionKeys.BucketSize);
            if (time < start)
            {
                points.Add(new TrendPoint(time.UtcDateTime, 0, 0, null));
                continue;
            }

            var index = (int)((time - start) / MentionKeys.BucketSize);
            var bucket = series[index];
            var expected = detector.Evaluate(series, index).BucketExpected;
            points.Add(new TrendPoint(time.UtcDateTime, bucket.Count, bucket.Total ?? 0, Math.Round(expected, 2)));
        }

        return points;
    }

    private async Task<List<TrendSpike>> ReadSpikesAsync(
        string keywordKey,
        DateTimeOffset from,
        DateTimeOffset to,
        CancellationToken cancellationToken)
    {
        // A keyword has one row per alert, so filtering its partition on the window is cheap.
        var filter = TableClient.CreateQueryFilter(
            $"PartitionKey eq {keywordKey} and WindowEnd gt {from} and WindowStart lt {to}");
        var spikes = new List<TrendSpike>();
        var table = storage.Table(StorageNames.SpikesTable);
        await foreach (var row in table.QueryAsync<SpikeRecord>(filter, select: SpikeColumns, cancellationToken: cancellationToken))
        {
            spikes.Add(new TrendSpike(
                row.AlertId,
                JsonNamingPolicy.CamelCase.ConvertName(row.Window),
                row.WindowStart.UtcDateTime,
                row.WindowEnd.UtcDateTime,
                row.DetectedAt.UtcDateTime,
                row.Observed,
                row.CountsStories,
                row.Expected,
                row.Score,
                row.DistinctSources,
                row.Level,
                row.Reason));
        }

        return [.. spikes.OrderBy(spike => spike.WindowStart).ThenBy(spike => spike.Level)];
    }
}
