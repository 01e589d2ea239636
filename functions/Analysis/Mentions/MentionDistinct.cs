namespace NewsMonitor.Analysis.Mentions;

/// <summary>
/// A "distinct count" the hourly aggregates keep per keyword and bucket: the set of the values one <c>Mentions</c>
/// column takes in the bucket (compared case-insensitively, trimmed). Sources is the one spike detection needs; a
/// new dimension (e.g. distinct stories) is one more entry in <see cref="All"/> plus its column on the Mentions row:
/// the recorder, the recount and the reader carry every entry without further code.
/// </summary>
/// <param name="Name">Name of the dimension; the aggregate row stores its count under this name and its keys under <c>{Name}Keys</c>.</param>
/// <param name="Column">The <c>Mentions</c> column (see <see cref="MentionColumns"/>) whose values are counted.</param>
internal sealed record MentionDistinct(string Name, string Column)
{
    /// <summary>
    /// Most characters of keys stored per dimension and bucket (the Table service caps a string property at 32K
    /// characters). Past it, further keys are not kept and the count is a lower bound: spike detection only asks for
    /// a handful of distinct sources.
    /// </summary>
    public const int MaxKeyChars = 30_000;

    public static MentionDistinct Sources { get; } = new("Sources", MentionColumns.Source);

    /// <summary>The stories behind the mentions (Analysis/Stories): what story-aware spike detection counts.</summary>
    public static MentionDistinct Stories { get; } = new("Stories", MentionColumns.StoryId);

    /// <summary>Every dimension the aggregates keep for a keyword (the volume, <see cref="MentionKeys.AllArticles"/>, keeps none).</summary>
    public static IReadOnlyList<MentionDistinct> All { get; } = [Sources, Stories];

    public static IReadOnlyList<MentionDistinct> For(string keywordKey) => keywordKey == MentionKeys.AllArticles ? [] : All;

    public string KeysColumn => Name + "Keys";

    /// <summary>The key a value counts as, or null when it does not count (missing, blank).</summary>
    public static string? Normalize(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
