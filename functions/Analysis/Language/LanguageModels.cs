using System.Text.Json.Serialization;

namespace NewsMonitor.Analysis.Language;

// Request and response shapes of POST {endpoint}/language/:analyze-text (Azure/azure-rest-api-specs,
// specification/cognitiveservices/data-plane/Language/stable/2025-11-01/analyzetext.json); only the members we use.

internal static class AnalyzeTextKinds
{
    public const string LanguageDetection = "LanguageDetection";
    public const string SentimentAnalysis = "SentimentAnalysis";
    public const string EntityRecognition = "EntityRecognition";
    public const string KeyPhraseExtraction = "KeyPhraseExtraction";
}

/// <summary>One document of a request. <see cref="Language"/> is omitted for LanguageDetection.</summary>
internal sealed record LanguageInput(
    string Id,
    string Text,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Language = null);

internal sealed record AnalyzeTextRequest(string Kind, AnalyzeTextParameters Parameters, AnalyzeTextInput AnalysisInput);

internal sealed record AnalyzeTextInput(IReadOnlyList<LanguageInput> Documents);

internal sealed record AnalyzeTextParameters
{
    public string ModelVersion { get; init; } = "latest";

    public bool LoggingOptOut { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? StringIndexType { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public bool? OpinionMining { get; init; }
}

internal sealed record AnalyzeTextResponse<TDocument>(string? Kind, AnalyzeTextResults<TDocument>? Results);

internal sealed record AnalyzeTextResults<TDocument>
{
    public IReadOnlyList<TDocument> Documents { get; init; } = [];

    public IReadOnlyList<LanguageDocumentError> Errors { get; init; } = [];

    public string? ModelVersion { get; init; }
}

/// <summary>What a whole (possibly multi-request) call returned: documents and per-document errors.</summary>
internal sealed record LanguageResults<TDocument>(IReadOnlyList<TDocument> Documents, IReadOnlyList<LanguageDocumentError> Errors);

internal sealed record LanguageDocumentError(string Id, LanguageError Error);

internal sealed record LanguageError(string? Code, string? Message, LanguageError? Innererror)
{
    /// <summary>The most specific code: the inner error's when there is one ("InvalidDocument" inside "InvalidArgument").</summary>
    public string DetailedCode => Innererror?.DetailedCode ?? Code ?? "Unknown";

    public string DetailedMessage => Innererror?.DetailedMessage ?? Message ?? string.Empty;
}

internal sealed record LanguageErrorResponse(LanguageError? Error);

internal sealed record LanguageDocumentWarning(string? Code, string? Message, string? TargetRef);

internal abstract record LanguageDocument
{
    public required string Id { get; init; }

    public IReadOnlyList<LanguageDocumentWarning> Warnings { get; init; } = [];
}

internal sealed record DetectedLanguage(string? Name, string? Iso6391Name, double ConfidenceScore);

internal sealed record LanguageDetectionDocument : LanguageDocument
{
    public DetectedLanguage? DetectedLanguage { get; init; }
}

internal sealed record SentimentConfidenceScores(double Positive, double Neutral, double Negative);

internal sealed record SentimentSentence(
    string Text,
    string Sentiment,
    SentimentConfidenceScores ConfidenceScores,
    int Offset,
    int Length);

internal sealed record SentimentDocument : LanguageDocument
{
    public required string Sentiment { get; init; }

    public required SentimentConfidenceScores ConfidenceScores { get; init; }

    public IReadOnlyList<SentimentSentence> Sentences { get; init; } = [];
}

/// <summary>An entity as the service returns it. Older API versions send <see cref="Category"/> and
/// <see cref="Subcategory"/>; 2025-11-01 sends <see cref="Type"/> (the most specific, "City") and <see cref="Tags"/>
/// (the path to it: "Location", "GPE", "City").</summary>
internal sealed record LanguageEntity(
    string Text,
    string? Category,
    string? Subcategory,
    int Offset,
    int Length,
    double ConfidenceScore,
    string? Type = null,
    IReadOnlyList<LanguageEntityTag>? Tags = null)
{
    // The local analyzer's categories; the service's other top-level ones (PersonType, Product, Skill, URL...) pass as sent.
    private static readonly HashSet<string> Categories = new(StringComparer.Ordinal)
    {
        "Person", "PersonType", "Location", "Organization", "Event", "Product", "Skill", "Address", "PhoneNumber",
        "Email", "URL", "IP", "DateTime", "Quantity",
    };

    /// <summary>Category and subcategory as the local analyzer names them: the top-level tag ("Location") and the
    /// one under it ("GPE" for a city, a state or a country; "Date", "Percentage"), whichever fields were sent.</summary>
    public (string Category, string? Subcategory) Classify()
    {
        var tags = Tags?.Select(t => t.Name).Where(n => !string.IsNullOrEmpty(n)).ToList() ?? [];
        var top = tags.FindIndex(Categories.Contains);
        var category = Category is { Length: > 0 } sent && Categories.Contains(sent) ? sent
            : top >= 0 ? tags[top]
            : Category ?? Type ?? "Unknown";
        if (Subcategory is { Length: > 0 })
        {
            return (category, Subcategory);
        }

        var at = tags.IndexOf(category);
        var subcategory = at >= 0 && at + 1 < tags.Count ? tags[at + 1]
            : Type is { Length: > 0 } type && type != category ? type
            : null;
        return (category, subcategory);
    }
}

internal sealed record LanguageEntityTag(string Name, double? ConfidenceScore);

internal sealed record EntitiesDocument : LanguageDocument
{
    public IReadOnlyList<LanguageEntity> Entities { get; init; } = [];
}

internal sealed record KeyPhrasesDocument : LanguageDocument
{
    public IReadOnlyList<string> KeyPhrases { get; init; } = [];
}
