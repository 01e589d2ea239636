using Microsoft.Extensions.Options;
using NewsMonitor.Analysis;

namespace NewsMonitor.Alerts.Spikes;

/// <summary>
/// Decides whether a keyword's hourly series spikes at one bucket. Pure: no I/O, no clock; the verdict on a bucket
/// depends only on that bucket and the ones before it (README, "Spike detection", explains the method).
/// </summary>
internal sealed class SpikeDetector(IOptions<SpikesOptions> options)
{
    private const int HoursPerDay = 24;

    private readonly SpikesOptions _options = options.Value;

    /// <summary>Evaluates <paramref name="series"/>[<paramref name="index"/>] against the buckets before it.</summary>
    /// <param name="series">Buckets oldest first; the first one marks when observation began (cold start).</param>
    public SpikeEvaluation Evaluate(IReadOnlyList<SpikeBucket> series, int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, series.Count);
        var current = series[index];
        var now = current.Start;
        var volumeAware = current.Total is not null;
        var slowFloor = now - TimeSpan.FromHours(_options.SlowWindowHours);
        var historyFloor = slowFloor - TimeSpan.FromDays(_options.HistoryDays);

        // History is the HistoryDays before the slow window, so neither window's own counts inflate the baseline.
        var countByHour = new double[HoursPerDay];
        var exposureByHour = new double[HoursPerDay];
        double historyCount = 0, historyExposure = 0;
        var historyBuckets = 0;
        var windowStart = index + 1;
        for (var j = index; j >= 0 && series[j].Start > historyFloor; j--)
        {
            var bucket = series[j];
            if (bucket.Start > slowFloor)
            {
                windowStart = j;
                continue;
            }

            var hour = bucket.Start.UtcDateTime.Hour;
            var exposure = Exposure(bucket, volumeAware);
            countByHour[hour] += bucket.Count;
            exposureByHour[hour] += exposure;
            historyCount += bucket.Count;
            historyExposure += exposure;
            historyBuckets++;
        }

        var historyHours = Math.Clamp((slowFloor - series[0].Start).TotalHours + 1, 0, _options.HistoryDays * HoursPerDay);
        var coldStart = historyHours < _options.ColdStartHours;
        var floor = coldStart ? _options.ColdStartMinExpectedPerHour : _options.MinExpectedPerHour;

        // Keyword rate per unit of exposure (per article when the volume is known, per hour otherwise).
        var rate = historyExposure > 0 ? historyCount / historyExposure : 0;

        // Hour-of-day factors, shrunk towards 1 by ProfilePriorDays of average traffic: a few days of data
        // cannot invent a strong daily rhythm.
        var prior = historyBuckets > 0 ? _options.ProfilePriorDays * historyCount / historyBuckets : 0;
        double Expected(SpikeBucket bucket)
        {
            var hour = bucket.Start.UtcDateTime.Hour;
            var denominator = (rate * exposureByHour[hour]) + prior;
            var factor = rate > 0 && denominator > 0 ? (countByHour[hour] + prior) / denominator : 1;
            return Math.Max(rate * factor * Exposure(bucket, volumeAware), floor);
        }

        var minCount = coldStart ? Math.Max(_options.MinCount, _options.ColdStartMinCount) : _options.MinCount;
        var burst = Window(SpikeWindowKind.Burst, _options.WindowHours, _options.Threshold);
        var slow = Window(SpikeWindowKind.SlowClimb, _options.SlowWindowHours, _options.SlowThreshold);
        return new SpikeEvaluation(now, current.Count, Expected(current), burst, slow, coldStart);

        SpikeWindow Window(SpikeWindowKind kind, int hours, double threshold)
        {
            var floorTime = now - TimeSpan.FromHours(hours);
            var observed = 0;
            var expected = 0.0;
            HashSet<string>? sources = current.Sources is null ? null : new(StringComparer.OrdinalIgnoreCase);
            for (var j = windowStart; j <= index; j++)
            {
                var bucket = series[j];
                if (bucket.Start <= floorTime)
                {
                    continue;
                }

                observed += bucket.Count;
                expected += Expected(bucket);
                if (sources is not null && bucket.Sources is not null)
                {
                    sources.UnionWith(bucket.Sources);
                }
            }

            expected = Math.Max(expected, floor);
            var score = SpikeStatistics.UpperTailScore(observed, expected, _options.Overdispersion);
            var fired = observed >= minCount
                && (sources is null || sources.Count >= _options.MinSources)
                && observed >= _options.MinRatio * expected
                && score >= threshold;
            return new SpikeWindow(
                kind,
                hours,
                now - TimeSpan.FromHours(hours - 1),
                now + MentionKeys.BucketSize,
                observed,
                expected,
                score,
                sources?.Count,
                fired);
        }
    }

    // The keyword's own mentions are part of the volume; max() keeps a lagging total from making the rate exceed 1.
    private static double Exposure(SpikeBucket bucket, bool volumeAware) =>
        volumeAware ? Math.Max(bucket.Total ?? 0, bucket.Count) : 1;
}
