using System.Text.Json.Serialization;

namespace NewsMonitor.Analysis;

/// <summary>
/// What an analyzer makes of a text; the same model whichever analyzer produced it, and the JSON of
/// <c>newsmon analyze</c> (docs/cli.md). Categories use the Azure AI Language names.
/// </summary>
internal sealed record TextAnalysis
{
    /// <summary>ISO 639-1 code of the detected language ("en"), or "unknown".</summary>
    public required string Language { get; init; }

    public double LanguageConfidence { get; init; }

    public required SentimentScores Sentiment { get; init; }

    public IReadOnlyList<SentenceSentiment> Sentences { get; init; } = [];

    public IReadOnlyList<RecognizedEntity> Entities { get; init; } = [];

    public IReadOnlyList<string> KeyPhrases { get; init; } = [];

    /// <summary>"local" or "azure": which analyzer produced this result.</summary>
    public required string Analyzer { get; init; }

    /// <summary>Per-document problems the analyzer reported (e.g. a part over the service's size limit).</summary>
    public IReadOnlyList<AnalysisWarning> Warnings { get; init; } = [];
}

/// <summary>Label is positive|neutral|negative|mixed; the three scores sum to 1.</summary>
internal sealed record SentimentScores(string Label, double Positive, double Neutral, double Negative);

internal sealed record SentenceSentiment(
    string Text,
    int Offset,
    int Length,
    [property: JsonPropertyName("sentiment")] string Label,
    double Positive,
    double Neutral,
    double Negative);

/// <summary>
/// Offset and length are in UTF-16 code units of the analyzed text (.NET string indices). <see cref="Type"/> and
/// <see cref="Tags"/> follow Azure AI Language's entity (EntityWithMetadata, analyzetext.json 2025-11-01): the finest
/// type detected and the coarser categories it belongs to. Both analyzers fill them, so consumers read one shape.
/// </summary>
internal sealed record RecognizedEntity(
    string Text,
    string Category,
    string? Subcategory,
    int Offset,
    int Length,
    double Confidence)
{
    private readonly string? _type;
    private readonly IReadOnlyList<string>? _tags;

    /// <summary>The finest type detected; defaults to the subcategory, else the category.</summary>
    public string Type
    {
        get => _type ?? Subcategory ?? Category;
        init => _type = value;
    }

    /// <summary>Coarser types the entity belongs to; defaults to its category and subcategory.</summary>
    public IReadOnlyList<string> Tags
    {
        get => _tags ?? (Subcategory is null ? [Category] : [Category, Subcategory]);
        init => _tags = value;
    }
}

internal sealed record AnalysisWarning(string Code, string Message);

/// <summary>The document stored in <c>analysis/{same path as the article}</c>.</summary>
internal sealed record ArticleAnalysis
{
    public required string ArticleId { get; init; }

    public required string ArticleBlobName { get; init; }

    public required DateTimeOffset AnalyzedAt { get; init; }

    public required TextAnalysis Result { get; init; }

    /// <summary>Keyword names (as configured) found in the article.</summary>
    public IReadOnlyList<string> Keywords { get; init; } = [];

    /// <summary>
    /// The story the article belongs to (table <c>Stories</c>): the id of the story's first article; the article's own
    /// id when it started the story or grouping is off. Null in analyses written before stories existed.
    /// </summary>
    public string? StoryId { get; init; }
}
