using System.Globalization;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NewsMonitor.Alerts;
using NewsMonitor.Analysis;
using NewsMonitor.Analysis.Mentions;
using NewsMonitor.Articles;
using NewsMonitor.Feeds;
using NewsMonitor.Storage;

namespace NewsMonitor.Spikes;

/// <summary>
/// Spike detection after mentions are recorded: reads the keyword's and the news volume's hourly aggregates
/// (<see cref="MentionReader"/>: O(hours), not O(articles)), runs <see cref="SpikeDetector"/> on the article's bucket and, when it fires, raises the alert
/// exactly once: the conditional insert into <c>Spikes</c> picks one detector, and only that one enqueues.
/// </summary>
internal sealed class SpikeMonitor(
    NewsStorage storage,
    MentionReader reader,
    SpikeDetector detector,
    PendingSpikes pending,
    IOptions<SpikesOptions> options,
    TimeProvider timeProvider,
    ILogger<SpikeMonitor> logger) : ISpikeMonitor
{
    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);

    private readonly SpikesOptions _options = options.Value;

    public async Task<IReadOnlyList<SpikeAlert>> CheckAsync(
        IReadOnlyCollection<string> keywordNames,
        DateTimeOffset bucketTime,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(keywordNames);
        var now = timeProvider.GetUtcNow();
        var nowBucket = MentionKeys.BucketStart(now);
        var bucket = MentionKeys.BucketStart(bucketTime);
        if (bucket > nowBucket)
        {
            bucket = nowBucket;
        }

        // An article older than the long window changes no window that ends now: any spike it shows is history.
        if (bucket <= nowBucket - TimeSpan.FromHours(_options.SlowWindowHours))
        {
            SpikesLog.StaleBucketSkipped(logger, bucket);
            return [];
        }

        // The variability score compares with residuals over HistoryDays, each judged against HistoryDays before it.
        var first = bucket - TimeSpan.FromHours(
            _options.SlowWindowHours + (2 * _options.HistoryDays * 24) + _options.CooldownHours + _options.WindowHours);
        IReadOnlyList<MentionHour>? totals = null;
        var alerts = new List<SpikeAlert>();
        foreach (var keyword in keywordNames.Where(name => !string.IsNullOrWhiteSpace(name)).DistinctBy(MentionKeys.KeywordKey))
        {
            var keywordKey = MentionKeys.KeywordKey(keyword);
            if (keywordKey == MentionKeys.AllArticles)
            {
                continue;
            }

            // Read before the mentions: a detector that decides on older data than another's must find the
            // episode state changed when it commits (see RaiseAsync).
            var state = await ReadStateAsync(keywordKey, cancellationToken);
            var mentions = await reader.ReadHoursAsync(keywordKey, first, bucket, cancellationToken);

            // Both windows need MinCount mentions: most checks end here, before the (large) volume series is read.
            var slowFloor = bucket - TimeSpan.FromHours(_options.SlowWindowHours);
            if (mentions.Where(hour => hour.Bucket > slowFloor).Sum(hour => hour.CountOf(_options.CountStories)) < _options.MinCount)
            {
                continue;
            }

            totals ??= await reader.ReadHoursAsync(MentionKeys.AllArticles, first, bucket, cancellationToken);
            var series = BuildSeries(first, bucket, mentions, totals, _options.CountStories);
            if (series.Count == 0)
            {
                continue;
            }

            var view = new SpikeSeriesView(series);
            var evaluation = detector.Evaluate(view, series.Count - 1);
            if (!evaluation.Fired)
            {
                ReportSyndicatedBurst(keyword, first, bucket, mentions, totals);
                continue;
            }

            var alert = await RaiseAsync(keyword, keywordKey, view, evaluation, state, now, cancellationToken);
            if (alert is not null)
            {
                alerts.Add(alert);
            }
        }

        return alerts;
    }

    /// <summary>
    /// Counting stories, a burst that would have fired counted in articles is copies of a few stories: say so in the
    /// log ("30 articles from 30 outlets are 1 story") rather than drop it silently. Only when the last hour has copies.
    /// </summary>
    private void ReportSyndicatedBurst(
        string keyword, DateTimeOffset first, DateTimeOffset bucket, IReadOnlyList<MentionHour> mentions, IReadOnlyList<MentionHour> totals)
    {
        if (!_options.CountStories || mentions.Count == 0 || mentions[^1].CountOf(stories: true) >= mentions[^1].Count)
        {
            return;
        }

        var articles = BuildSeries(first, bucket, mentions, totals, countStories: false);
        var byArticles = detector.Evaluate(new SpikeSeriesView(articles), articles.Count - 1);
        if (byArticles.Fired)
        {
            var window = byArticles.Primary;
            var stories = mentions
                .Where(hour => hour.Bucket >= window.Start && hour.Bucket < window.End)
                .SelectMany(hour => hour.Stories)
                .Distinct(StringComparer.OrdinalIgnoreCase)
                .Count();
            SpikesLog.SyndicatedBurstDiscounted(logger, keyword, window.Observed, stories, window.DistinctSources ?? 0);
        }
    }

    /// <summary>
    /// A dense hourly series from the first bucket with any data to <paramref name="last"/>; with
    /// <paramref name="countStories"/> each hour counts its distinct stories (<see cref="MentionHour.CountOf"/>).
    /// </summary>
    internal static IReadOnlyList<SpikeBucket> BuildSeries(
        DateTimeOffset first,
        DateTimeOffset last,
        IReadOnlyList<MentionHour> mentions,
        IReadOnlyList<MentionHour> totals,
        bool countStories = false)
    {
        var hours = (int)((last - first) / MentionKeys.BucketSize) + 1;
        var counts = new int[hours];
        var volume = new int[hours];
        var sources = new HashSet<string>?[hours];
        foreach (var hour in mentions)
        {
            var i = (int)((hour.Bucket - first) / MentionKeys.BucketSize);
            if (i >= 0 && i < hours)
            {
                counts[i] += hour.CountOf(countStories);
                if (hour.Sources.Count > 0)
                {
                    (sources[i] ??= new HashSet<string>(StringComparer.OrdinalIgnoreCase)).UnionWith(hour.Sources);
                }
            }
        }

        foreach (var hour in totals)
        {
            var i = (int)((hour.Bucket - first) / MentionKeys.BucketSize);
            if (i >= 0 && i < hours)
            {
                volume[i] += hour.Count;
            }
        }

        // Without volume rows (no "*" mentions recorded) the baseline falls back to counts per hour; without any
        // Source column the minimum-sources rule cannot be judged and is not applied (rather than never firing).
        var volumeAware = totals.Count > 0;
        var sourcesKnown = mentions.Any(hour => hour.Sources.Count > 0);
        var start = 0;
        while (start < hours && counts[start] == 0 && volume[start] == 0)
        {
            start++;
        }

        var series = new List<SpikeBucket>(hours - start);
        for (var i = start; i < hours; i++)
        {
            series.Add(new SpikeBucket(
                first + (i * MentionKeys.BucketSize),
                counts[i],
                volumeAware ? volume[i] : null,
                sourcesKnown ? (IReadOnlyCollection<string>?)sources[i] ?? [] : null));
        }

        return series;
    }

    private async Task<SpikeAlert?> RaiseAsync(
        string keyword,
        string keywordKey,
        SpikeSeriesView view,
        SpikeEvaluation evaluation,
        SpikeEpisodeState? state,
        DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        var table = storage.Table(StorageNames.SpikesTable);
        var (episode, latest, recentOnsets) = await ReadEpisodeAsync(table, keywordKey, evaluation.Bucket, cancellationToken);
        if (latest is { State: SpikeRecord.PendingState })
        {
            // The last alert of this spike may never have been sent; finish it before judging regrowth against it.
            var recovered = await pending.TakeOverIfAbandonedAsync(latest.PartitionKey, latest.RowKey, now, cancellationToken);
            if (recovered is not null || now - latest.ClaimedAt < _options.PendingTakeoverAfter)
            {
                return recovered;
            }
        }

        var decision = SpikeEpisode.Next(episode, evaluation, _options, recentOnsets);
        if (!decision.Alert)
        {
            if (latest is not null && decision.Episode is { } running && running.LastFired > latest.LastFired)
            {
                // Keeps the episode alive (the cooldown runs from the last firing). A lost race here only moves
                // LastFired back by a bucket, so last-writer-wins is enough.
                latest.LastFired = running.LastFired;
                await table.UpdateEntityAsync(latest, ETag.All, TableUpdateMode.Merge, cancellationToken);
            }

            return null;
        }

        var next = decision.Episode!;
        var episodeStart = next.Level == 1 ? EarliestFiring(view, episode?.LastFired) : next.Start;
        var window = evaluation.Primary;
        var alertId = next.Level == 1
            ? string.Create(CultureInfo.InvariantCulture, $"{keywordKey}-{episodeStart.UtcDateTime:yyyyMMddHH}")
            : string.Create(CultureInfo.InvariantCulture, $"{keywordKey}-{episodeStart.UtcDateTime:yyyyMMddHH}-{next.Level}");
        // The only per-article read: the rows of the firing window, once per alert.
        var mentions = await reader.ReadArticlesAsync(keywordKey, window.Start, window.End - MentionKeys.BucketSize, cancellationToken);
        var articles = mentions
            .OrderByDescending(row => row.Published ?? row.Bucket)
            .ThenBy(row => row.ArticleId, StringComparer.Ordinal)
            .DistinctBy(row => row.ArticleId)
            .Take(_options.MaxArticlesPerAlert)
            .ToList();
        var articleCount = mentions.Select(row => row.ArticleId).Distinct(StringComparer.Ordinal).Count();
        var storyCount = mentions
            .Select(row => row.DistinctKeys.GetValueOrDefault(MentionDistinct.Stories.Name) ?? row.ArticleId)
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .Count();
        // Worded in stories only when some are copies: with every article its own story the alert reads as before.
        var countsStories = _options.CountStories && storyCount < articleCount;
        var alert = new SpikeAlert
        {
            AlertId = alertId,
            Keyword = keyword,
            WindowStart = window.Start,
            WindowEnd = window.End,
            Observed = window.Observed,
            Expected = Math.Round(window.Expected, 2),
            Score = Math.Round(window.Score, 2),
            DistinctSources = window.DistinctSources ?? 0,
            CountsStories = countsStories,
            Articles = articleCount,
            DistinctStories = storyCount,
            ArticleIds = [.. articles.Select(row => row.ArticleId)],
            ArticleBlobNames = [.. articles.Select(row => ArticleId.BlobName(row.Published ?? row.Bucket, row.ArticleId))],
            DetectedAt = now,
            Reason = SpikeReason.Describe(evaluation, window, next.Level, episode?.AlertedRate ?? 0, countsStories),
        };
        var message = JsonSerializer.Serialize(alert, JsonOptions);
        var record = new SpikeRecord
        {
            PartitionKey = keywordKey,
            RowKey = SpikeRecord.EpisodeRowKey(episodeStart, next.Level),
            Keyword = keyword,
            AlertId = alertId,
            EpisodeStart = episodeStart,
            Level = next.Level,
            LastFired = next.LastFired,
            AlertedRate = next.AlertedRate,
            Window = window.Kind.ToString(),
            WindowStart = window.Start,
            WindowEnd = window.End,
            Observed = window.Observed,
            CountsStories = countsStories,
            Expected = alert.Expected,
            Score = alert.Score,
            DistinctSources = alert.DistinctSources,
            Reason = alert.Reason,
            DetectedAt = now,
            ClaimedAt = now,
            Message = message,
        };

        Response inserted;
        try
        {
            inserted = await table.AddEntityAsync(record, cancellationToken);
        }
        catch (RequestFailedException exception) when (exception.Status == 409)
        {
            SpikesLog.SpikeAlreadyAlerted(logger, keyword, alertId);
            return await pending.TakeOverIfAbandonedAsync(record.PartitionKey, record.RowKey, now, cancellationToken);
        }

        // One spike, one alert: the episode start comes from the data, so two detectors that saw different data (late
        // articles) can insert rows under different keys. The keyword's state row, read before the mentions, is the
        // referee: only the detector whose conditional write of it succeeds sends; the other withdraws its row.
        if (!await CommitStateAsync(table, keywordKey, state, record, cancellationToken))
        {
            await table.DeleteEntityAsync(record.PartitionKey, record.RowKey, inserted.Headers.ETag ?? ETag.All, cancellationToken);
            SpikesLog.SpikeAlreadyAlerted(logger, keyword, alertId);
            return null;
        }

        await storage.Queue(StorageNames.AlertsQueue).SendMessageAsync(message, cancellationToken);
        record.State = SpikeRecord.EnqueuedState;
        await table.UpdateEntityAsync(record, inserted.Headers.ETag ?? ETag.All, TableUpdateMode.Merge, cancellationToken);
        SpikesLog.SpikeAlerted(logger, keyword, alertId, alert.Observed, alert.Expected, alert.Score);
        return alert;
    }

    /// <summary>
    /// The first bucket of the episode, from the data rather than from whoever looked first: the earliest firing
    /// bucket within the cooldown before now (and after the previous episode's last firing). Detectors checking
    /// neighbouring buckets of one spike thus agree on the episode, and on the row key.
    /// </summary>
    private DateTimeOffset EarliestFiring(SpikeSeriesView view, DateTimeOffset? previousLastFired)
    {
        var series = view.Series;
        var last = series.Count - 1;
        var floor = series[last].Start - TimeSpan.FromHours(_options.CooldownHours);
        if (previousLastFired is { } previous && previous > floor)
        {
            floor = previous;
        }

        var earliest = series[last].Start;
        for (var j = last - 1; j >= 0 && series[j].Start > floor; j--)
        {
            if (detector.Evaluate(view, j).Fired)
            {
                earliest = series[j].Start;
            }
        }

        return earliest;
    }

    /// <summary>
    /// The latest episode of the keyword (its highest level and last firing), the row of its latest alert, and the
    /// onset alerts within <see cref="SpikesOptions.BudgetDays"/> (the alert budget).
    /// </summary>
    private async Task<(SpikeEpisode? Episode, SpikeRecord? Latest, int RecentOnsets)> ReadEpisodeAsync(
        TableClient table,
        string keywordKey,
        DateTimeOffset bucket,
        CancellationToken cancellationToken)
    {
        // Episodes that started more than the history span ago are over or have become the baseline.
        var since = SpikeRecord.EpisodeRowKey(bucket - TimeSpan.FromDays(Math.Max(_options.HistoryDays + 1, _options.BudgetDays)), 0);
        var filter = TableClient.CreateQueryFilter(
            $"PartitionKey eq {keywordKey} and RowKey ge {since} and RowKey lt {SpikeEpisodeState.StateRowKey}");
        var rows = new List<SpikeRecord>();
        await foreach (var row in table.QueryAsync<SpikeRecord>(filter, cancellationToken: cancellationToken))
        {
            rows.Add(row);
        }

        if (rows.Count == 0)
        {
            return (null, null, 0);
        }

        var start = rows.Max(row => row.EpisodeStart);
        var episodeRows = rows.Where(row => row.EpisodeStart == start).ToList();
        var latest = episodeRows.MaxBy(row => row.Level)!;
        var lastFired = episodeRows.Max(row => row.LastFired);
        var budgetFloor = bucket - TimeSpan.FromDays(_options.BudgetDays);
        var recentOnsets = rows.Count(row => row.Level == 1 && row.EpisodeStart > budgetFloor);
        return (new SpikeEpisode(start, lastFired, latest.Level, latest.AlertedRate), latest, recentOnsets);
    }

    private async Task<SpikeEpisodeState?> ReadStateAsync(string keywordKey, CancellationToken cancellationToken)
    {
        var response = await storage.Table(StorageNames.SpikesTable)
            .GetEntityIfExistsAsync<SpikeEpisodeState>(keywordKey, SpikeEpisodeState.StateRowKey, cancellationToken: cancellationToken);
        return response.HasValue ? response.Value : null;
    }

    /// <summary>
    /// Records <paramref name="alert"/> as the keyword's latest alert, on condition that the state row is still what
    /// it was before this detector read the mentions (or still absent). False when another detector got there first.
    /// </summary>
    private static async Task<bool> CommitStateAsync(
        TableClient table,
        string keywordKey,
        SpikeEpisodeState? seen,
        SpikeRecord alert,
        CancellationToken cancellationToken)
    {
        var next = new SpikeEpisodeState
        {
            PartitionKey = keywordKey,
            RowKey = SpikeEpisodeState.StateRowKey,
            AlertRowKey = alert.RowKey,
            EpisodeStart = alert.EpisodeStart,
            Level = alert.Level,
        };
        try
        {
            if (seen is null)
            {
                await table.AddEntityAsync(next, cancellationToken);
            }
            else
            {
                await table.UpdateEntityAsync(next, seen.ETag, TableUpdateMode.Replace, cancellationToken);
            }

            return true;
        }
        catch (RequestFailedException exception) when (exception.Status is 409 or 412)
        {
            return false;
        }
    }
}
