namespace NewsMonitor.Cli.Pipeline;

/// <summary>What one pass of the local pipeline did (one timer tick of the Functions app and what it triggered).</summary>
internal sealed record CycleResult
{
    public int FeedsTried { get; init; }

    /// <summary>Enabled feeds not fetched because their back-off (or Retry-After) has not elapsed.</summary>
    public int FeedsSkipped { get; init; }

    public int FeedsNotModified { get; init; }

    public int FeedsFailed { get; init; }

    public int ItemsSeen { get; init; }

    public int NewArticles { get; init; }

    public int Duplicates { get; init; }

    public int Analyzed { get; init; }

    public int AnalysisFailures { get; init; }

    /// <summary>Articles whose analysis failed this cycle and waits in the backlog for the next one.</summary>
    public int AnalysisLeft { get; init; }

    /// <summary>Alerts found pending in <c>Spikes</c> (their detector stopped before enqueueing them) and enqueued now.</summary>
    public int SpikesFinished { get; init; }

    public int AlertsDelivered { get; init; }

    public int AlertFailures { get; init; }

    public int Poisoned { get; init; }

    /// <summary>Alert messages put back until another worker's claim on one of their deliveries expires.</summary>
    public int AlertsDeferred { get; init; }

    /// <summary>Work this cycle could not finish and a later one (or an operator, for poisoned alerts) must.</summary>
    public bool WorkLeft => AnalysisLeft > 0 || AlertsDeferred > 0 || Poisoned > 0;

    /// <summary>Wall-clock time spent in each stage (for the demo's timing line; not part of any contract).</summary>
    public TimeSpan IngestTime { get; init; }

    public TimeSpan AnalysisTime { get; init; }

    public TimeSpan DeliveryTime { get; init; }

    /// <summary>Feeds that answered (200 or 304) this cycle.</summary>
    public int FeedsFetched => FeedsTried - FeedsFailed;

    public static CycleResult operator +(CycleResult left, CycleResult right) => new()
    {
        FeedsTried = left.FeedsTried + right.FeedsTried,
        FeedsSkipped = left.FeedsSkipped + right.FeedsSkipped,
        FeedsNotModified = left.FeedsNotModified + right.FeedsNotModified,
        FeedsFailed = left.FeedsFailed + right.FeedsFailed,
        ItemsSeen = left.ItemsSeen + right.ItemsSeen,
        NewArticles = left.NewArticles + right.NewArticles,
        Duplicates = left.Duplicates + right.Duplicates,
        Analyzed = left.Analyzed + right.Analyzed,
        AnalysisFailures = left.AnalysisFailures + right.AnalysisFailures,
        AnalysisLeft = left.AnalysisLeft + right.AnalysisLeft,
        SpikesFinished = left.SpikesFinished + right.SpikesFinished,
        AlertsDelivered = left.AlertsDelivered + right.AlertsDelivered,
        AlertFailures = left.AlertFailures + right.AlertFailures,
        Poisoned = left.Poisoned + right.Poisoned,
        AlertsDeferred = left.AlertsDeferred + right.AlertsDeferred,
        IngestTime = left.IngestTime + right.IngestTime,
        AnalysisTime = left.AnalysisTime + right.AnalysisTime,
        DeliveryTime = left.DeliveryTime + right.DeliveryTime,
    };
}
