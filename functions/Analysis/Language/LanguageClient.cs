using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace NewsMonitor.Analysis.Language;

/// <summary>
/// Azure AI Language analyze-text over REST (what Azure.AI.TextAnalytics wraps). Splits the documents into requests
/// within the service's per-kind document limits and the 1 MB body limit; returns every document's result and every
/// per-document error. Retries, throttling and the circuit breaker live in the HttpClient's resilience handler, and
/// authentication in <see cref="LanguageAuthenticationHandler"/>. Thread-safe.
/// </summary>
internal class LanguageClient
{
    public const string HttpClientName = "AzureLanguage";

    /// <summary>Key of this client's <see cref="Azure.Core.TokenCredential"/>, built from <see cref="AnalysisOptions.ManagedIdentityClientId"/>.</summary>
    public const string CredentialKey = "AzureLanguage";

    // Azure.Core-style: camelCase, nulls omitted by the models that need it.
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    // Envelope around the documents array: kind, parameters, braces; generous so the 1 MB limit holds.
    private const int EnvelopeBytes = 512;

    private readonly HttpClient _httpClient;
    private readonly LanguageClientOptions _options;
    private readonly Uri _analyzeTextUri;

    public LanguageClient(HttpClient httpClient, LanguageClientOptions options)
    {
        _httpClient = httpClient;
        _options = options;
        // Built as a string: ":analyze-text" as a relative URI would parse as a scheme.
        _analyzeTextUri = new Uri(
            $"{options.Endpoint.AbsoluteUri.TrimEnd('/')}/language/:analyze-text?api-version={Uri.EscapeDataString(options.ApiVersion)}");
    }

    /// <summary>For mocking.</summary>
    protected LanguageClient()
    {
        _httpClient = null!;
        _options = null!;
        _analyzeTextUri = null!;
    }

    public virtual Task<LanguageResults<LanguageDetectionDocument>> DetectLanguageAsync(
        IReadOnlyList<LanguageInput> documents,
        CancellationToken cancellationToken = default) =>
        AnalyzeTextAsync<LanguageDetectionDocument>(
            AnalyzeTextKinds.LanguageDetection,
            new AnalyzeTextParameters(),
            [.. documents.Select(d => d with { Language = null })],
            _options.LanguageDetectionBatchSize,
            cancellationToken);

    public virtual Task<LanguageResults<SentimentDocument>> AnalyzeSentimentAsync(
        IReadOnlyList<LanguageInput> documents,
        CancellationToken cancellationToken = default) =>
        AnalyzeTextAsync<SentimentDocument>(
            AnalyzeTextKinds.SentimentAnalysis,
            // No opinionMining: its targets and assessments are never read, and they enlarge every response.
            new AnalyzeTextParameters { StringIndexType = "Utf16CodeUnit" },
            documents,
            _options.SentimentBatchSize,
            cancellationToken);

    public virtual Task<LanguageResults<EntitiesDocument>> RecognizeEntitiesAsync(
        IReadOnlyList<LanguageInput> documents,
        CancellationToken cancellationToken = default) =>
        AnalyzeTextAsync<EntitiesDocument>(
            AnalyzeTextKinds.EntityRecognition,
            new AnalyzeTextParameters { StringIndexType = "Utf16CodeUnit" },
            documents,
            _options.EntityRecognitionBatchSize,
            cancellationToken);

    public virtual Task<LanguageResults<KeyPhrasesDocument>> ExtractKeyPhrasesAsync(
        IReadOnlyList<LanguageInput> documents,
        CancellationToken cancellationToken = default) =>
        AnalyzeTextAsync<KeyPhrasesDocument>(
            AnalyzeTextKinds.KeyPhraseExtraction,
            new AnalyzeTextParameters(),
            documents,
            _options.KeyPhraseBatchSize,
            cancellationToken);

    private async Task<LanguageResults<TDocument>> AnalyzeTextAsync<TDocument>(
        string kind,
        AnalyzeTextParameters parameters,
        IReadOnlyList<LanguageInput> documents,
        int maxDocuments,
        CancellationToken cancellationToken)
    {
        var results = new List<TDocument>(documents.Count);
        var errors = new List<LanguageDocumentError>();
        foreach (var batch in Batches(documents, maxDocuments, _options.MaxRequestBytes))
        {
            var body = JsonSerializer.SerializeToUtf8Bytes(
                new AnalyzeTextRequest(kind, parameters, new AnalyzeTextInput(batch)), Json);
            var response = await SendAsync<TDocument>(kind, body, cancellationToken);
            results.AddRange(response.Documents);
            errors.AddRange(response.Errors);
        }

        return new LanguageResults<TDocument>(results, errors);
    }

    private async Task<AnalyzeTextResults<TDocument>> SendAsync<TDocument>(
        string kind,
        byte[] body,
        CancellationToken cancellationToken)
    {
        // Bytes, not JsonContent: the resilience handler may send the same request message more than once.
        using var request = new HttpRequestMessage(HttpMethod.Post, _analyzeTextUri)
        {
            Content = new ByteArrayContent(body) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") } },
        };
        using var response = await _httpClient.SendAsync(request, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            var error = await ReadErrorAsync(response, cancellationToken);
            throw new HttpRequestException(
                $"Azure AI Language {kind} request failed with {(int)response.StatusCode} " +
                $"{error?.DetailedCode ?? response.ReasonPhrase}: {error?.DetailedMessage}",
                inner: null,
                response.StatusCode);
        }

        var parsed = await response.Content
            .ReadFromJsonAsync<AnalyzeTextResponse<TDocument>>(Json, cancellationToken)
            ;
        return parsed?.Results ?? throw new HttpRequestException(
            $"Azure AI Language {kind} returned a response without results.");
    }

    private static async Task<LanguageError?> ReadErrorAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            var parsed = await response.Content
                .ReadFromJsonAsync<LanguageErrorResponse>(Json, cancellationToken)
                ;
            return parsed?.Error;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>Consecutive groups of at most <paramref name="maxDocuments"/> whose JSON stays under the body limit.</summary>
    internal static IEnumerable<IReadOnlyList<LanguageInput>> Batches(
        IReadOnlyList<LanguageInput> documents,
        int maxDocuments,
        int maxRequestBytes)
    {
        var batch = new List<LanguageInput>();
        var bytes = EnvelopeBytes;
        foreach (var document in documents)
        {
            // +1 for the comma between array elements.
            var size = JsonSerializer.SerializeToUtf8Bytes(document, Json).Length + 1;
            if (batch.Count > 0 && (batch.Count == maxDocuments || bytes + size > maxRequestBytes))
            {
                yield return batch;
                batch = [];
                bytes = EnvelopeBytes;
            }

            batch.Add(document);
            bytes += size;
        }

        if (batch.Count > 0)
        {
            yield return batch;
        }
    }
}
