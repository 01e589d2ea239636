using Microsoft.Extensions.Options;

namespace NewsMonitor.Spikes;

/// <summary>
/// Decides whether a keyword's series spikes at one bucket. Pure: no I/O, no clock; the verdict on a bucket
/// depends only on that bucket and the ones before it (README, "Spike detection", explains the method).
/// </summary>
internal sealed class SpikeDetector(IOptions<SpikesOptions> options)
{
    private const int HoursPerDay = 24;

    // The keyword's variability is measured as the distance from the median to the upper quartile of its past
    // residuals: robust to the spikes in that past, and 0.6745 standard deviations were the residuals normal.
    private const double UpperQuartile = 0.75;
    private const double UpperQuartileZ = 0.6744897501960817;

    // A keyword whose ratio never moves (a perfectly regular series) would otherwise find any change infinitely
    // surprising; the count score then decides.
    private const double MinVariabilityScale = 0.05;

    private readonly SpikesOptions _options = options.Value;

    /// <summary>Evaluates <paramref name="series"/>[<paramref name="index"/>] against the buckets before it.</summary>
    /// <param name="series">Buckets oldest first; the first one marks when observation began (cold start).</param>
    public SpikeEvaluation Evaluate(IReadOnlyList<SpikeBucket> series, int index) => Evaluate(new SpikeSeriesView(series), index);

    /// <summary>As <see cref="Evaluate(IReadOnlyList{SpikeBucket}, int)"/>, sharing the view's caches across the evaluations of one series.</summary>
    public SpikeEvaluation Evaluate(SpikeSeriesView view, int index)
    {
        ArgumentNullException.ThrowIfNull(view);
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, view.Series.Count);
        var current = view.Series[index];
        var burstReference = Reference(view, index, SpikeWindowKind.Burst, _options.WindowHours);
        var coldStart = burstReference is null;
        var burst = Window(view, index, SpikeWindowKind.Burst, _options.WindowHours, _options.Threshold, burstReference, coldStart);
        var slowReference = coldStart ? null : Reference(view, index, SpikeWindowKind.SlowClimb, _options.SlowWindowHours);
        var slow = Window(view, index, SpikeWindowKind.SlowClimb, _options.SlowWindowHours, _options.SlowThreshold, slowReference, coldStart);

        // The bucket's own share of the burst window's expectation (the windows and the bucket may differ in length).
        var (_, burstExposure, _) = view.Window(current.Start, TimeSpan.FromHours(_options.WindowHours), index);
        var bucketExpected = burstExposure > 0 ? burst.Expected * view.Exposure(current) / burstExposure : burst.Expected;
        return new SpikeEvaluation(current.Start, current.Count, bucketExpected, burst, slow, coldStart);
    }

    private SpikeWindow Window(
        SpikeSeriesView view,
        int index,
        SpikeWindowKind kind,
        int hours,
        double threshold,
        (double Median, double Scale)? reference,
        bool coldStart)
    {
        var series = view.Series;
        var current = series[index];
        var now = current.Start;
        var (observed, exposure, first) = view.Window(now, TimeSpan.FromHours(hours), index);
        var expected = Expected(view, index, hours, exposure, fullDays: true) ?? ColdStartExpected(view, index, exposure);
        expected = Math.Max(expected, (coldStart ? _options.ColdStartMinExpectedPerHour : _options.MinExpectedPerHour) * hours);

        HashSet<string>? sources = current.Sources is null ? null : new(StringComparer.OrdinalIgnoreCase);
        for (var j = first; sources is not null && j <= index; j++)
        {
            if (series[j].Sources is { } names)
            {
                sources.UnionWith(names);
            }
        }

        // Overdispersion is per hourly bucket: over a window of n hours the extra variance of the sum is α·μ²/n.
        var countScore = SpikeStatistics.UpperTailScore(
            (int)observed, expected, (coldStart ? _options.ColdStartOverdispersion : _options.Overdispersion) / hours);
        double? variabilityScore = reference is { } usual
            ? SpikeStatistics.NormalUpperTailScore((Residual(observed, expected, hours) - usual.Median) / usual.Scale * UpperQuartileZ)
            : null;
        var score = Math.Min(countScore, variabilityScore ?? double.PositiveInfinity);
        var minCount = coldStart ? Math.Max(_options.MinCount, _options.ColdStartMinCount) : _options.MinCount;
        var eligible = observed >= minCount
            && (sources is null || sources.Count >= _options.MinSources)
            && observed >= _options.MinRatio * expected;
        return new SpikeWindow(
            kind,
            hours,
            now - TimeSpan.FromHours(hours - 1),
            now + Analysis.MentionKeys.BucketSize,
            (int)observed,
            expected,
            score,
            sources?.Count,
            eligible && score >= threshold,
            threshold,
            eligible,
            countScore,
            variabilityScore);
    }

    /// <summary>
    /// The usual count of the window ending at bucket <paramref name="index"/>: its exposure times the keyword's median
    /// share in the same window on each of the <see cref="SpikesOptions.HistoryDays"/> days before (the same time of
    /// day, so the daily rhythm is built in; the median, so one past spike does not move it). Null without such a day.
    /// </summary>
    private double? Expected(SpikeSeriesView view, int index, int hours, double exposure, bool fullDays)
    {
        var now = view.Series[index].Start;
        var length = TimeSpan.FromHours(hours);
        Span<double> shares = stackalloc double[_options.HistoryDays];
        var n = 0;
        for (var day = 1; day <= _options.HistoryDays; day++)
        {
            // Judging now, only days whose window the series covers at least half of: a window cut short by the start
            // of observation would judge a whole window by its earliest hour, and the daily rhythm with it. Past
            // residuals keep such days: they only feed a median and a quartile of many.
            var end = now - TimeSpan.FromDays(day);
            if (fullDays && view.Series[0].Start > end - (length / 2))
            {
                break;
            }

            var (count, pastExposure, _) = view.Window(end, length, index);
            if (pastExposure > 0)
            {
                shares[n++] = count / pastExposure;
            }
        }

        if (n == 0)
        {
            return null;
        }

        var sorted = shares[..n];
        sorted.Sort();
        var median = n % 2 == 1 ? sorted[n / 2] : (sorted[(n / 2) - 1] + sorted[n / 2]) / 2;
        return median * exposure;
    }

    // Less than a day observed: the rate so far, the window included (a keyword busy from its first hour is not a
    // spike, a burst after a few quiet hours still is).
    private static double ColdStartExpected(SpikeSeriesView view, int index, double exposure)
    {
        var (count, total) = view.UpTo(index);
        return total > 0 ? count / total * exposure : 0;
    }

    /// <summary>Log ratio of observed to expected, softened by a pseudo-count so that 0 → 1 is not a tenfold jump.</summary>
    private double Residual(double observed, double expected, int hours)
    {
        var pseudo = _options.PseudoCountPerHour * hours;
        return Math.Log((observed + pseudo) / (expected + pseudo));
    }

    /// <summary>
    /// Median and scale of the window's residuals at hourly points over the <see cref="SpikesOptions.HistoryDays"/>
    /// before the slow window: how far this keyword's counts usually stray from its usual. Null when fewer than
    /// <see cref="SpikesOptions.ColdStartHours"/> such residuals exist (each needs a day of history before it).
    /// </summary>
    private (double Median, double Scale)? Reference(SpikeSeriesView view, int index, SpikeWindowKind kind, int hours)
    {
        var series = view.Series;
        var top = series[index].Start - TimeSpan.FromHours(_options.SlowWindowHours);
        var samples = _options.HistoryDays * HoursPerDay;
        var residuals = new List<double>(samples);
        var previous = -1;
        for (var k = 0; k < samples; k++)
        {
            var time = top - TimeSpan.FromHours(k);
            var j = view.LastAtOrBefore(time, index);
            if (j < 0)
            {
                break;
            }

            // A gap in the series: the bucket found belongs to an earlier hour (or was already taken).
            if (j == previous || series[j].Start <= time - TimeSpan.FromHours(1))
            {
                continue;
            }

            previous = j;
            if (view.Residual((int)kind, j, ComputeResidual) is { } residual)
            {
                residuals.Add(residual);
            }
        }

        if (residuals.Count < Math.Max(1, _options.ColdStartHours))
        {
            return null;
        }

        residuals.Sort();
        var median = residuals[residuals.Count / 2];
        var scale = Math.Max(residuals[(int)(UpperQuartile * (residuals.Count - 1))] - median, MinVariabilityScale);
        return (median, scale);

        double? ComputeResidual(int bucket)
        {
            var (observed, exposure, _) = view.Window(series[bucket].Start, TimeSpan.FromHours(hours), bucket);
            return Expected(view, bucket, hours, exposure, fullDays: false) is { } expected
                ? Residual(observed, Math.Max(expected, _options.MinExpectedPerHour * hours), hours)
                : null;
        }
    }
}
