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

/// <summary>EntityWithMetadata: since 2024-11-01 the service sends <c>type</c> and <c>tags</c>, and mostly no <c>subcategory</c>.</summary>
internal sealed record LanguageEntity(
    string Text,
    string Category,
    string? Subcategory,
    int Offset,
    int Length,
    double ConfidenceScore)
{
    public string? Type { get; init; }

    public IReadOnlyList<LanguageEntityTag> Tags { get; init; } = [];
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
