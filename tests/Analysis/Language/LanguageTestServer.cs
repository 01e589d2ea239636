using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using NewsMonitor.Tests.Support;

namespace NewsMonitor.Tests.Analysis.Language;

/// <summary>A request the fake Language service received.</summary>
internal sealed record LanguageRequest(
    string Kind,
    string Path,
    string Query,
    IReadOnlyDictionary<string, string> Headers,
    JsonObject Body)
{
    public IReadOnlyList<(string Id, string Text, string? Language)> Documents =>
        [.. Body["analysisInput"]!["documents"]!.AsArray().Select(d => (
            d!["id"]!.GetValue<string>(),
            d["text"]!.GetValue<string>(),
            d["language"]?.GetValue<string>()))];
}

/// <summary>A reply: status, JSON body, extra headers.</summary>
internal sealed record LanguageReply(int Status, string Body, IReadOnlyDictionary<string, string>? Headers = null);

/// <summary>
/// A Kestrel server on 127.0.0.1 (free port) standing in for Azure AI Language's analyze-text endpoint. It records
/// every request and answers through <see cref="Responder"/>, which by default replies like the service does (response
/// shapes from the 2025-11-01 analyzetext.json spec), deterministically derived from each document's text.
/// </summary>
internal sealed class LanguageTestServer : IAsyncDisposable
{
    private readonly ConcurrentQueue<LanguageRequest> _requests = new();
    private TestWebServer? _web;

    private LanguageTestServer()
    {
    }

    public Uri Endpoint => _web?.BaseAddress ?? throw new InvalidOperationException("The server is not started.");

    public IReadOnlyList<LanguageRequest> Requests => [.. _requests];

    /// <summary>Given the request and how many requests of its kind came before it, the reply.</summary>
    public Func<LanguageRequest, int, LanguageReply> Responder { get; set; } = (request, _) => Success(request);

    public int Count(string kind) => _requests.Count(r => r.Kind == kind);

    public static async Task<LanguageTestServer> StartAsync()
    {
        var server = new LanguageTestServer();
        server._web = await TestWebServer.StartAsync(app => app.Run(server.HandleAsync));
        return server;
    }

    public ValueTask DisposeAsync() => _web?.DisposeAsync() ?? ValueTask.CompletedTask;

    private async Task HandleAsync(HttpContext context)
    {
        var body = (await JsonNode.ParseAsync(context.Request.Body))!.AsObject();
        var kind = body["kind"]!.GetValue<string>();
        var request = new LanguageRequest(
            kind,
            context.Request.Path.Value ?? string.Empty,
            context.Request.QueryString.Value ?? string.Empty,
            context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase),
            body);
        var previous = Count(kind);
        _requests.Enqueue(request);
        var reply = Responder(request, previous);
        context.Response.StatusCode = reply.Status;
        context.Response.ContentType = "application/json";
        foreach (var (name, value) in reply.Headers ?? new Dictionary<string, string>())
        {
            context.Response.Headers[name] = value;
        }

        await context.Response.WriteAsync(reply.Body);
    }

    /// <summary>
    /// Words the fake entity recognizer knows, with their category, and the finer type and tags the 2025-11-01 service
    /// sends instead of a subcategory (EntityWithMetadata).
    /// </summary>
    public static readonly IReadOnlyDictionary<string, (string Category, string Type, string[] Tags)> KnownEntities =
        new Dictionary<string, (string, string, string[])>
        {
            ["Taliban"] = ("Organization", "Organization", ["Organization"]),
            ["Kabul"] = ("Location", "City", ["Location", "GPE", "City"]),
            ["Lavrov"] = ("Person", "Person", ["Person"]),
        };

    public static LanguageReply Success(LanguageRequest request, Func<string, bool>? failDocument = null)
    {
        var documents = new JsonArray();
        var errors = new JsonArray();
        foreach (var (id, text, _) in request.Documents)
        {
            if (failDocument?.Invoke(id) == true)
            {
                errors.Add(new JsonObject
                {
                    ["id"] = id,
                    ["error"] = new JsonObject
                    {
                        ["code"] = "InvalidArgument",
                        ["message"] = "Invalid document in request.",
                        ["innererror"] = new JsonObject
                        {
                            ["code"] = "InvalidDocument",
                            ["message"] = "A document within the request was too large to be processed.",
                        },
                    },
                });
                continue;
            }

            documents.Add(DocumentResult(request.Kind, id, text));
        }

        var kind = request.Kind + "Results";
        var reply = new JsonObject
        {
            ["kind"] = kind,
            ["results"] = new JsonObject
            {
                ["documents"] = documents,
                ["errors"] = errors,
                ["modelVersion"] = "2025-01-01",
            },
        };
        return new LanguageReply(200, reply.ToJsonString());
    }

    public static LanguageReply Error(int status, string code, IReadOnlyDictionary<string, string>? headers = null) =>
        new(status, JsonSerializer.Serialize(new { error = new { code, message = "Simulated " + code } }), headers);

    private static JsonObject DocumentResult(string kind, string id, string text)
    {
        var document = new JsonObject { ["id"] = id, ["warnings"] = new JsonArray() };
        switch (kind)
        {
            case "LanguageDetection":
                document["detectedLanguage"] = new JsonObject
                {
                    ["name"] = "English",
                    ["iso6391Name"] = "en",
                    ["confidenceScore"] = 0.95,
                };
                break;
            case "SentimentAnalysis":
                document["sentiment"] = "negative";
                document["confidenceScores"] = Scores(0.1, 0.2, 0.7);
                document["sentences"] = new JsonArray(new JsonObject
                {
                    ["text"] = text,
                    ["sentiment"] = "negative",
                    ["confidenceScores"] = Scores(0.1, 0.2, 0.7),
                    ["offset"] = 0,
                    ["length"] = text.Length,
                    ["targets"] = new JsonArray(),
                    ["assessments"] = new JsonArray(),
                });
                break;
            case "EntityRecognition":
                var entities = new JsonArray();
                foreach (var (word, (category, type, tags)) in KnownEntities)
                {
                    for (var at = text.IndexOf(word, StringComparison.Ordinal); at >= 0; at = text.IndexOf(word, at + 1, StringComparison.Ordinal))
                    {
                        entities.Add(new JsonObject
                        {
                            ["text"] = word,
                            ["category"] = category,
                            ["type"] = type,
                            ["tags"] = new JsonArray([.. tags.Select(tag => (JsonNode)new JsonObject { ["name"] = tag, ["confidenceScore"] = 1.0 })]),
                            ["offset"] = at,
                            ["length"] = word.Length,
                            ["confidenceScore"] = 0.9,
                        });
                    }
                }

                document["entities"] = entities;
                break;
            case "KeyPhraseExtraction":
                // The first word, and one phrase every document shares (so merging must de-duplicate it).
                document["keyPhrases"] = new JsonArray(text.Split(' ', StringSplitOptions.RemoveEmptyEntries)[0], "shared phrase");
                break;
            default:
                throw new InvalidOperationException("Unexpected kind " + kind);
        }

        return document;
    }

    private static JsonObject Scores(double positive, double neutral, double negative) =>
        new() { ["positive"] = positive, ["neutral"] = neutral, ["negative"] = negative };
}
