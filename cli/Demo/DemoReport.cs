namespace NewsMonitor.Cli.Demo;

/// <summary>What the demo did and whether it reached its goal (the right alert to the right subscriber, once).</summary>
internal sealed record DemoReport
{
    public required int Feeds { get; init; }

    public required int FeedFetches { get; init; }

    public required int NotModified { get; init; }

    /// <summary>Bytes of feed bodies the demo's feed server sent.</summary>
    public long FeedBytes { get; init; }

    public required int ItemsSeen { get; init; }

    public required int Articles { get; init; }

    public required int Duplicates { get; init; }

    public required int Analyses { get; init; }

    public required int Spikes { get; init; }

    public required IReadOnlyList<string> SpikeKeywords { get; init; }

    public required int Emails { get; init; }

    public required IReadOnlyList<SubscriberOutcome> Subscribers { get; init; }

    public string? AlertEmailPath { get; init; }

    public required string Outbox { get; init; }

    public required TimeSpan Elapsed { get; init; }

    /// <summary>Where the time went, stage by stage (summed over every tick).</summary>
    public required Pipeline.CycleResult Totals { get; init; }

    public required DateTimeOffset SimulatedStart { get; init; }

    public required DateTimeOffset SimulatedEnd { get; init; }

    /// <summary>The alerted keyword's hours around its burst, as <c>newsmon trends</c> shows them; null when unavailable.</summary>
    public Trends.TrendReport? Trend { get; init; }

    /// <summary>Why the demo failed; empty when it succeeded.</summary>
    public IReadOnlyList<string> Problems => Subscribers
        .Where(subscriber => subscriber.Received != subscriber.Expected)
        .Select(subscriber =>
            $"{subscriber.Email} (keyword '{subscriber.Keyword}') received {subscriber.Received} alert email(s), expected {subscriber.Expected}")
        .ToList();

    public bool Succeeded => Problems.Count == 0;
}

/// <summary>One pre-registered subscriber: what it should have received and what landed in the outbox.</summary>
internal sealed record SubscriberOutcome(
    string Email,
    string Keyword,
    int Expected,
    int Received,
    IReadOnlyList<string> EmailPaths,
    IReadOnlyList<string> Subjects);
