namespace NewsMonitor.Analysis.Local;

/// <summary>
/// Sentence and document sentiment. Each sentence gets a VADER compound score (Hutto &amp; Gilbert 2014: lexicon
/// valences with intensifiers, negation within three words, "but" shifting weight to the clause after it, capitals
/// and exclamation marks as emphasis); words inside named entities are ignored ("Hope", "Joy" as names). The compound
/// maps to confidence scores summing to 1; the document label follows the sentence labels the way Azure AI Language
/// does: mixed when clearly positive and clearly negative sentences both carry weight.
/// </summary>
internal sealed class SentimentScorer(LocalAnalyzerResources resources)
{
    // VADER's constants (vaderSentiment.py): booster step, capitals emphasis, negation scalar, normalisation alpha.
    private const double CapsIncrement = 0.733;
    private const double NegationScalar = -0.74;
    private const double NormalizationAlpha = 15;
    private const double ExclamationIncrement = 0.292;

    /// <summary>|compound| at which a sentence stops being neutral. VADER's own 0.05 calls most news sentences
    /// polar because of one mildly loaded word; 0.25 keeps reported speech and plain facts neutral.</summary>
    private const double PolarThreshold = 0.25;

    /// <summary>A sentence counts as strongly polar for "mixed" when its polar score reaches this.</summary>
    private const double StrongScore = 0.7;

    public static SentimentScores Neutral { get; } = new("neutral", 0, 1, 0);

    public double Compound(List<Token> tokens, int first, int end, bool[] inEntity)
    {
        var words = new List<int>(end - first);
        var exclamations = 0;
        var questions = 0;
        var hasLowerCase = false;
        for (var i = first; i < end; i++)
        {
            var token = tokens[i];
            if (token.Kind == TokenKind.Word)
            {
                words.Add(i);
                hasLowerCase |= !token.IsAllCaps;
            }
            else if (token.Is('!'))
            {
                exclamations++;
            }
            else if (token.Is('?'))
            {
                questions++;
            }
        }

        // Capitals are emphasis only when the sentence is not all capitals (a headline).
        var capsMatter = hasLowerCase && words.Any(w => tokens[w].IsAllCaps);
        var valences = new double[words.Count];
        var butIndex = -1;
        for (var w = 0; w < words.Count; w++)
        {
            var token = tokens[words[w]];
            if (token.Lower is "but")
            {
                butIndex = butIndex < 0 ? w : butIndex;
            }

            if (inEntity[words[w]] || resources.Boosters.ContainsKey(token.Lower) || IsKindOf(tokens, words, w))
            {
                continue;
            }

            valences[w] = Valence(tokens, words, w, capsMatter);
        }

        if (butIndex >= 0)
        {
            for (var w = 0; w < valences.Length; w++)
            {
                valences[w] *= w < butIndex ? 0.5 : w > butIndex ? 1.5 : 1;
            }
        }

        var sum = valences.Sum();
        var emphasis = (Math.Min(exclamations, 4) * ExclamationIncrement) + (questions > 1 ? Math.Min(questions * 0.18, 0.96) : 0);
        sum += sum > 0 ? emphasis : sum < 0 ? -emphasis : 0;
        return sum / Math.Sqrt((sum * sum) + NormalizationAlpha);
    }

    /// <summary>Confidence scores (sum 1) and label of a sentence with VADER compound <paramref name="compound"/>.</summary>
    public static SentimentScores FromCompound(double compound)
    {
        var strength = Math.Abs(compound);
        // Piecewise linear: strength 0 → polar 0, threshold → 0.5 (label flips), 1 → 1.
        var polar = strength < PolarThreshold
            ? 0.5 * strength / PolarThreshold
            : 0.5 + (0.5 * (strength - PolarThreshold) / (1 - PolarThreshold));
        polar = Math.Round(polar, 2);
        var neutral = Math.Round(1 - polar, 2);
        var label = strength < PolarThreshold ? "neutral" : compound > 0 ? "positive" : "negative";
        return compound >= 0
            ? new SentimentScores(label, polar, neutral, 0)
            : new SentimentScores(label, 0, neutral, polar);
    }

    /// <summary>The document's sentiment from its sentences' (Azure's model: label from the polar sentences).</summary>
    public static SentimentScores Document(IReadOnlyList<SentimentScores> sentences)
    {
        var positive = sentences.Where(s => s.Label == "positive").ToList();
        var negative = sentences.Where(s => s.Label == "negative").ToList();
        if (positive.Count == 0 && negative.Count == 0)
        {
            return sentences.Count == 0 ? Neutral : Average(sentences, "neutral");
        }

        var positiveWeight = positive.Sum(s => s.Positive);
        var negativeWeight = negative.Sum(s => s.Negative);
        var polar = positive.Concat(negative).ToList();
        var strongBoth = positive.Any(s => s.Positive >= StrongScore) && negative.Any(s => s.Negative >= StrongScore);
        if (strongBoth && Math.Min(positiveWeight, negativeWeight) >= 0.4 * Math.Max(positiveWeight, negativeWeight))
        {
            return Average(polar, "mixed");
        }

        return Average(polar, positiveWeight >= negativeWeight ? "positive" : "negative");
    }

    private static SentimentScores Average(IReadOnlyList<SentimentScores> scores, string label)
    {
        var positive = Math.Round(scores.Average(s => s.Positive), 2);
        var negative = Math.Round(scores.Average(s => s.Negative), 2);
        return new SentimentScores(label, positive, Math.Round(1 - positive - negative, 2), negative);
    }

    private static bool IsKindOf(List<Token> tokens, List<int> words, int w) =>
        tokens[words[w]].Lower == "kind" && w + 1 < words.Count && tokens[words[w + 1]].Lower == "of";

    private double Valence(List<Token> tokens, List<int> words, int w, bool capsMatter)
    {
        var token = tokens[words[w]];
        if (!resources.Valences.TryGetValue(token.Lower, out var valence))
        {
            return 0;
        }

        string Word(int k) => k >= 0 && k < words.Count ? tokens[words[k]].Lower : string.Empty;

        // "no" before another sentiment word is a negator, not a sentiment word itself.
        if (token.Lower == "no" && resources.Valences.ContainsKey(Word(w + 1)))
        {
            return 0;
        }

        if (capsMatter && token.IsAllCaps)
        {
            valence += valence > 0 ? CapsIncrement : -CapsIncrement;
        }

        for (var distance = 1; distance <= 3 && w - distance >= 0; distance++)
        {
            var previous = tokens[words[w - distance]];
            if (!resources.Valences.ContainsKey(previous.Lower) && resources.Boosters.TryGetValue(previous.Lower, out var scalar))
            {
                scalar = valence < 0 ? -scalar : scalar;
                if (capsMatter && previous.IsAllCaps)
                {
                    scalar += valence > 0 ? CapsIncrement : -CapsIncrement;
                }

                valence += scalar * (distance == 1 ? 1 : distance == 2 ? 0.95 : 0.9);
            }

            var before = Word(w - distance);
            if (distance > 1 && Word(w - distance) == "never" && Word(w - distance + 1) is "so" or "this")
            {
                valence *= 1.25;
            }
            else if (distance > 1 && before == "without" && Word(w - distance + 1) == "doubt")
            {
                // "without doubt" affirms.
            }
            else if (IsNegation(before))
            {
                valence *= NegationScalar;
            }
        }

        if (w > 0 && Word(w - 1) == "least" && Word(w - 2) is not ("at" or "very"))
        {
            valence *= NegationScalar;
        }

        return valence;
    }

    private bool IsNegation(string word) =>
        resources.Negations.Contains(word) || word.EndsWith("n't", StringComparison.Ordinal) || word.EndsWith("n\u2019t", StringComparison.Ordinal);
}
