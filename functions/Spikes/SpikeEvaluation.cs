namespace NewsMonitor.Spikes;

/// <summary>What one window (the short burst window or the long slow-climb window) saw at one bucket.</summary>
/// <param name="Expected">The usual count for this window at this time of day (and this news volume).</param>
/// <param name="Score">
/// −log10 of the chance of a window at least this surprising: the smaller (more cautious) of <paramref name="CountScore"/>
/// and <paramref name="VariabilityScore"/>.
/// </param>
/// <param name="CountScore">Surprise as counts: the upper tail of a negative binomial around <paramref name="Expected"/>.</param>
/// <param name="VariabilityScore">
/// Surprise against the keyword's own recent ups and downs (its hourly log ratios over the past days); null while
/// there is too little history to judge them (cold start).
/// </param>
/// <param name="Eligible">Every rule but the score holds (enough mentions, sources and ratio).</param>
internal sealed record SpikeWindow(
    SpikeWindowKind Kind,
    int Hours,
    DateTimeOffset Start,
    DateTimeOffset End,
    int Observed,
    double Expected,
    double Score,
    int? DistinctSources,
    bool Fired,
    double Threshold = 0,
    bool Eligible = false,
    double CountScore = 0,
    double? VariabilityScore = null)
{
    /// <summary>Mentions per hour in the window: comparable across windows of different lengths (regrowth).</summary>
    public double Rate => (double)Observed / Hours;

    public double Ratio => Observed / Expected;

    /// <summary>Whether the window fires when the bar is raised by <paramref name="margin"/> (the alert budget).</summary>
    public bool FiresWithMargin(double margin) => Eligible && Score >= Threshold + margin;
}

internal enum SpikeWindowKind
{
    Burst,
    SlowClimb,
}

/// <summary>The detector's verdict on one bucket, computed from that bucket and the ones before it only.</summary>
internal sealed record SpikeEvaluation(
    DateTimeOffset Bucket,
    int Count,
    double BucketExpected,
    SpikeWindow Burst,
    SpikeWindow SlowClimb,
    bool ColdStart)
{
    public bool Fired => Burst.Fired || SlowClimb.Fired;

    public double Score => Math.Max(Burst.Score, SlowClimb.Score);

    /// <summary>The window that explains the verdict: a firing one (the higher score when both fire), else the more surprising one.</summary>
    public SpikeWindow Primary =>
        Burst.Fired && (!SlowClimb.Fired || Burst.Score >= SlowClimb.Score) ? Burst
        : SlowClimb.Fired ? SlowClimb
        : Burst.Score >= SlowClimb.Score ? Burst : SlowClimb;

    /// <summary>The highest rate among firing windows (0 when none fires).</summary>
    public double FiredRate => Math.Max(Burst.Fired ? Burst.Rate : 0, SlowClimb.Fired ? SlowClimb.Rate : 0);

    /// <summary>Whether a window still fires with its bar raised by <paramref name="margin"/> (score units).</summary>
    public bool FiresWithMargin(double margin) => Burst.FiresWithMargin(margin) || SlowClimb.FiresWithMargin(margin);
}
