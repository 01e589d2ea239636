namespace NewsMonitor.Alerts;

/// <summary>
/// The message on the <c>alerts</c> queue: one detected spike of one keyword. Explains itself: what was observed,
/// what was expected, how unusual (score), over which window, and the articles behind it.
/// </summary>
internal sealed record SpikeAlert
{
    /// <summary>Stable id: the same spike always yields the same id (keyword + window), so ledgers can key on it.</summary>
    public required string AlertId { get; init; }

    public required string Keyword { get; init; }

    public required DateTimeOffset WindowStart { get; init; }

    public required DateTimeOffset WindowEnd { get; init; }

    public required int Observed { get; init; }

    public required double Expected { get; init; }

    public required double Score { get; init; }

    public int DistinctSources { get; init; }

    /// <summary>True when <see cref="Observed"/> counts stories (<c>Spikes:CountStories</c>), not articles.</summary>
    public bool CountsStories { get; init; }

    /// <summary>Articles in the window (every copy of every story); 0 in messages from before stories existed.</summary>
    public int Articles { get; init; }

    /// <summary>Distinct stories among those articles; 0 in messages from before stories existed.</summary>
    public int DistinctStories { get; init; }

    public IReadOnlyList<string> ArticleIds { get; init; } = [];

    /// <summary>Blob names of those articles under <c>articles/</c>, same order as <see cref="ArticleIds"/>.</summary>
    public IReadOnlyList<string> ArticleBlobNames { get; init; } = [];

    public required DateTimeOffset DetectedAt { get; init; }

    /// <summary>Why it fired, in a sentence a subscriber can read.</summary>
    public required string Reason { get; init; }
}
