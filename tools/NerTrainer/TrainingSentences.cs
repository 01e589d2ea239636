using NewsMonitor.Analysis.Local;

namespace NewsMonitor.Tools.NerTrainer;

/// <summary>A sentence ready for training: each token's static features (flattened) and its gold label.
/// A label of −1 (only when <see cref="Partial"/>) means the data leaves that token unlabelled.</summary>
internal sealed record TrainingSentence(ulong[] Features, int[] Offsets, int[] Labels, EntityFeatures.TokenFacts[] Facts, int First, bool Partial);

/// <summary>
/// Turns a gold document into training sentences the way the analyzer sees text: the analyzer's tokenizer, sentence
/// splitter and rule recognizer run on the document text, and each token takes the gold label of the span it falls
/// in, so the tagger learns on the same tokens it will tag.
/// </summary>
internal static class TrainingSentences
{
    public static List<TrainingSentence> From(ConllDocument document, LocalAnalyzerResources resources)
    {
        var text = document.Text;
        var tokens = Tokenizer.Tokenize(text);
        var result = new List<TrainingSentence>();
        if (tokens.Count == 0)
        {
            return result;
        }

        var sentences = new SentenceSplitter(resources).Split(text, tokens);
        // Sentences in capitals are learned as written; the analyzer recases them before tagging (ReadableCase).
        (tokens, _, _, var facts) = new EntityRecognizer(resources, tagger: null).Prepare(text, tokens, sentences, readableCase: false);
        var labels = GoldLabels(tokens, document.Gold);
        // WNUT-17 leaves Twitter mentions ("@ user") unlabelled where BTC labels them as names: there the tokens
        // are left open (the best path through them counts as gold) instead of teaching that a handle is no name.
        var unlabelledMentions = document.Source.StartsWith("wnut17", StringComparison.Ordinal);
        Span<ulong> buffer = stackalloc ulong[EntityFeatures.MaxFeaturesPerToken];
        foreach (var sentence in sentences)
        {
            var features = new List<ulong>();
            var offsets = new int[sentence.EndToken - sentence.FirstToken + 1];
            for (var i = sentence.FirstToken; i < sentence.EndToken; i++)
            {
                var n = EntityFeatures.Extract(tokens, facts, sentence.FirstToken, sentence.EndToken, i, buffer);
                features.AddRange(buffer[..n]);
                offsets[i - sentence.FirstToken + 1] = features.Count;
            }

            var gold = labels[sentence.FirstToken..sentence.EndToken];
            var partial = false;
            for (var t = 0; t < gold.Length; t++)
            {
                var i = sentence.FirstToken + t;
                if (t > 0 && EntityLabels.IsInside(gold[t]) && !EntityLabels.Allowed(gold[t - 1], gold[t]))
                {
                    gold[t] = EntityLabels.Begin(EntityLabels.TypeOf(gold[t]));
                }

                if (!EntityTagger.IsActive(facts, sentence.FirstToken, i) || (EntityLabels.IsBegin(gold[t]) && !facts[i].HasUpper))
                {
                    // The decoder never gives such a token that label (no capital near it, or a name opening in
                    // lower case): learn it as outside.
                    gold[t] = EntityLabels.Outside;
                }
            }

            if (unlabelledMentions)
            {
                for (var t = 0; t < gold.Length; t++)
                {
                    var i = sentence.FirstToken + t;
                    var mention = tokens[i].Is('@') || (i > sentence.FirstToken && tokens[i - 1].Is('@') && tokens[i - 1].End >= tokens[i].Start - 1);
                    if (mention && gold[t] == EntityLabels.Outside)
                    {
                        gold[t] = -1;
                        partial = true;
                    }
                }
            }

            result.Add(new TrainingSentence([.. features], offsets, gold, facts, sentence.FirstToken, partial));
        }

        return result;
    }

    private static int[] GoldLabels(List<Token> tokens, IReadOnlyList<GoldSpan> gold)
    {
        var labels = new int[tokens.Count];
        var t = 0;
        foreach (var span in gold.OrderBy(g => g.Start))
        {
            while (t < tokens.Count && tokens[t].End <= span.Start)
            {
                t++;
            }

            var first = true;
            for (var i = t; i < tokens.Count && tokens[i].Start < span.End; i++)
            {
                labels[i] = first ? EntityLabels.Begin(span.Type) : EntityLabels.Inside(span.Type);
                first = false;
            }
        }

        return labels;
    }
}
