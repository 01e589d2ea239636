namespace NewsMonitor.Analysis.Local;

/// <summary>
/// Sentence and document sentiment. Each sentence gets a VADER compound score (Hutto &amp; Gilbert 2014: lexicon
/// valences with intensifiers, negation within three words, "but" shifting weight to the clause after it, capitals
/// and exclamation marks as emphasis); words inside named entities are ignored ("Hope", "Joy" as names). The compound
/// maps to confidence scores summing to 1; the document label follows the sentence labels the way Azure AI Language
/// does (mixed when clearly positive and clearly negative sentences both carry weight), with two news rules: the
/// headline and lede weigh double, and mixed needs the weaker polarity at half the stronger's weight or more.
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

    /// <summary>VADER's booster step (B_INCR), used for the degree adjectives below.</summary>
    private const double BoosterIncrement = 0.293;

    // Hard-news vocabulary that VADER (social media) and AFINN lack or rate neutral: conflict, disaster, economic
    // distress. VADER's scale (−4..+4), set at or below the lexicon's own words of the same field ("clash" −1.6,
    // "riot" −2.6, "war" −2.9), so a report of events reads as negative without outweighing explicit judgement.
    private static readonly Dictionary<string, double> NewsValences = new(StringComparer.Ordinal)
    {
        ["clashes"] = -1.6,
        ["seize"] = -1.2,
        ["seized"] = -1.2,
        ["seizing"] = -1.2,
        ["seizure"] = -1.2,
        ["captured"] = -1.0,
        ["overrun"] = -1.8,
        ["overran"] = -1.8,
        ["insurgent"] = -1.2,
        ["insurgency"] = -1.8,
        ["militant"] = -1.4,
        ["unrest"] = -1.8,
        ["radicalism"] = -1.5,
        ["extremism"] = -2.0,
        ["destabilize"] = -1.8,
        ["destabilise"] = -1.8,
        ["airstrike"] = -2.0,
        ["shelling"] = -2.2,
        ["bombing"] = -2.6,
        ["casualties"] = -2.4,
        ["refugee"] = -1.0,
        ["displaced"] = -1.4,
        ["stranded"] = -1.4,
        ["invade"] = -2.0,
        ["invaded"] = -2.0,
        ["siege"] = -2.0,
        ["besieged"] = -2.0,
        ["hostage"] = -2.2,
        ["massacre"] = -3.2,
        ["coup"] = -2.2,
        ["looting"] = -2.0,
        ["gunmen"] = -2.2,
        ["wounded"] = -2.2,
        ["explosion"] = -2.0,
        ["blast"] = -1.8,
        ["crackdown"] = -1.8,
        ["escalation"] = -1.6,
        ["escalate"] = -1.4,
        ["fled"] = -1.2,
        ["flee"] = -1.2,
        ["sanction"] = -0.8,
        ["drought"] = -1.8,
        ["flood"] = -1.8,
        ["flooding"] = -1.8,
        ["earthquake"] = -2.0,
        ["quake"] = -2.0,
        ["tsunami"] = -2.4,
        ["wildfire"] = -1.8,
        ["heatwave"] = -1.2,
        ["derailment"] = -2.0,
        ["pandemic"] = -1.6,
        ["cyberattack"] = -2.2,
        ["layoff"] = -1.8,
        ["downturn"] = -1.6,
        ["slump"] = -1.6,
        ["plunge"] = -1.4,
        ["plunged"] = -1.4,
        ["tumbled"] = -1.2,
        // Plural nouns that the base-form fallback below would misread: "forces" as "forced" (−2), "goods" as "good".
        ["forces"] = 0,
        ["goods"] = 0,
    };

    // Adjectives of degree that VADER rates as sentiment words ("great" +3.1) but that, before another sentiment
    // word, only say how much of it there is: "great concern" is strong concern, not praise.
    private static readonly HashSet<string> DegreeAdjectives = new(StringComparer.Ordinal)
    {
        "great", "greater", "greatest", "deep", "deeper", "grave", "serious", "huge", "big", "bigger", "enormous",
        "major", "strong", "stronger", "high", "heavy", "utmost", "considerable", "significant", "real",
    };

    // "like" is a sentiment word only as a verb; in news it is mostly the preposition ("meetings like that of").
    private static readonly HashSet<string> BeforeVerbLike = new(StringComparer.Ordinal)
    {
        "i", "we", "you", "they", "he", "she", "would", "'d", "to", "do", "does", "did", "not", "really", "don't",
        "didn't", "doesn't", "people", "voters", "investors", "fans", "users",
    };

    // Institutional nouns that VADER rates as feelings but that, before one of the heads below, name a thing of news:
    // "peace plan", "security forces", "support package" say nothing about how the story goes.
    private static readonly HashSet<string> InstitutionalNouns = new(StringComparer.Ordinal)
    {
        "peace", "security", "support", "safety", "rescue", "relief", "aid", "protection", "justice", "freedom",
        "welfare", "care", "defence", "defense", "trust",
    };

    private static readonly HashSet<string> CompoundHeads = new(StringComparer.Ordinal)
    {
        "plan", "plans", "talks", "process", "deal", "proposal", "agreement", "negotiations", "envoy", "conference",
        "initiative", "forces", "force", "council", "situation", "services", "service", "officials", "agencies",
        "guarantees", "measures", "operation", "operations", "personnel", "package", "workers", "teams", "minister",
        "ministry", "department", "adviser", "advisor", "agency", "treaty", "accord", "summit", "efforts", "mission",
        "zone", "concerns", "fund", "funding", "organisations", "organizations", "groups", "programme", "program",
    };

    /// <summary>The headline and lede of a news text state the story; later sentences quote and give context. Their
    /// polar weight counts this many times in the document label.</summary>
    private const double LedeWeight = 2;

    private const int LedeSentences = 2;

    /// <summary>The document is mixed only when neither polarity outweighs the other two to one.</summary>
    private const double MixedBalance = 0.5;

    public static SentimentScores Neutral { get; } = new("neutral", 0, 1, 0);

    /// <summary>The summed valence of the emoticons (":)", ":-D", "<3") in <paramref name="text"/>: VADER reads them as
    /// whitespace-separated tokens, which the tokenizer splits into punctuation.</summary>
    public double EmoticonValence(string text)
    {
        var sum = 0.0;
        foreach (var chunk in text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
        {
            if (chunk.Length <= 8 && !char.IsLetter(chunk[0]) && chunk.Any(c => !char.IsLetterOrDigit(c))
                && (resources.Valences.TryGetValue(chunk, out var valence) || resources.Valences.TryGetValue(chunk.ToLowerInvariant(), out valence)))
            {
                sum += valence;
            }
        }

        return sum;
    }

    public double Compound(List<Token> tokens, int first, int end, bool[] inEntity, double extraValence = 0)
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

            if (inEntity[words[w]] || resources.Boosters.ContainsKey(token.Lower) || IsKindOf(tokens, words, w) || IsDegreeBeforeSentiment(tokens, words, w))
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

        var sum = valences.Sum() + extraValence;
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

    /// <summary>The document's sentiment from its sentences' (Azure's model: label from the polar sentences), the
    /// headline and lede weighing double.</summary>
    public static SentimentScores Document(IReadOnlyList<SentimentScores> sentences)
    {
        var positive = sentences.Where(s => s.Label == "positive").ToList();
        var negative = sentences.Where(s => s.Label == "negative").ToList();
        if (positive.Count == 0 && negative.Count == 0)
        {
            return sentences.Count == 0 ? Neutral : Average(sentences, "neutral");
        }

        var positiveWeight = 0.0;
        var negativeWeight = 0.0;
        for (var i = 0; i < sentences.Count; i++)
        {
            var weight = i < LedeSentences ? LedeWeight : 1;
            positiveWeight += sentences[i].Label == "positive" ? weight * sentences[i].Positive : 0;
            negativeWeight += sentences[i].Label == "negative" ? weight * sentences[i].Negative : 0;
        }

        var polar = positive.Concat(negative).ToList();
        var strongBoth = positive.Any(s => s.Positive >= StrongScore) && negative.Any(s => s.Negative >= StrongScore);
        if (strongBoth && Math.Min(positiveWeight, negativeWeight) >= MixedBalance * Math.Max(positiveWeight, negativeWeight))
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

    private bool IsDegreeBeforeSentiment(List<Token> tokens, List<int> words, int w) =>
        DegreeAdjectives.Contains(tokens[words[w]].Lower) && w + 1 < words.Count && TryGetValence(tokens[words[w + 1]].Lower, out _);

    private double Valence(List<Token> tokens, List<int> words, int w, bool capsMatter)
    {
        var token = tokens[words[w]];
        if (!TryGetValence(token.Lower, out var valence))
        {
            return 0;
        }

        string Word(int k) => k >= 0 && k < words.Count ? tokens[words[k]].Lower : string.Empty;

        // "no" before another sentiment word is a negator, not a sentiment word itself.
        if (token.Lower == "no" && resources.Valences.ContainsKey(Word(w + 1)))
        {
            return 0;
        }

        if ((token.Lower == "like" && !BeforeVerbLike.Contains(Word(w - 1)))
            || (InstitutionalNouns.Contains(token.Lower) && CompoundHeads.Contains(Word(w + 1))))
        {
            return 0;
        }

        if (w > 0 && DegreeAdjectives.Contains(Word(w - 1)))
        {
            valence += valence > 0 ? BoosterIncrement : -BoosterIncrement;
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

    /// <summary>The lexicon's valence of the word, else of its base form when the lexicon lists only an inflection
    /// ("concern" and "concerns" take the valence of "concerned").</summary>
    private bool TryGetValence(string word, out double valence)
    {
        if (resources.Valences.TryGetValue(word, out valence) || NewsValences.TryGetValue(word, out valence))
        {
            return true;
        }

        if (word.Length < 5)
        {
            return false;
        }

        var stem = word[^1] == 's' ? word[..^1] : word;
        return resources.Valences.TryGetValue(stem, out valence)
            || resources.Valences.TryGetValue(stem + "ed", out valence)
            || resources.Valences.TryGetValue(stem + "d", out valence)
            || NewsValences.TryGetValue(stem, out valence);
    }

    private bool IsNegation(string word) =>
        resources.Negations.Contains(word) || word.EndsWith("n't", StringComparison.Ordinal) || word.EndsWith("n\u2019t", StringComparison.Ordinal);
}
