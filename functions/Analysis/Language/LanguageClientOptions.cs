namespace NewsMonitor.Analysis.Language;

/// <summary>
/// What <see cref="LanguageClient"/> needs to call the service, taken from <see cref="AnalysisOptions"/>
/// (section <c>Analysis</c>) so that ops configure one section.
/// </summary>
internal sealed record LanguageClientOptions
{
    /// <summary>The Entra ID scope of Azure AI services.</summary>
    public const string TokenScope = "https://cognitiveservices.azure.com/.default";

    public required Uri Endpoint { get; init; }

    /// <summary>Default: "2025-11-01" (latest GA).</summary>
    public string ApiVersion { get; init; } = "2025-11-01";

    /// <summary>Default: none (Entra ID token).</summary>
    public string? Key { get; init; }

    /// <summary>Documents per request (service limits: LanguageDetection 1000, Sentiment and KeyPhrase 10, Entities 5).</summary>
    public int LanguageDetectionBatchSize { get; init; } = 1000;

    public int SentimentBatchSize { get; init; } = 10;

    public int KeyPhraseBatchSize { get; init; } = 10;

    public int EntityRecognitionBatchSize { get; init; } = 5;

    /// <summary>Request body cap (service limit 1 MB). Default: 1,000,000 bytes.</summary>
    public int MaxRequestBytes { get; init; } = 1_000_000;

    public static LanguageClientOptions From(AnalysisOptions options) => new()
    {
        Endpoint = options.Endpoint ?? throw new InvalidOperationException(
            "The Azure analyzer needs Analysis:Endpoint (the Language resource's endpoint)."),
        ApiVersion = options.ApiVersion,
        Key = string.IsNullOrWhiteSpace(options.Key) ? null : options.Key,
        LanguageDetectionBatchSize = options.LanguageDetectionBatchSize,
        SentimentBatchSize = options.SentimentBatchSize,
        KeyPhraseBatchSize = options.KeyPhraseBatchSize,
        EntityRecognitionBatchSize = options.EntityRecognitionBatchSize,
        MaxRequestBytes = options.MaxRequestBytes,
    };
}
