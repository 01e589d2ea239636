namespace NewsMonitor.Analysis.Local;

/// <summary>
/// The offline analyzer: language identification, sentence splitting, sentiment, named entities and key phrases
/// from rules and bundled lexicons, no network. English only: other languages are detected and flagged with the
/// warning <see cref="UnsupportedLanguageWarning"/>, with neutral sentiment and no entities or key phrases rather than
/// English rules misapplied. Empty or whitespace-only text yields an empty neutral result (language "unknown",
/// warning <see cref="EmptyDocumentWarning"/>); null throws <see cref="ArgumentNullException"/>.
/// Thread-safe: all state is the immutable <see cref="LocalAnalyzerResources"/>.
/// </summary>
internal sealed class LocalTextAnalyzer : ITextAnalyzer
{
    public const string AnalyzerName = "local";
    public const string UnsupportedLanguageWarning = "UnsupportedLanguage";
    public const string EmptyDocumentWarning = "EmptyDocument";

    // Below this length the trigram profiles can lose to names; words no other language writes decide instead.
    private const int ShortText = 400;

    // Function words that are English only (no "a", "in", "de", "la": other languages write those too).
    private static readonly HashSet<string> EnglishFunctionWords = new(StringComparer.Ordinal)
    {
        "the", "of", "and", "to", "for", "on", "with", "was", "is", "said", "at", "by", "from", "that", "this", "were",
        "has", "have", "his", "her", "their", "will", "it", "as", "are", "an", "after", "who", "which", "would",
        "been", "but", "not", "they", "he", "she", "we", "met", "left", "says",
    };

    private readonly LocalAnalyzerResources _lexicon;
    private readonly SentenceSplitter _splitter;
    private readonly LanguageIdentifier _languages;
    private readonly PartOfSpeechTagger _tagger;
    private readonly SentimentScorer _sentiment;
    private readonly EntityRecognizer _entities;
    private readonly KeyPhraseExtractor _keyPhrases;

    private readonly SentimentModel? _sentimentModel;

    public LocalTextAnalyzer(LocalAnalyzerResources resources)
        : this(resources, resources.EntityTagger, resources.SentimentModel)
    {
    }

    /// <summary>An analyzer with other tagger weights than the embedded ones (the trainer scores its own this way).</summary>
    public LocalTextAnalyzer(LocalAnalyzerResources resources, EntityTagger? entityTagger)
        : this(resources, entityTagger, resources.SentimentModel)
    {
    }

    /// <summary>An analyzer with other trained weights than the embedded ones (the trainers score their own this way).</summary>
    public LocalTextAnalyzer(LocalAnalyzerResources resources, EntityTagger? entityTagger, SentimentModel? sentimentModel)
    {
        _sentimentModel = sentimentModel;
        _lexicon = resources;
        _splitter = new SentenceSplitter(resources);
        _languages = new LanguageIdentifier(resources);
        _tagger = new PartOfSpeechTagger(resources);
        _sentiment = new SentimentScorer(resources);
        _entities = new EntityRecognizer(resources, entityTagger);
        _keyPhrases = new KeyPhraseExtractor(resources);
    }

    public string Name => AnalyzerName;

    public Task<TextAnalysis> AnalyzeAsync(string text, string? languageHint = null, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(Analyze(text, languageHint));
    }

    public Task<IReadOnlyList<TextAnalysis>> AnalyzeBatchAsync(
        IReadOnlyList<string> texts,
        string? languageHint = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(texts);
        var results = new TextAnalysis[texts.Count];
        for (var i = 0; i < texts.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            results[i] = Analyze(texts[i], languageHint);
        }

        return Task.FromResult<IReadOnlyList<TextAnalysis>>(results);
    }

    /// <summary>Analyzes <paramref name="text"/> synchronously (it is CPU-bound and takes about a millisecond).</summary>
    public TextAnalysis Analyze(string text, string? languageHint = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (string.IsNullOrWhiteSpace(text))
        {
            return new TextAnalysis
            {
                Language = LanguageIdentifier.Unknown,
                Sentiment = SentimentScorer.Neutral,
                Analyzer = AnalyzerName,
                Warnings = [new AnalysisWarning(EmptyDocumentWarning, "The text is empty; nothing to analyze.")],
            };
        }

        var detected = _languages.Detect(text);
        var language = detected.Language;
        if (language == LanguageIdentifier.Unknown || (languageHint is not null && detected.Confidence < 0.5))
        {
            // Too little text to tell: trust the caller's hint, else assume the feed's usual English.
            language = string.IsNullOrWhiteSpace(languageHint) ? "en" : languageHint.ToLowerInvariant();
        }

        var tokens = Tokenizer.Tokenize(text);
        if (language != "en" && languageHint is null && text.Length < ShortText && LooksEnglish(tokens, _lexicon))
        {
            // A short sentence that is mostly names ("Angela Merkel met Emmanuel Macron in Paris") has too few
            // letter trigrams of English for the profile comparison; its function words still say English.
            language = "en";
            detected = detected with { Language = "en", Confidence = 0.5 };
        }

        var sentences = _splitter.Split(text, tokens);
        if (language != "en")
        {
            return new TextAnalysis
            {
                Language = language,
                LanguageConfidence = detected.Confidence,
                Sentiment = SentimentScorer.Neutral,
                Sentences = [.. sentences.Select(s => ToSentence(text, s, SentimentScorer.Neutral))],
                Analyzer = AnalyzerName,
                Warnings =
                [
                    new AnalysisWarning(
                        UnsupportedLanguageWarning,
                        $"The local analyzer understands English only; the text is in '{language}'. Sentiment is reported neutral and no entities or key phrases are extracted."),
                ],
            };
        }

        // A trailing footer ("Subscribe to Mint Newsletters") is reported as a neutral sentence and nothing more: no
        // entities, key phrases or weight in the document's sentiment.
        var storyEnd = BoilerplateDetector.TrailingStart(text, sentences);
        var story = storyEnd == sentences.Count ? sentences : sentences.GetRange(0, storyEnd);
        var classes = _tagger.Tag(tokens, sentences);
        var entities = _entities.Recognize(text, tokens, story);
        if (storyEnd < sentences.Count)
        {
            entities.RemoveAll(e => e.Offset >= sentences[storyEnd].Start);
        }

        var inEntity = EntityMask(tokens, entities);
        var sentenceScores = new List<SentimentScores>(sentences.Count);
        var sentenceResults = new List<SentenceSentiment>(sentences.Count);
        var compounds = new List<double>(sentences.Count);
        for (var s = 0; s < sentences.Count; s++)
        {
            var sentence = sentences[s];
            if (s >= storyEnd)
            {
                sentenceResults.Add(ToSentence(text, sentence, SentimentScorer.Neutral));
                continue;
            }

            var compound = _sentiment.Compound(tokens, sentence.FirstToken, sentence.EndToken, inEntity);
            var scores = SentimentScorer.FromCompound(compound);
            compounds.Add(compound);
            sentenceScores.Add(scores);
            sentenceResults.Add(ToSentence(text, sentence, scores));
        }

        var sentiment = SentimentScorer.Document(sentenceScores);
        if (_sentimentModel is not null && text.Length <= SentimentModel.MaxTextLength && story.Count > 0 && sentiment.Label != "mixed")
        {
            // A short text (a post, a review, a headline and its summary) is scored as a whole by the trained model,
            // which reads the rules' scores among its features; the sentences keep the rules' labels, and a text of
            // strongly positive and strongly negative sentences stays mixed (the model scores the whole only).
            sentiment = SentimentModel.ToScores(_sentimentModel.Predict(SentimentFeatures(text, tokens, story, inEntity, compounds, sentiment)), sentiment.Label);
        }

        return new TextAnalysis
        {
            Language = language,
            LanguageConfidence = detected.Confidence,
            Sentiment = sentiment,
            Sentences = sentenceResults,
            Entities = entities,
            KeyPhrases = _keyPhrases.Extract(text, tokens, story, classes, entities),
            Analyzer = AnalyzerName,
        };
    }

    /// <summary>The trained sentiment model's features of a short English text, as <see cref="Analyze"/> computes
    /// them (the sentiment trainer learns from these); null when the text is empty or not taken for English.</summary>
    internal List<KeyValuePair<ulong, float>>? SentimentFeatures(string text)
    {
        var tokens = Tokenizer.Tokenize(text);
        if (tokens.Count == 0)
        {
            return null;
        }

        var sentences = _splitter.Split(text, tokens);
        var storyEnd = BoilerplateDetector.TrailingStart(text, sentences);
        var story = storyEnd == sentences.Count ? sentences : sentences.GetRange(0, storyEnd);
        if (story.Count == 0)
        {
            return null;
        }

        var inEntity = EntityMask(tokens, _entities.Recognize(text, tokens, story));
        var compounds = story.Select(s => _sentiment.Compound(tokens, s.FirstToken, s.EndToken, inEntity)).ToList();
        var rules = SentimentScorer.Document([.. compounds.Select(SentimentScorer.FromCompound)]);
        return SentimentFeatures(text, tokens, story, inEntity, compounds, rules);
    }

    private List<KeyValuePair<ulong, float>> SentimentFeatures(string text, List<Token> tokens, List<SentenceSpan> story, bool[] inEntity, List<double> compounds, SentimentScores rules)
    {
        var end = story[^1].EndToken;
        var evidence = new SentimentEvidence(
            _sentiment.Compound(tokens, 0, end, inEntity),
            compounds.Average(),
            compounds.Min(),
            compounds.Max(),
            rules.Positive - rules.Negative,
            _sentiment.Compound(tokens, 0, end, new bool[tokens.Count], _sentiment.EmoticonValence(text[..tokens[end - 1].End])));
        return SentimentModel.Extract(tokens, end, inEntity, evidence, _lexicon);
    }

    private static bool LooksEnglish(List<Token> tokens, LocalAnalyzerResources lexicon)
    {
        var lowerWords = 0;
        var functionWords = 0;
        var englishWords = 0;
        var words = 0;
        var knownWords = 0;
        // Words opening with a letter: capitalised, or not (with how many of those are English words or function words).
        int letterWords = 0, capitalised = 0, otherWords = 0, otherEnglish = 0;
        foreach (var token in tokens)
        {
            if (token.Kind == TokenKind.Word && token.Lower is not ("http" or "https" or "www"))
            {
                words++;
                knownWords += lexicon.PartsOfSpeech.ContainsKey(token.Lower) || lexicon.Valences.ContainsKey(token.Lower) ? 1 : 0;
            }

            if (token.Kind == TokenKind.Word && char.IsLetter(token.Text[0]))
            {
                letterWords++;
                if (char.IsUpper(token.Text[0]))
                {
                    capitalised++;
                }
                else
                {
                    otherWords++;
                    otherEnglish += EnglishFunctionWords.Contains(token.Lower) || lexicon.PartsOfSpeech.ContainsKey(token.Lower)
                        || lexicon.Valences.ContainsKey(token.Lower) ? 1 : 0;
                }
            }

            if (token.Kind == TokenKind.Word && char.IsLower(token.Text[0]))
            {
                lowerWords++;
                if (EnglishFunctionWords.Contains(token.Text))
                {
                    functionWords++;
                }

                if (lexicon.PartsOfSpeech.ContainsKey(token.Lower) || lexicon.Valences.ContainsKey(token.Lower))
                {
                    englishWords++;
                }
            }
        }

        // Or most of its words are in the English lexicons: a tweet ("so happy today lol") has few function words.
        // Or, in any case, half its words or more are English words ("Boring as hell", "LMAO, AMAZING!", "outstanding!"):
        // a post of one to five words has too few trigrams for the profiles.
        // Or it is names joined by English words ("Blinken met Qatar's Prime Minister Sheikh Mohammed bin Abdulrahman Al
        // Thani in Doha.", taken for Uyghur): half its words or more capitalised, and of its two or more other words all
        // but one English. Names read alike in every language, so the few other words decide; a foreign sentence of
        // names read as English loses little (its names are still names), an English one read as foreign every entity.
        return (functionWords >= 2 && functionWords * 4 >= lowerWords) || (englishWords >= 3 && englishWords * 10 >= lowerWords * 7)
            || (knownWords >= 1 && knownWords * 2 >= words)
            || (capitalised * 2 >= letterWords && otherWords >= 2 && otherEnglish >= otherWords - 1 && otherEnglish >= 2);
    }

    private static SentenceSentiment ToSentence(string text, SentenceSpan sentence, SentimentScores scores) =>
        new(text.Substring(sentence.Start, sentence.Length), sentence.Start, sentence.Length, scores.Label, scores.Positive, scores.Neutral, scores.Negative);

    private static bool[] EntityMask(List<Token> tokens, List<RecognizedEntity> entities)
    {
        var mask = new bool[tokens.Count];
        var t = 0;
        foreach (var entity in entities)
        {
            if (entity.Category is not ("Person" or "Location" or "Organization"))
            {
                continue;
            }

            while (t < tokens.Count && tokens[t].End <= entity.Offset)
            {
                t++;
            }

            for (var i = t; i < tokens.Count && tokens[i].Start < entity.Offset + entity.Length; i++)
            {
                mask[i] = true;
            }
        }

        return mask;
    }
}
