using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using NewsMonitor.Analysis;
using NewsMonitor.Analysis.Language;
using Polly.CircuitBreaker;

namespace NewsMonitor.Tests.Analysis.Language;

public sealed class AzureTextAnalyzerTests : IAsyncLifetime
{
    private const string Detection = AnalyzeTextKinds.LanguageDetection;
    private const string Sentiment = AnalyzeTextKinds.SentimentAnalysis;
    private const string Entities = AnalyzeTextKinds.EntityRecognition;
    private const string KeyPhrases = AnalyzeTextKinds.KeyPhraseExtraction;

    private const string Text = "Taliban fighters advanced on Kabul. Lavrov urged talks.";

    private LanguageTestServer _server = null!;

    public async Task InitializeAsync() => _server = await LanguageTestServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task AnalyzeAsync_ServiceAnswers_MapsEveryKind()
    {
        await using var services = AzureAnalyzerHarness.CreateServices(_server.Endpoint);

        var result = await services.Azure().AnalyzeAsync(Text);

        Assert.Equal("azure", result.Analyzer);
        Assert.Equal("en", result.Language);
        Assert.Equal(0.95, result.LanguageConfidence);
        Assert.Equal(new SentimentScores("negative", 0.1, 0.2, 0.7), result.Sentiment);
        var sentence = Assert.Single(result.Sentences);
        Assert.Equal(Text, sentence.Text);
        Assert.Equal(
            [("Taliban", "Organization", (string?)null, 0), ("Kabul", "Location", "GPE", 29), ("Lavrov", "Person", null, 36)],
            result.Entities.Select(e => (e.Text, e.Category, e.Subcategory, e.Offset)).OrderBy(e => e.Offset));
        Assert.Equal(["Taliban", "shared phrase"], result.KeyPhrases);
        Assert.Empty(result.Warnings);
    }

    [Fact]
    public async Task AnalyzeAsync_Request_UsesDocumentedShapeAndEntraToken()
    {
        await using var services = AzureAnalyzerHarness.CreateServices(_server.Endpoint);

        await services.Azure().AnalyzeAsync(Text);

        Assert.Equal([Detection, Sentiment, Entities, KeyPhrases], _server.Requests.Select(r => r.Kind));
        foreach (var request in _server.Requests)
        {
            Assert.Equal("/language/:analyze-text", request.Path);
            Assert.Equal("?api-version=2025-11-01", request.Query);
            Assert.Equal("Bearer " + AzureAnalyzerHarness.FakeToken, request.Headers["Authorization"]);
            Assert.False(request.Headers.ContainsKey("Ocp-Apim-Subscription-Key"));
        }

        var sentiment = _server.Requests.Single(r => r.Kind == Sentiment);
        Assert.Null(sentiment.Body["parameters"]!["opinionMining"]);
        Assert.Equal("Utf16CodeUnit", sentiment.Body["parameters"]!["stringIndexType"]!.GetValue<string>());
        Assert.Equal("en", sentiment.Documents[0].Language);
        Assert.Equal("Utf16CodeUnit", _server.Requests.Single(r => r.Kind == Entities).Body["parameters"]!["stringIndexType"]!.GetValue<string>());
        Assert.Null(_server.Requests.Single(r => r.Kind == Detection).Documents[0].Language);
    }

    [Fact]
    public async Task AnalyzeAsync_KeyConfigured_SendsSubscriptionKeyInsteadOfToken()
    {
        await using var services = AzureAnalyzerHarness.CreateServices(
            _server.Endpoint, new Dictionary<string, string?> { ["Analysis:Key"] = "local-dev-key" });

        await services.Azure().AnalyzeAsync(Text);

        Assert.All(_server.Requests, r =>
        {
            Assert.Equal("local-dev-key", r.Headers["Ocp-Apim-Subscription-Key"]);
            Assert.False(r.Headers.ContainsKey("Authorization"));
        });
    }

    [Fact]
    public async Task AnalyzeAsync_PerDocumentErrorInOneKind_SurfacedAsWarning()
    {
        _server.Responder = (request, _) => request.Kind == Entities
            ? LanguageTestServer.Success(request, failDocument: _ => true)
            : LanguageTestServer.Success(request);
        await using var services = AzureAnalyzerHarness.CreateServices(_server.Endpoint);

        var result = await services.Azure().AnalyzeAsync(Text);

        Assert.Equal("negative", result.Sentiment.Label);
        Assert.Empty(result.Entities);
        var warning = Assert.Single(result.Warnings);
        Assert.Equal("InvalidDocument", warning.Code);
        Assert.Contains("EntityRecognition", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnalyzeAsync_EntityWithTypeAndTags_CarriesThemLikeALocalEntity()
    {
        await using var services = AzureAnalyzerHarness.CreateServices(_server.Endpoint);

        var result = await services.Azure().AnalyzeAsync(Text);

        var kabul = Assert.Single(result.Entities, e => e.Text == "Kabul");
        Assert.Equal("Location", kabul.Category);
        // The local analyzer's subcategory for a city, a state or a country; the service's finer type is kept as Type.
        Assert.Equal("GPE", kabul.Subcategory);
        Assert.Equal("City", kabul.Type);
        Assert.Equal(["Location", "GPE", "City"], kabul.Tags);
        var taliban = Assert.Single(result.Entities, e => e.Text == "Taliban");
        Assert.Null(taliban.Subcategory);
        Assert.Equal("Organization", taliban.Type);
    }

    [Fact]
    public async Task AnalyzeAsync_EveryPartRejectedEveryKind_AnalyzedLocallyWithTheReason()
    {
        _server.Responder = (request, _) => request.Kind == Detection
            ? LanguageTestServer.Success(request)
            : LanguageTestServer.Success(request, failDocument: _ => true);
        await using var services = AzureAnalyzerHarness.CreateServices(_server.Endpoint, local: AzureAnalyzerHarness.LocalDouble().Object);

        var result = await services.Azure().AnalyzeAsync(Text);

        Assert.Equal("local", result.Analyzer);
        var warning = Assert.Single(result.Warnings, w => w.Code == "AzureRejected");
        Assert.Contains("InvalidDocument", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnalyzeAsync_EveryPartRejectedWithoutFallback_Throws()
    {
        _server.Responder = (request, _) => request.Kind == Detection
            ? LanguageTestServer.Success(request)
            : LanguageTestServer.Success(request, failDocument: _ => true);
        await using var services = AzureAnalyzerHarness.CreateServices(
            _server.Endpoint, new Dictionary<string, string?> { ["Analysis:FallbackToLocal"] = "false" }, AzureAnalyzerHarness.LocalDouble().Object);

        var exception = await Assert.ThrowsAsync<InvalidOperationException>(() => services.Azure().AnalyzeAsync(Text));

        Assert.Contains("InvalidDocument", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnalyzeAsync_RetryAfterOutlastsTheTotalTimeout_FallsBackToLocal()
    {
        _server.Responder = (_, _) => LanguageTestServer.Error(429, "TooManyRequests", new Dictionary<string, string> { ["Retry-After"] = "30" });
        await using var services = AzureAnalyzerHarness.CreateServices(
            _server.Endpoint,
            new Dictionary<string, string?> { ["Analysis:TotalTimeout"] = "00:00:01", ["Analysis:MaxRetryDelay"] = "00:01:00" },
            AzureAnalyzerHarness.LocalDouble().Object);

        var result = await services.Azure().AnalyzeAsync(Text);

        Assert.Equal("local", result.Analyzer);
        Assert.Contains(result.Warnings, w => w.Code == "AzureTimeout");
        Assert.Single(_server.Requests);
    }

    [Fact]
    public void HttpClient_LanguageClient_HasNoTimeoutOfItsOwn()
    {
        using var services = AzureAnalyzerHarness.CreateServices(_server.Endpoint);

        var client = services.GetRequiredService<IHttpClientFactory>().CreateClient(LanguageClient.HttpClientName);

        Assert.Equal(Timeout.InfiniteTimeSpan, client.Timeout);
    }

    [Fact]
    public async Task AnalyzeAsync_ThrottledWithRetryAfter_RetriesThenSucceeds()
    {
        _server.Responder = (request, previous) => request.Kind == Detection && previous == 0
            ? LanguageTestServer.Error(429, "TooManyRequests", new Dictionary<string, string> { ["Retry-After"] = "1" })
            : LanguageTestServer.Success(request);
        // Back-off without a Retry-After would be 10 minutes: only honouring the header lets this test finish.
        await using var services = AzureAnalyzerHarness.CreateServices(
            _server.Endpoint,
            new Dictionary<string, string?> { ["Analysis:RetryDelay"] = "00:05:00", ["Analysis:MaxRetries"] = "1" });

        var result = await services.Azure().AnalyzeAsync(Text);

        Assert.Equal("en", result.Language);
        Assert.Equal(2, _server.Count(Detection));
    }

    [Fact]
    public async Task AnalyzeAsync_Throttled_RetryAfterMsHonoured()
    {
        _server.Responder = (request, previous) => request.Kind == Sentiment && previous < 2
            ? LanguageTestServer.Error(429, "TooManyRequests", new Dictionary<string, string> { ["retry-after-ms"] = "20" })
            : LanguageTestServer.Success(request);
        await using var services = AzureAnalyzerHarness.CreateServices(
            _server.Endpoint, new Dictionary<string, string?> { ["Analysis:RetryDelay"] = "00:05:00" });

        var result = await services.Azure().AnalyzeAsync(Text);

        Assert.Equal("negative", result.Sentiment.Label);
        Assert.Equal(3, _server.Count(Sentiment));
    }

    [Fact]
    public async Task AnalyzeAsync_500sUntilBreakerOpens_FallsBackToLocal()
    {
        _server.Responder = (_, _) => LanguageTestServer.Error(500, "InternalServerError");
        var local = AzureAnalyzerHarness.LocalDouble();
        await using var services = AzureAnalyzerHarness.CreateServices(_server.Endpoint, BreakerSettings(), local.Object);

        var first = await services.Azure().AnalyzeAsync(Text);
        var requestsWhenOpened = _server.Requests.Count;
        var second = await services.Azure().AnalyzeAsync(Text);

        Assert.Equal("local", first.Analyzer);
        Assert.Equal("local", second.Analyzer);
        Assert.Contains(first.Warnings, w => w.Code == "AzureUnavailable");
        Assert.Equal(2, requestsWhenOpened);
        Assert.Equal(requestsWhenOpened, _server.Requests.Count);
    }

    [Fact]
    public async Task AnalyzeAsync_BreakerOpenWithoutFallback_Throws()
    {
        _server.Responder = (_, _) => LanguageTestServer.Error(503, "ServiceUnavailable");
        var settings = new Dictionary<string, string?>(BreakerSettings()) { ["Analysis:FallbackToLocal"] = "false" };
        await using var services = AzureAnalyzerHarness.CreateServices(
            _server.Endpoint, settings, AzureAnalyzerHarness.LocalDouble().Object);

        await Assert.ThrowsAsync<BrokenCircuitException>(() => services.Azure().AnalyzeAsync(Text));
    }

    [Fact]
    public async Task AnalyzeAsync_TextOverLimit_SplitAtSentencesAndMergedWithOriginalOffsets()
    {
        var sentences = Enumerable.Range(0, 30)
            .Select(i => string.Create(CultureInfo.InvariantCulture, $"Sentence {i} says the Taliban took a district near Kabul."));
        var text = string.Join(" ", sentences);
        await using var services = AzureAnalyzerHarness.CreateServices(
            _server.Endpoint, new Dictionary<string, string?> { ["Analysis:MaxDocumentTextElements"] = "200" });

        var result = await services.Azure().AnalyzeAsync(text);

        var sent = _server.Requests.Where(r => r.Kind == Sentiment).SelectMany(r => r.Documents).ToList();
        Assert.True(sent.Count > 1);
        Assert.All(sent, d => Assert.True(d.Text.Length <= 200));
        Assert.All(sent, d => Assert.EndsWith(".", d.Text.TrimEnd(), StringComparison.Ordinal));
        Assert.Equal(text, string.Concat(sent.Select(d => d.Text)));
        Assert.Equal(60, result.Entities.Count);
        Assert.All(result.Entities, e => Assert.Equal(e.Text, text.Substring(e.Offset, e.Length)));
        Assert.All(result.Sentences, s => Assert.Equal(s.Text, text.Substring(s.Offset, s.Length)));
        Assert.Equal(1, result.KeyPhrases.Count(p => p == "shared phrase"));
        Assert.Equal("negative", result.Sentiment.Label);
        Assert.Equal(1.0, result.Sentiment.Positive + result.Sentiment.Neutral + result.Sentiment.Negative, 6);
    }

    [Fact]
    public async Task AnalyzeAsync_OnePartFails_WarnsAndKeepsOtherParts()
    {
        _server.Responder = (request, _) => request.Kind == Detection
            ? LanguageTestServer.Success(request)
            : LanguageTestServer.Success(request, failDocument: id => id == AzureTextAnalyzer.DocumentId(0, 1));
        var text = string.Join(" ", Enumerable.Repeat("The Taliban entered Kabul today.", 10));
        await using var services = AzureAnalyzerHarness.CreateServices(
            _server.Endpoint, new Dictionary<string, string?> { ["Analysis:MaxDocumentTextElements"] = "100" });

        var result = await services.Azure().AnalyzeAsync(text);

        Assert.NotEmpty(result.Entities);
        Assert.Contains(result.Warnings, w => w.Code == "InvalidDocument" && w.Message.Contains("part 2", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AnalyzeBatchAsync_TwelveTexts_BatchedPerKindLimitsAndInInputOrder()
    {
        var texts = Enumerable.Range(0, 12).Select(i => string.Create(CultureInfo.InvariantCulture, $"text{i} about Kabul.")).ToList();
        await using var services = AzureAnalyzerHarness.CreateServices(_server.Endpoint);

        var results = await services.Azure().AnalyzeBatchAsync(texts);

        Assert.Equal(1, _server.Count(Detection));
        Assert.Equal(2, _server.Count(Sentiment));
        Assert.Equal(2, _server.Count(KeyPhrases));
        Assert.Equal(3, _server.Count(Entities));
        Assert.Equal(texts.Select((_, i) => string.Create(CultureInfo.InvariantCulture, $"text{i}")), results.Select(r => r.KeyPhrases[0]));
    }

    [Fact]
    public async Task AnalyzeAsync_EmptyText_NoRequest()
    {
        await using var services = AzureAnalyzerHarness.CreateServices(_server.Endpoint);

        var result = await services.Azure().AnalyzeAsync("   ");

        Assert.Empty(_server.Requests);
        Assert.Equal("unknown", result.Language);
        Assert.Contains(result.Warnings, w => w.Code == "EmptyText");
    }

    [Fact]
    public async Task AnalyzeAsync_BatchRejected_ThrowsWithServiceErrorCode()
    {
        _server.Responder = (_, _) => LanguageTestServer.Error(400, "InvalidDocumentBatch");
        await using var services = AzureAnalyzerHarness.CreateServices(_server.Endpoint);

        var exception = await Assert.ThrowsAsync<HttpRequestException>(() => services.Azure().AnalyzeAsync(Text));

        Assert.Contains("InvalidDocumentBatch", exception.Message, StringComparison.Ordinal);
        Assert.Single(_server.Requests);
    }

    private static Dictionary<string, string?> BreakerSettings() => new()
    {
        ["Analysis:MaxRetries"] = "3",
        ["Analysis:RetryDelay"] = "00:00:00",
        ["Analysis:BreakerMinimumThroughput"] = "2",
        ["Analysis:BreakerFailureRatio"] = "0.5",
        ["Analysis:BreakerBreakDuration"] = "00:01:00",
    };
}
