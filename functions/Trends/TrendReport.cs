namespace NewsMonitor.Trends;

/// <summary>
/// The body of <c>GET /api/trends/{keyword}</c>: a keyword's hourly counts over <see cref="From"/> (inclusive) to
/// <see cref="To"/> (exclusive), every hour present, and the spikes whose window overlaps that range.
/// Times are <see cref="DateTimeKind.Utc"/> <see cref="DateTime"/>s so they serialize with a 'Z'.
/// </summary>
internal sealed record TrendReport(
    string Keyword,
    DateTime From,
    DateTime To,
    string Bucket,
    IReadOnlyList<TrendPoint> Points,
    IReadOnlyList<TrendSpike> Spikes);

/// <param name="Time">Start of the hour.</param>
/// <param name="Count">Articles mentioning the keyword, published in that hour.</param>
/// <param name="Total">Articles analyzed in that hour (the news volume, the <c>*</c> rows).</param>
/// <param name="Expected">
/// What the spike detector expected for that hour from the hours before it only (no look-ahead); null before the
/// first recorded article, when there is no baseline at all.
/// </param>
internal sealed record TrendPoint(DateTime Time, int Count, int Total, double? Expected);

/// <summary>One alert raised by the spike detector (a <c>Spikes</c> row).</summary>
/// <param name="CountsStories">
/// True when <paramref name="Observed"/> counts stories (a wire story carried by several outlets once), false when it
/// counts articles.
/// </param>
internal sealed record TrendSpike(
    string AlertId,
    string Window,
    DateTime WindowStart,
    DateTime WindowEnd,
    DateTime DetectedAt,
    int Observed,
    bool CountsStories,
    double Expected,
    double Score,
    int DistinctSources,
    int Level,
    string Reason);
