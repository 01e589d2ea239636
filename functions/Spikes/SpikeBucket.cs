namespace NewsMonitor.Spikes;

/// <summary>
/// One hourly bucket of a keyword's series: its mentions, the news volume (all analyzed articles in the bucket,
/// null when unknown) and the publishers behind the mentions (null when unknown).
/// </summary>
internal readonly record struct SpikeBucket(
    DateTimeOffset Start,
    int Count,
    int? Total = null,
    IReadOnlyCollection<string>? Sources = null);
