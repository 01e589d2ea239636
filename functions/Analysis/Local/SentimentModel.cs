using System.IO.Compression;

namespace NewsMonitor.Analysis.Local;

/// <summary>What the lexicon rules say about a text, as the trained sentiment model reads it.</summary>
/// <param name="TextCompound">VADER's compound over the whole text as one unit (VADER's own reading).</param>
/// <param name="MeanCompound">The mean of the sentences' compounds.</param>
/// <param name="MinCompound">The most negative sentence's compound.</param>
/// <param name="MaxCompound">The most positive sentence's compound.</param>
/// <param name="RuleScore">The rules' document positive − negative (news rules included).</param>
/// <param name="PlainCompound">The whole text's compound with words inside names counted and emoticons read, as
/// VADER reads a post.</param>
internal readonly record struct SentimentEvidence(double TextCompound, double MeanCompound, double MinCompound, double MaxCompound, double RuleScore, double PlainCompound);

/// <summary>
/// The trained sentiment of a short text (a post, a review snippet, a headline with its summary): a linear
/// regression onto the mean human rating (÷ 4, so −1..1) over the lexicon rules' scores (<see cref="SentimentEvidence"/>,
/// as values and in bins) and the text's lower-case words and word pairs, a word after a negation marked as negated
/// ("not good" is another feature than "good"). Punctuation tokens count as words, so emoticons (": )") and "!!"
/// carry weight. The weights are trained by <c>tools/SentimentTrainer</c> on VADER's human-rated sets and embedded as
/// <c>Resources/sentiment-model.bin.gz</c>. Immutable after loading, so one instance serves every thread.
/// </summary>
internal sealed class SentimentModel
{
    /// <summary>Texts up to this length are scored by the model; longer ones (articles) by the sentence rules, which
    /// were tuned on news and which the model never saw at that length.</summary>
    public const int MaxTextLength = 1000;

    /// <summary>|score| from which the model's answer alone makes a polarity (a mean rating of ±1).</summary>
    public const double SurePolarity = 0.25;

    /// <summary>|score| from which the model's answer is a polarity when the rules say the same (a mean rating of
    /// ±0.4; the regression pulls its answers towards the middle, so a clearly glad business story scores about 0.2).</summary>
    public const double AgreedPolarity = 0.1;

    private const uint Magic = 0x544E4553; // "SENT"
    private const int Version = 1;

    private readonly Dictionary<ulong, float> _weights;

    public SentimentModel(Dictionary<ulong, float> weights) => _weights = weights;

    public int FeatureCount => _weights.Count;

    /// <summary>The predicted rating ÷ 4, clamped to −1..1.</summary>
    public double Predict(IReadOnlyList<KeyValuePair<ulong, float>> features)
    {
        var sum = 0.0;
        foreach (var (hash, value) in features)
        {
            if (_weights.TryGetValue(hash, out var weight))
            {
                sum += weight * value;
            }
        }

        return Math.Clamp(sum, -1, 1);
    }

    /// <summary>Scores summing to 1 whose positive − negative is the model's score; the label is polar when the score
    /// is clearly so, or mildly so in the direction the rules' label (<paramref name="rulesLabel"/>) already gives.
    /// Plain statements score a little off zero from their words ("budget" leans negative in reviews), and a news
    /// fact must not be called negative for that.</summary>
    public static SentimentScores ToScores(double score, string rulesLabel)
    {
        var polar = Math.Round(Math.Abs(score), 2);
        var direction = score > 0 ? "positive" : "negative";
        var label = Math.Abs(score) >= SurePolarity || (Math.Abs(score) >= AgreedPolarity && rulesLabel == direction) ? direction : "neutral";
        return score >= 0
            ? new SentimentScores(label, polar, Math.Round(1 - polar, 2), 0)
            : new SentimentScores(label, 0, Math.Round(1 - polar, 2), polar);
    }

    /// <summary>The features of tokens [0, <paramref name="end"/>) with the rules' <paramref name="evidence"/>; tokens
    /// inside names (<paramref name="inEntity"/>) count as one placeholder word.</summary>
    public static List<KeyValuePair<ulong, float>> Extract(List<Token> tokens, int end, bool[] inEntity, SentimentEvidence evidence, LocalAnalyzerResources resources)
    {
        var features = new List<KeyValuePair<ulong, float>>(64 + (end * 2));
        void Add(int template, ulong value, double weight) => features.Add(new(EntityFeatures.Mix(template, value), (float)weight));

        Add(1, 0, 1);
        Add(2, 0, evidence.TextCompound);
        Add(3, 0, evidence.MeanCompound);
        Add(4, 0, evidence.MinCompound);
        Add(5, 0, evidence.MaxCompound);
        Add(6, 0, evidence.RuleScore);
        Add(12, 0, evidence.PlainCompound);
        Add(13, Bin(evidence.PlainCompound), 1);
        // Bins let a linear model bend the rules' scale (VADER's compound saturates; the ratings do not).
        Add(7, Bin(evidence.TextCompound), 1);
        Add(8, Bin(evidence.RuleScore), 1);
        Add(9, (Bin(evidence.MinCompound) * 16) + Bin(evidence.MaxCompound), 1);

        // Word features weigh 1/√length, so a long review does not outvote the rules' scores by its word count alone.
        var scale = 1 / Math.Sqrt(Math.Max(end, 1));
        var previous = 3UL;
        var negated = false;
        var exclamations = 0;
        var words = 0;
        var posts = false;
        for (var i = 0; i < end; i++)
        {
            var token = tokens[i];
            if (token.Kind == TokenKind.Punctuation)
            {
                posts |= token.Is('@') || token.Is('#') || (token.Is(':') && i + 1 < end && tokens[i + 1].Kind == TokenKind.Punctuation);
                exclamations += token.Is('!') ? 1 : 0;
                negated = false;
            }

            // A name is a name, not a word: "Joy Smith" says nothing of joy.
            var lower = token.Kind == TokenKind.Number ? "0" : inEntity[i] ? "<name>" : token.Lower;
            var word = EntityFeatures.Hash(lower);
            var marked = negated ? word ^ 0x5bd1e995UL : word;
            Add(20, marked, scale);
            Add(21, (previous * 31) ^ word, scale);
            if (token.Kind == TokenKind.Word)
            {
                words++;
                posts |= token.Lower is "http" or "https" or "lol" or "rt";
                if (token.IsAllCaps)
                {
                    Add(22, marked, scale);
                }

                if (resources.Negations.Contains(lower) || lower.EndsWith("n't", StringComparison.Ordinal) || lower.EndsWith("n\u2019t", StringComparison.Ordinal))
                {
                    negated = true;
                }
            }

            previous = word;
        }

        Add(21, (previous * 31) ^ 5UL, scale);
        Add(10, (ulong)Math.Min(exclamations, 4), 1);
        Add(11, (ulong)Math.Min(words / 5, 8), 1);
        // How much the lexicon says depends on the kind of text: a post (mentions, tags, links, emoticons) states its
        // feeling in lexicon words, a review snippet often in plain description; the model learns a slope per kind.
        var kind = (ulong)((posts ? 1 : 0) + (Math.Min(words / 8, 3) * 2));
        Add(14, kind, evidence.PlainCompound);
        Add(15, kind, evidence.TextCompound);
        return features;
    }

    private static ulong Bin(double value) => (ulong)Math.Round((Math.Clamp(value, -1, 1) + 1) * 5);

    /// <summary>Loads the weights embedded in this assembly, or null when the build carries none.</summary>
    public static SentimentModel? LoadEmbedded()
    {
        var assembly = typeof(SentimentModel).Assembly;
        var name = assembly.GetManifestResourceNames().SingleOrDefault(n => n.EndsWith(".Resources.sentiment-model.bin.gz", StringComparison.Ordinal));
        if (name is null)
        {
            return null;
        }

        using var stream = assembly.GetManifestResourceStream(name)!;
        return Read(stream);
    }

    public static SentimentModel Read(Stream compressed)
    {
        using var reader = ModelFile.OpenGzip(compressed);
        if (reader.ReadUInt32() != Magic || reader.ReadInt32() != Version)
        {
            throw new InvalidDataException("Not a sentiment model of this version.");
        }

        var count = reader.ReadInt32();
        var weights = new Dictionary<ulong, float>(count);
        var hash = 0UL;
        for (var i = 0; i < count; i++)
        {
            hash += (ulong)reader.Read7BitEncodedInt64();
            weights[hash] = reader.ReadSingle();
        }

        return new SentimentModel(weights);
    }

    /// <summary>Writes the weights (hashes sorted and delta-coded, then gzip); weights below <paramref name="prune"/>
    /// in magnitude are dropped: rare words the training barely moved.</summary>
    public static void Write(Stream destination, IReadOnlyDictionary<ulong, float> weights, float prune)
    {
        var kept = weights.Where(w => Math.Abs(w.Value) >= prune).OrderBy(w => w.Key).ToList();
        using var gzip = new GZipStream(destination, CompressionLevel.SmallestSize, leaveOpen: true);
        using var writer = new BinaryWriter(gzip);
        writer.Write(Magic);
        writer.Write(Version);
        writer.Write(kept.Count);
        var previous = 0UL;
        foreach (var (hash, weight) in kept)
        {
            writer.Write7BitEncodedInt64((long)(hash - previous));
            writer.Write(weight);
            previous = hash;
        }
    }
}
