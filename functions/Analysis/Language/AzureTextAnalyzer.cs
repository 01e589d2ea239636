using Microsoft.Extensions.Logging;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace NewsMonitor.Analysis.Language;

/// <summary>
/// <see cref="ITextAnalyzer"/> on Azure AI Language. Long texts are split at sentences (service limit 5,120 text
/// elements per document), analyzed as parts and merged: offsets mapped back, sentiment weighted by part length,
/// key phrases merged. Per-document errors become <see cref="TextAnalysis.Warnings"/>. A text every part of which the
/// service rejected (per-document errors are final: InvalidDocument, too long) is analyzed locally with a warning that
/// says why, instead of failing the blob event until it lands in poison. When the circuit is open or the call runs out
/// of its time budget, the whole batch goes to the local analyzer. Both need <see cref="AnalysisOptions.FallbackToLocal"/>;
/// the result then says "local".
/// </summary>
internal sealed class AzureTextAnalyzer(
    LanguageClient client,
    AnalysisOptions options,
    ITextAnalyzer? localFallback,
    ILogger<AzureTextAnalyzer> logger) : ITextAnalyzer
{
    private const string UnknownLanguage = "unknown";

    public string Name => AnalyzerNames.Azure;

    public async Task<TextAnalysis> AnalyzeAsync(string text, string? languageHint = null, CancellationToken cancellationToken = default)
    {
        var results = await AnalyzeBatchAsync([text], languageHint, cancellationToken);
        return results[0];
    }

    public async Task<IReadOnlyList<TextAnalysis>> AnalyzeBatchAsync(
        IReadOnlyList<string> texts,
        string? languageHint = null,
        CancellationToken cancellationToken = default)
    {
        try
        {
            return await AnalyzeWithServiceAsync(texts, languageHint, cancellationToken);
        }
        catch (Exception exception) when (exception is BrokenCircuitException or TimeoutRejectedException
            && options.FallbackToLocal && localFallback is not null)
        {
            AnalysisLog.FallingBackToLocal(logger, exception, texts.Count);
            var results = await localFallback.AnalyzeBatchAsync(texts, languageHint, cancellationToken);
            var warning = exception is BrokenCircuitException
                ? new AnalysisWarning("AzureUnavailable", "Azure AI Language circuit open; analyzed locally.")
                : new AnalysisWarning("AzureTimeout", $"Azure AI Language did not answer within {options.TotalTimeout}; analyzed locally.");
            return [.. results.Select(r => r with { Warnings = [.. r.Warnings, warning] })];
        }
    }

    private async Task<IReadOnlyList<TextAnalysis>> AnalyzeWithServiceAsync(
        IReadOnlyList<string> texts,
        string? languageHint,
        CancellationToken cancellationToken)
    {
        var parts = texts.Select(t => string.IsNullOrWhiteSpace(t) ? [] : TextSplitter.Split(t, options.MaxDocumentTextElements)).ToList();
        var firstParts = new List<LanguageInput>();
        for (var t = 0; t < texts.Count; t++)
        {
            if (parts[t].Count > 0)
            {
                firstParts.Add(new LanguageInput(DocumentId(t, 0), parts[t][0].Text));
            }
        }

        if (firstParts.Count == 0)
        {
            return [.. texts.Select(_ => EmptyResult())];
        }

        // The language of the first part stands for the text; it is what the other kinds are told to expect.
        var detection = await client.DetectLanguageAsync(firstParts, cancellationToken);
        var detected = detection.Documents.ToDictionary(d => d.Id, StringComparer.Ordinal);
        var hint = PrimaryLanguage(languageHint);
        var languages = new string?[texts.Count];
        var documents = new List<LanguageInput>();
        for (var t = 0; t < texts.Count; t++)
        {
            var iso = detected.GetValueOrDefault(DocumentId(t, 0))?.DetectedLanguage?.Iso6391Name;
            languages[t] = IsKnown(iso) ? iso : hint;
            for (var p = 0; p < parts[t].Count; p++)
            {
                documents.Add(new LanguageInput(DocumentId(t, p), parts[t][p].Text, languages[t]));
            }
        }

        var sentiment = await client.AnalyzeSentimentAsync(documents, cancellationToken);
        var entities = await client.RecognizeEntitiesAsync(documents, cancellationToken);
        var keyPhrases = await client.ExtractKeyPhrasesAsync(documents, cancellationToken);

        var merger = new ResultMerger(detection, sentiment, entities, keyPhrases);
        var results = new List<TextAnalysis>(texts.Count);
        for (var t = 0; t < texts.Count; t++)
        {
            results.Add(parts[t].Count == 0
                ? EmptyResult()
                : merger.Merge(t, parts[t])
                    ?? await RejectedAsync(t, texts[t], merger.Problems(t, parts[t].Count), languageHint, cancellationToken));
        }

        return results;
    }

    /// <summary>
    /// The service rejected every part of this text with a per-document error, which no retry changes: analyze it
    /// locally and say why, or fail when there is no local analyzer to ask.
    /// </summary>
    private async Task<TextAnalysis> RejectedAsync(int index, string text, string problems, string? languageHint, CancellationToken cancellationToken)
    {
        if (!options.FallbackToLocal || localFallback is null)
        {
            throw new InvalidOperationException($"Azure AI Language could not analyze text {index} (every part of it failed): {problems}");
        }

        AnalysisLog.RejectedAnalyzedLocally(logger, index, problems);
        var local = await localFallback.AnalyzeAsync(text, languageHint, cancellationToken);
        return local with { Warnings = [.. local.Warnings, new AnalysisWarning("AzureRejected", $"Azure AI Language rejected the text ({problems}); analyzed locally.")] };
    }

    internal static string DocumentId(int text, int part) => $"{text}.{part}";

    private static bool IsKnown(string? iso) =>
        !string.IsNullOrEmpty(iso) && !iso.Equals("(Unknown)", StringComparison.OrdinalIgnoreCase);

    private static string? PrimaryLanguage(string? hint)
    {
        if (string.IsNullOrWhiteSpace(hint))
        {
            return null;
        }

        var dash = hint.IndexOf('-', StringComparison.Ordinal);
        return (dash > 0 ? hint[..dash] : hint).ToLowerInvariant();
    }

    private static TextAnalysis EmptyResult() => new()
    {
        Language = UnknownLanguage,
        Sentiment = new SentimentScores("neutral", 0, 1, 0),
        Analyzer = AnalyzerNames.Azure,
        Warnings = [new AnalysisWarning("EmptyText", "The text is empty; nothing was sent to the service.")],
    };

    /// <summary>Puts the parts of one text back together.</summary>
    private sealed class ResultMerger(
        LanguageResults<LanguageDetectionDocument> detection,
        LanguageResults<SentimentDocument> sentiment,
        LanguageResults<EntitiesDocument> entities,
        LanguageResults<KeyPhrasesDocument> keyPhrases)
    {
        private readonly Dictionary<string, LanguageDetectionDocument> _detection = ById(detection.Documents);
        private readonly Dictionary<string, SentimentDocument> _sentiment = ById(sentiment.Documents);
        private readonly Dictionary<string, EntitiesDocument> _entities = ById(entities.Documents);
        private readonly Dictionary<string, KeyPhrasesDocument> _keyPhrases = ById(keyPhrases.Documents);

        private readonly ILookup<string, (string Kind, LanguageDocumentError Error)> _errors =
            detection.Errors.Select(e => (AnalyzeTextKinds.LanguageDetection, e))
                .Concat(sentiment.Errors.Select(e => (AnalyzeTextKinds.SentimentAnalysis, e)))
                .Concat(entities.Errors.Select(e => (AnalyzeTextKinds.EntityRecognition, e)))
                .Concat(keyPhrases.Errors.Select(e => (AnalyzeTextKinds.KeyPhraseExtraction, e)))
                .ToLookup(x => x.Item2.Id, StringComparer.Ordinal);

        /// <summary>The per-document errors of every part of a text, as one line.</summary>
        public string Problems(int text, int parts) => string.Join("; ", Enumerable.Range(0, parts)
            .SelectMany(p => _errors[DocumentId(text, p)].Select(e => $"{e.Kind} part {p + 1}: {e.Error.Error.DetailedCode}: {e.Error.Error.DetailedMessage}")));

        /// <summary>The merged result, or null when the service rejected every part of the text.</summary>
        public TextAnalysis? Merge(int text, IReadOnlyList<TextPart> parts)
        {
            var warnings = new List<AnalysisWarning>();
            var sentences = new List<SentenceSentiment>();
            var recognized = new List<RecognizedEntity>();
            var phrases = new List<string>();
            var seenPhrases = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            var labels = new HashSet<string>(StringComparer.Ordinal);
            double positive = 0, neutral = 0, negative = 0, weight = 0;
            var succeeded = 0;

            for (var p = 0; p < parts.Count; p++)
            {
                var id = DocumentId(text, p);
                var part = parts[p];
                var partOk = false;
                foreach (var (kind, error) in _errors[id])
                {
                    warnings.Add(new AnalysisWarning(
                        error.Error.DetailedCode,
                        $"{kind}, part {p + 1} of {parts.Count} (offset {part.Offset}): {error.Error.DetailedMessage}"));
                }

                if (_sentiment.TryGetValue(id, out var s))
                {
                    partOk = true;
                    labels.Add(s.Sentiment);
                    double w = part.Text.Length;
                    positive += s.ConfidenceScores.Positive * w;
                    neutral += s.ConfidenceScores.Neutral * w;
                    negative += s.ConfidenceScores.Negative * w;
                    weight += w;
                    sentences.AddRange(s.Sentences.Select(x => new SentenceSentiment(
                        x.Text, x.Offset + part.Offset, x.Length, x.Sentiment,
                        x.ConfidenceScores.Positive, x.ConfidenceScores.Neutral, x.ConfidenceScores.Negative)));
                    AddWarnings(warnings, s, p, parts.Count);
                }

                if (_entities.TryGetValue(id, out var e))
                {
                    partOk = true;
                    recognized.AddRange(e.Entities.Select(ToEntity(part.Offset)));
                    AddWarnings(warnings, e, p, parts.Count);
                }

                if (_keyPhrases.TryGetValue(id, out var k))
                {
                    partOk = true;
                    phrases.AddRange(k.KeyPhrases.Where(seenPhrases.Add));
                    AddWarnings(warnings, k, p, parts.Count);
                }

                succeeded += partOk ? 1 : 0;
            }

            if (succeeded == 0)
            {
                return null;
            }

            var language = _detection.GetValueOrDefault(DocumentId(text, 0))?.DetectedLanguage;
            return new TextAnalysis
            {
                Language = IsKnown(language?.Iso6391Name) ? language!.Iso6391Name! : UnknownLanguage,
                LanguageConfidence = language?.ConfidenceScore ?? 0,
                Sentiment = CombineSentiment(labels, positive, neutral, negative, weight, warnings),
                Sentences = sentences,
                Entities = recognized,
                KeyPhrases = phrases,
                Analyzer = AnalyzerNames.Azure,
                Warnings = warnings,
            };
        }

        private static SentimentScores CombineSentiment(
            HashSet<string> labels,
            double positive,
            double neutral,
            double negative,
            double weight,
            List<AnalysisWarning> warnings)
        {
            if (weight <= 0)
            {
                warnings.Add(new AnalysisWarning("NoSentiment", "No part returned a sentiment; reported as neutral."));
                return new SentimentScores("neutral", 0, 1, 0);
            }

            var sum = positive + neutral + negative;
            if (sum <= 0)
            {
                return new SentimentScores("neutral", 0, 1, 0);
            }

            positive /= sum;
            neutral /= sum;
            negative /= sum;
            // As the service labels a document: mixed when it holds both positive and negative parts.
            var label = labels.Count == 1 ? labels.First()
                : labels.Contains("mixed") || (labels.Contains("positive") && labels.Contains("negative")) ? "mixed"
                : positive >= neutral && positive >= negative ? "positive"
                : negative >= neutral ? "negative"
                : "neutral";
            return new SentimentScores(label, positive, neutral, negative);
        }

        private static void AddWarnings(List<AnalysisWarning> warnings, LanguageDocument document, int part, int parts)
        {
            warnings.AddRange(document.Warnings.Select(w => new AnalysisWarning(
                w.Code ?? "Warning",
                parts == 1 ? w.Message ?? string.Empty : $"part {part + 1} of {parts}: {w.Message}")));
        }

        /// <summary>
        /// The service's <c>type</c> is the finest granularity (e.g. "City" under category "Location"): where it
        /// differs from the category it is what the local analyzer calls the subcategory.
        /// </summary>
        private static Func<LanguageEntity, RecognizedEntity> ToEntity(int partOffset) => x =>
        {
            var (category, subcategory) = x.Classify();
            var entity = new RecognizedEntity(x.Text, category, subcategory, x.Offset + partOffset, x.Length, x.ConfidenceScore);
            entity = x.Type is { Length: > 0 } type ? entity with { Type = type } : entity;
            return x.Tags is not { Count: > 0 } tags ? entity : entity with { Tags = [.. tags.Select(tag => tag.Name)] };
        };

        private static Dictionary<string, T> ById<T>(IReadOnlyList<T> documents)
            where T : LanguageDocument =>
            documents.ToDictionary(d => d.Id, StringComparer.Ordinal);
    }
}
