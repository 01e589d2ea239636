using NewsMonitor.Analysis.Local;

namespace NewsMonitor.Tools.NerTrainer;

/// <summary>A sentence ready for training: each token's static features (flattened) and its gold label.</summary>
internal sealed record TrainingSentence(ulong[] Features, int[] Offsets, int[] Labels, EntityFeatures.TokenFacts[] Facts, int First);

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
        var rules = new EntityRecognizer(resources, tagger: null).RecognizeByRules(text, tokens, sentences);
        var facts = new EntityFeatures(resources).Facts(tokens, EntityRecognizer.RuleLabels(tokens, rules));
        var labels = GoldLabels(tokens, document.Gold);
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

            result.Add(new TrainingSentence([.. features], offsets, labels[sentence.FirstToken..sentence.EndToken], facts, sentence.FirstToken));
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
