namespace NewsMonitor.Analysis.Mentions;

/// <summary>
/// The aggregate of one keyword (or <see cref="MentionKeys.AllArticles"/>) in one hourly bucket: how many articles
/// mention it and, per <see cref="MentionDistinct"/> dimension, the distinct keys behind them (e.g. the publishers).
/// </summary>
internal sealed record MentionHour(DateTimeOffset Bucket, int Count, IReadOnlyDictionary<string, IReadOnlyCollection<string>> Distinct)
{
    /// <summary>The publishers behind the mentions; empty when none is known (and always for the volume).</summary>
    public IReadOnlyCollection<string> Sources => Distinct.GetValueOrDefault(MentionDistinct.Sources.Name) ?? [];

    /// <summary>The stories behind the mentions; empty when none is known (rows written before stories existed).</summary>
    public IReadOnlyCollection<string> Stories => Distinct.GetValueOrDefault(MentionDistinct.Stories.Name) ?? [];

    /// <summary>
    /// What spike detection counts: the distinct stories when <paramref name="stories"/> and they are known, else the
    /// articles. With every article its own story the two are the same number.
    /// </summary>
    public int CountOf(bool stories) => stories && Stories.Count > 0 ? Math.Min(Stories.Count, Count) : Count;
}

/// <summary>One <c>Mentions</c> row: one article that mentions the keyword, as readers need it.</summary>
internal sealed record MentionRow(
    DateTimeOffset Bucket,
    string ArticleId,
    string? Source,
    DateTimeOffset? Published,
    IReadOnlyDictionary<string, string> DistinctKeys);
