namespace NewsMonitor.Alerts.Spikes;

/// <summary>What one window (the short burst window or the long slow-climb window) saw at one bucket.</summary>
internal sealed record SpikeWindow(
    SpikeWindowKind Kind,
    int Hours,
    DateTimeOffset Start,
    DateTimeOffset End,
    int Observed,
    double Expected,
    double Score,
    int? DistinctSources,
    bool Fired)
{
    /// <summary>Mentions per hour in the window: comparable across windows of different lengths (regrowth).</summary>
    public double Rate => (double)Observed / Hours;

    public double Ratio => Observed / Expected;
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
}
