namespace NewsMonitor.Analysis.Local;

internal enum WordClass
{
    Other,
    Noun,
    ProperNoun,
    Adjective,
    Participle,
    Verb,
    Adverb,
    FunctionWord,
    Number,
    Punctuation,
}

/// <summary>
/// A lexicon tagger: each word's most likely Penn tag from wink-lexicon, capitalised unknown words as proper nouns,
/// other unknown words by their suffix ("-tion" noun, "-ous" adjective). Enough for noun-phrase chunking.
/// </summary>
internal sealed class PartOfSpeechTagger(LocalAnalyzerResources resources)
{
    private static readonly string[] NounSuffixes = ["tion", "sion", "ment", "ness", "ity", "ism", "ist", "ance", "ence", "ship", "hood", "age", "ery", "acy", "ure", "dom", "ian", "er", "or"];
    private static readonly string[] AdjectiveSuffixes = ["ous", "ive", "ical", "al", "ic", "able", "ible", "ful", "less", "ish", "ary", "ent", "ant"];

    public WordClass[] Tag(List<Token> tokens, List<SentenceSpan> sentences)
    {
        var classes = new WordClass[tokens.Count];
        foreach (var sentence in sentences)
        {
            for (var i = sentence.FirstToken; i < sentence.EndToken; i++)
            {
                var atStart = i == sentence.FirstToken || (i > sentence.FirstToken && tokens[i - 1].Kind == TokenKind.Punctuation && !tokens[i - 1].Is(','));
                classes[i] = Classify(tokens[i], atStart);
                // After "to" or a modal, a word that can be a base-form verb is one ("to overrun Afghanistan").
                if (i > sentence.FirstToken && tokens[i - 1].Lower is "to" or "will" or "would" or "must" or "can" or "could" or "should" or "might" or "shall" or "cannot"
                    && !tokens[i].IsCapitalized && resources.PartsOfSpeech.TryGetValue(tokens[i].Lower, out var tags) && tags.Contains("VB"))
                {
                    classes[i] = WordClass.Verb;
                }
            }
        }

        return classes;
    }

    public WordClass Classify(Token token, bool atSentenceStart)
    {
        if (token.Kind == TokenKind.Number)
        {
            return WordClass.Number;
        }

        if (token.Kind == TokenKind.Punctuation)
        {
            return WordClass.Punctuation;
        }

        if (resources.PartsOfSpeech.TryGetValue(token.Lower, out var tags))
        {
            if (token.IsCapitalized && !atSentenceStart && !resources.StopWords.Contains(token.Lower))
            {
                return WordClass.ProperNoun;
            }

            return FromPenn(tags[0]);
        }

        if (token.IsCapitalized && !(atSentenceStart && resources.StopWords.Contains(token.Lower)))
        {
            return WordClass.ProperNoun;
        }

        if (resources.StopWords.Contains(token.Lower))
        {
            return WordClass.FunctionWord;
        }

        return Guess(token.Lower);
    }

    private WordClass Guess(string word)
    {
        // Plurals and inflections of known words: "crossings", "insurgents" (stem known as a noun).
        if (word.Length > 3 && word[^1] == 's')
        {
            var stem = word.EndsWith("ies", StringComparison.Ordinal) ? word[..^3] + "y" : word[..^1];
            if (resources.PartsOfSpeech.TryGetValue(stem, out var stemTags) && stemTags[0].StartsWith("NN", StringComparison.Ordinal))
            {
                return WordClass.Noun;
            }
        }

        if (word.EndsWith("ly", StringComparison.Ordinal))
        {
            return WordClass.Adverb;
        }

        if (word.EndsWith("ing", StringComparison.Ordinal) || word.EndsWith("ed", StringComparison.Ordinal))
        {
            return WordClass.Participle;
        }

        if (AdjectiveSuffixes.Any(s => word.EndsWith(s, StringComparison.Ordinal)) && !NounSuffixes.Any(s => word.EndsWith(s, StringComparison.Ordinal)))
        {
            return WordClass.Adjective;
        }

        return WordClass.Noun;
    }

    private static WordClass FromPenn(string tag) => tag switch
    {
        "NN" or "NNS" => WordClass.Noun,
        "NNP" or "NNPS" => WordClass.ProperNoun,
        "JJ" or "JJR" or "JJS" => WordClass.Adjective,
        "VBG" or "VBN" => WordClass.Participle,
        "VB" or "VBD" or "VBP" or "VBZ" or "MD" => WordClass.Verb,
        "RB" or "RBR" or "RBS" or "RP" => WordClass.Adverb,
        "CD" => WordClass.Number,
        _ => WordClass.FunctionWord,
    };
}
