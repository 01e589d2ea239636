using System.ComponentModel.DataAnnotations;

namespace NewsMonitor.Analysis;

/// <summary>Settings of the analysis stage (section <c>Analysis</c>).</summary>
internal sealed class AnalysisOptions : IValidatableObject
{
    public const string SectionName = "Analysis";

    /// <summary>Which analyzer the stage uses: "local" or "azure". Default: "local".</summary>
    [Required]
    [RegularExpression("^(local|azure)$")]
    public string Analyzer { get; set; } = AnalyzerNames.Local;

    /// <summary>
    /// Which articles the "azure" analyzer gets (README, "Cost in Azure"): "all", or "watched": only the articles that
    /// mention a watched keyword (their sentiment and entities are what alerts and digests show); the others are
    /// analyzed locally, at no charge. Ignored with the local analyzer. Default: "all".
    /// </summary>
    [Required]
    [RegularExpression("^(all|watched)$")]
    public string AzureScope { get; set; } = AzureScopes.All;

    /// <summary>
    /// The Azure AI Language endpoint (custom subdomain, e.g. https://name.cognitiveservices.azure.com). Default: none;
    /// required when <see cref="Analyzer"/> is "azure".
    /// </summary>
    public Uri? Endpoint { get; set; }

    /// <summary>The analyze-text api-version. Default: "2025-11-01" (latest GA).</summary>
    [Required]
    public string ApiVersion { get; set; } = "2025-11-01";

    /// <summary>
    /// A Language resource key, for local use only. Default: none, meaning Entra ID (DefaultAzureCredential), which is
    /// what Azure uses (the Bicep template disables local auth on the resource).
    /// </summary>
    public string? Key { get; set; }

    /// <summary>
    /// Analyze with the local analyzer instead of failing when the Language circuit is open, a call runs out of
    /// <see cref="TotalTimeout"/>, or the service rejects a document for good (InvalidDocument). Default: true.
    /// </summary>
    public bool FallbackToLocal { get; set; } = true;

    /// <summary>
    /// The global watch list, ';'-separated (or bound as a list: <c>Analysis:KeywordList:0</c>, ...).
    /// Each entry is a term, a "quoted phrase" or alternatives joined by OR. Default: "Taliban;Afghanistan".
    /// </summary>
    public string Keywords { get; set; } = "Taliban;Afghanistan";

    /// <summary>More global keywords in list form; added to <see cref="Keywords"/>. Default: empty.</summary>
    public IList<string> KeywordList { get; } = [];

    /// <summary>Documents per request for LanguageDetection (service limit 1000). Default: 1000.</summary>
    [Range(1, 1000)]
    public int LanguageDetectionBatchSize { get; set; } = 1000;

    /// <summary>Documents per request for SentimentAnalysis (service limit 10). Default: 10.</summary>
    [Range(1, 10)]
    public int SentimentBatchSize { get; set; } = 10;

    /// <summary>Documents per request for KeyPhraseExtraction (service limit 10). Default: 10.</summary>
    [Range(1, 10)]
    public int KeyPhraseBatchSize { get; set; } = 10;

    /// <summary>Documents per request for EntityRecognition (service limit 5). Default: 5.</summary>
    [Range(1, 5)]
    public int EntityRecognitionBatchSize { get; set; } = 5;

    /// <summary>
    /// Text elements per document; longer texts are split at sentences. The service limit is 5,120, counted by the
    /// service's own segmentation (Unicode 8 text elements, StringIndexType TextElements_v8), which can count a few
    /// more than .NET's newer grapheme rules: the default keeps a margin below it. Default: 5000.
    /// </summary>
    [Range(100, 5120)]
    public int MaxDocumentTextElements { get; set; } = 5000;

    /// <summary>Request body size cap in bytes (service limit 1 MB). Default: 1,000,000.</summary>
    [Range(10_000, 1_048_576)]
    public int MaxRequestBytes { get; set; } = 1_000_000;

    /// <summary>Retries of a throttled (429) or failed (5xx, timeout) Language request. Default: 4.</summary>
    [Range(0, 10)]
    public int MaxRetries { get; set; } = 4;

    /// <summary>First back-off delay when the service sends no Retry-After. Default: 2 seconds.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:05:00")]
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Longest wait the client accepts from a Retry-After header. Default: 60 seconds.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Budget of one Language call with all its retries and Retry-After waits (the HttpClient itself has no timeout, so
    /// this pipeline owns the time); past it the text is analyzed locally when <see cref="FallbackToLocal"/>. Default: 3 minutes.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:30:00")]
    public TimeSpan TotalTimeout { get; set; } = TimeSpan.FromMinutes(3);

    /// <summary>
    /// Articles <c>newsmon</c> analyzes at once (the Functions host decides its own blob-trigger concurrency): while one
    /// waits for storage, another is analyzed. Default: 4.
    /// </summary>
    [Range(1, 64)]
    public int LocalConcurrency { get; set; } = 4;

    /// <summary>
    /// UTC publication days (today counting as one) whose articles the missed-analysis sweep checks for an analysis
    /// (<c>MissedAnalysisSweep</c>); 0 turns it off. Default: 2.
    /// </summary>
    [Range(0, 30)]
    public int SweepDays { get; set; } = 2;

    /// <summary>How old an article without analysis must be before the sweep takes it (the blob trigger's own retries come first). Default: 15 minutes.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan SweepAfter { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Client id of the user-assigned managed identity for Language; empty: DefaultAzureCredential's choice. Default: none.</summary>
    public string? ManagedIdentityClientId { get; set; }

    /// <summary>Timeout of one HTTP attempt. Default: 30 seconds.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:05:00")]
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Failure ratio (0..1) over <see cref="BreakerSamplingDuration"/> that opens the circuit. Default: 0.5.</summary>
    [Range(0.01, 1.0)]
    public double BreakerFailureRatio { get; set; } = 0.5;

    /// <summary>Attempts needed in the sampling window before the breaker may open. Default: 10.</summary>
    [Range(2, 1000)]
    public int BreakerMinimumThroughput { get; set; } = 10;

    /// <summary>Window over which the breaker measures failures. Default: 60 seconds.</summary>
    [Range(typeof(TimeSpan), "00:00:00.500", "01:00:00")]
    public TimeSpan BreakerSamplingDuration { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How long the circuit stays open before a trial request. Default: 60 seconds.</summary>
    [Range(typeof(TimeSpan), "00:00:00.500", "01:00:00")]
    public TimeSpan BreakerBreakDuration { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Texts the batch command (<c>newsmon analyze --batch</c>) sends to the analyzer at once. Default: 50.</summary>
    [Range(1, 10_000)]
    public int BatchChunkSize { get; set; } = 50;

    /// <summary>Every configured global keyword entry: <see cref="Keywords"/> split at ';', then <see cref="KeywordList"/>.</summary>
    public IReadOnlyList<string> GlobalKeywords() =>
        [.. Keywords.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Concat(KeywordList.Select(k => k.Trim()))
            .Where(k => k.Length > 0)];

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Analyzer == AnalyzerNames.Azure && Endpoint is null)
        {
            yield return new ValidationResult(
                "Analysis:Endpoint is required when Analysis:Analyzer is 'azure'.", [nameof(Endpoint)]);
        }

        if (Endpoint is not null && !Endpoint.IsAbsoluteUri)
        {
            yield return new ValidationResult("Analysis:Endpoint must be an absolute URI.", [nameof(Endpoint)]);
        }

        foreach (var entry in GlobalKeywords())
        {
            string? problem = null;
            try
            {
                _ = NewsMonitor.Analysis.Keywords.Keyword.Parse(entry);
            }
            catch (FormatException exception)
            {
                problem = exception.Message;
            }

            if (problem is not null)
            {
                yield return new ValidationResult($"Analysis:Keywords: {problem}", [nameof(Keywords)]);
            }
        }
    }
}

/// <summary>The names <c>newsmon analyze --analyzer</c> and <see cref="AnalysisOptions.Analyzer"/> accept.</summary>
internal static class AnalyzerNames
{
    public const string Local = "local";
    public const string Azure = "azure";
}

/// <summary>The values of <see cref="AnalysisOptions.AzureScope"/>.</summary>
internal static class AzureScopes
{
    public const string All = "all";
    public const string Watched = "watched";
}
