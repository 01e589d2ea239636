using System.Buffers.Binary;
using System.IO.Hashing;
using System.Runtime.InteropServices;
using NewsMonitor.Analysis.Keywords;
using NewsMonitor.Analysis.Local;

namespace NewsMonitor.Analysis.Stories;

/// <summary>
/// What two copies of one story have in common, in a few hundred bytes: the hashed word pairs (shingles) of the title
/// and the lede, the hashed "facts" (numbers and names), and a MinHash signature of the shingles whose values are the
/// story index's lookup keys (<see cref="StoryIndex"/>).
/// </summary>
/// <remarks>
/// Written here rather than taken from a package: no package in the project's list does MinHash or SimHash, and the
/// whole method is a page: hashing is the BCL's XxHash3 (System.IO.Hashing), the rest is set arithmetic. The decision
/// rule (<see cref="IsSameStory"/>) and its thresholds were tuned on the labelled pairs of
/// <c>bench/Corpus/stories/pairs.jsonl</c>; README, "Stories", has the method and the measured quality.
/// </remarks>
internal sealed record StoryFingerprint(uint[] Shingles, uint[] Anchors, uint[] TitleWords, uint[] MinHashes)
{
    /// <summary>MinHash values kept, each one lookup key (one band of one row): also the index's reads per article.</summary>
    public const int Bands = 8;

    /// <summary>Word tokens of the body that count as the lede (after boilerplate sentences are dropped).</summary>
    public const int LedeWords = 60;

    /// <summary>Shingles kept per article (the lowest hashes, which keeps the set a uniform sample of a long text).</summary>
    public const int MaxShingles = 160;

    /// <summary>Anchors kept per article.</summary>
    public const int MaxAnchors = 32;

    // Function words carry no story: "of the" must not make two reports alike. English only; other languages simply
    // keep theirs, which makes their fingerprints a little stricter, not wrong.
    private static readonly HashSet<string> StopWords = new(
        [
            "a", "an", "and", "are", "as", "at", "be", "been", "but", "by", "for", "from", "had", "has", "have", "he", "her",
            "his", "in", "into", "is", "it", "its", "of", "on", "or", "over", "said", "says", "she", "that", "the", "their",
            "they", "this", "to", "was", "were", "will", "with", "would", "after", "about", "s", "who", "which", "also",
        ],
        StringComparer.Ordinal);

    // Multiply-shift hashing (Dietzfelbinger et al.): h_i(x) = (a_i * x + b_i) >> 32 with odd a_i, one per band. The
    // constants are fixed forever: they are part of the stored keys.
    private static readonly (ulong A, ulong B)[] Permutations = CreatePermutations();

    public static StoryFingerprint Compute(string title, string? body)
    {
        var shingles = new HashSet<uint>();
        var anchors = new HashSet<uint>();
        var titleWords = new HashSet<uint>();
        AddText(title, int.MaxValue, TitleAnchors(title), shingles, anchors, titleWords);
        if (!string.IsNullOrWhiteSpace(body))
        {
            AddText(Lede(body), LedeWords, anchorNames: true, shingles, anchors, titleWords: null);
        }

        var kept = shingles.Order().Take(MaxShingles).ToArray();
        var minHashes = new uint[Bands];
        Array.Fill(minHashes, uint.MaxValue);
        foreach (var shingle in kept)
        {
            for (var band = 0; band < Bands; band++)
            {
                var value = (uint)(((Permutations[band].A * shingle) + Permutations[band].B) >> 32);
                if (value < minHashes[band])
                {
                    minHashes[band] = value;
                }
            }
        }

        return new StoryFingerprint(kept, anchors.Order().Take(MaxAnchors).ToArray(), titleWords.Order().ToArray(), minHashes);
    }

    /// <summary>Jaccard similarity of the shingle sets (both sorted).</summary>
    public static double Similarity(StoryFingerprint a, StoryFingerprint b)
    {
        var shared = SharedCount(a.Shingles, b.Shingles);
        var union = a.Shingles.Length + b.Shingles.Length - shared;
        return union == 0 ? 0 : (double)shared / union;
    }

    /// <summary>Jaccard similarity of the titles' content words.</summary>
    public static double TitleSimilarity(StoryFingerprint a, StoryFingerprint b)
    {
        var shared = SharedCount(a.TitleWords, b.TitleWords);
        var union = a.TitleWords.Length + b.TitleWords.Length - shared;
        return union == 0 ? 0 : (double)shared / union;
    }

    /// <summary>Share of the smaller anchor set that the other one has; 1 when either has none (no fact to contradict).</summary>
    public static double FactOverlap(StoryFingerprint a, StoryFingerprint b)
    {
        var smaller = Math.Min(a.Anchors.Length, b.Anchors.Length);
        return smaller == 0 ? 1 : (double)SharedCount(a.Anchors, b.Anchors) / smaller;
    }

    /// <summary>
    /// The decision: the same facts (names and figures of one in the other) and enough of the same words, where the
    /// headline's words count extra. Copies of a wire story keep names and figures while editors rewrite the headline
    /// and trim the lede; two reports on one topic share its vocabulary but differ in who, where and how many.
    /// </summary>
    public static bool IsSameStory(StoryFingerprint a, StoryFingerprint b) => IsSameStory(a, b, StoryThresholds.Default);

    internal static bool IsSameStory(StoryFingerprint a, StoryFingerprint b, StoryThresholds thresholds) =>
        FactOverlap(a, b) >= thresholds.MinFactOverlap
        && Similarity(a, b) + (thresholds.TitleWeight * TitleSimilarity(a, b)) >= thresholds.MinScore;

    /// <summary>True when the two share a lookup key, that is when the index would find one from the other.</summary>
    public static bool ShareABand(StoryFingerprint a, StoryFingerprint b)
    {
        for (var band = 0; band < Bands; band++)
        {
            if (a.MinHashes[band] == b.MinHashes[band])
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Sorted values as little-endian bytes, for a table column.</summary>
    public static byte[] ToBytes(uint[] values)
    {
        var bytes = new byte[values.Length * sizeof(uint)];
        for (var i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(i * sizeof(uint)), values[i]);
        }

        return bytes;
    }

    public static uint[] FromBytes(byte[]? bytes)
    {
        if (bytes is null)
        {
            return [];
        }

        var values = new uint[bytes.Length / sizeof(uint)];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(i * sizeof(uint)));
        }

        return values;
    }

    /// <summary>
    /// The opening of the body: its first sentences up to about <see cref="LedeWords"/> words, leaving out the
    /// sentences that are page furniture (<see cref="BoilerplateDetector"/>: "Subscribe to our newsletter").
    /// </summary>
    internal static string Lede(string body)
    {
        var lede = new System.Text.StringBuilder();
        var words = 0;
        var start = 0;
        while (start < body.Length && words < LedeWords)
        {
            var end = SentenceEnd(body, start);
            var sentence = body.AsSpan(start, end - start).Trim();
            if (!sentence.IsEmpty && !BoilerplateDetector.IsBoilerplate(sentence))
            {
                lede.Append(sentence).Append(' ');
                words += sentence.Count(' ') + 1;
            }

            start = end;
        }

        return lede.ToString();
    }

    // After the next '.', '!' or '?' that is followed by white space (or the end): good enough for a lede, whose
    // cut only needs to land in the same place in two copies of one text.
    private static int SentenceEnd(string text, int start)
    {
        for (var i = start; i < text.Length; i++)
        {
            if (text[i] is '.' or '!' or '?' && (i + 1 == text.Length || char.IsWhiteSpace(text[i + 1])))
            {
                return i + 1;
            }
        }

        return text.Length;
    }

    // A headline in sentence case capitalises names only, so its capitals are facts; in title case ("Taliban Claim
    // Control Of Border") they are style, and only its figures count.
    private static bool TitleAnchors(string title)
    {
        var words = title.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var capitalised = words.Count(word => char.IsUpper(word[0]));
        return capitalised * 2 <= words.Length;
    }

    private static void AddText(string text, int maxWords, bool anchorNames, HashSet<uint> shingles, HashSet<uint> anchors, HashSet<uint>? titleWords)
    {
        var tokens = Tokenizer.Tokenize(text);
        var previous = 0UL;
        var havePrevious = false;
        var words = 0;
        var atSentenceStart = true;
        for (var i = 0; i < tokens.Count && words < maxWords; i++)
        {
            var token = tokens[i];
            if (token.Kind == TokenKind.Punctuation)
            {
                atSentenceStart |= token.Text is "." or "!" or "?" or ":" or "-" or "\u2014" or "\u2013" or "|" or "(" or ")";
                continue;
            }

            var folded = TextFolding.Fold(token.Text);
            if (folded.Length == 0)
            {
                continue;
            }

            words++;
            var isStopWord = StopWords.Contains(folded);
            // Facts: figures anywhere, names in the lede (a headline's capitals are style, not names).
            var isAnchor = token.Kind == TokenKind.Number || (anchorNames && token.IsCapitalized && !atSentenceStart && !isStopWord);
            atSentenceStart = false;
            if (isStopWord)
            {
                continue;
            }

            var hash = Hash(folded);
            titleWords?.Add((uint)hash);
            if (isAnchor)
            {
                anchors.Add((uint)hash);
            }

            if (havePrevious)
            {
                shingles.Add((uint)(Mix(previous ^ (hash * 0x9E3779B97F4A7C15UL)) >> 32));
            }

            previous = hash;
            havePrevious = true;
        }
    }

    private static ulong Hash(string folded) => XxHash3.HashToUInt64(MemoryMarshal.AsBytes(folded.AsSpan()));

    // SplitMix64's finaliser: spreads the pair's bits before the top 32 are kept.
    private static ulong Mix(ulong value)
    {
        value = (value ^ (value >> 30)) * 0xBF58476D1CE4E5B9UL;
        value = (value ^ (value >> 27)) * 0x94D049BB133111EBUL;
        return value ^ (value >> 31);
    }

    private static int SharedCount(uint[] a, uint[] b)
    {
        int i = 0, j = 0, shared = 0;
        while (i < a.Length && j < b.Length)
        {
            if (a[i] == b[j])
            {
                shared++;
                i++;
                j++;
            }
            else if (a[i] < b[j])
            {
                i++;
            }
            else
            {
                j++;
            }
        }

        return shared;
    }

    private static (ulong A, ulong B)[] CreatePermutations()
    {
        var permutations = new (ulong, ulong)[Bands];
        var state = 0x5EED_2021_0709UL;
        for (var i = 0; i < Bands; i++)
        {
            state = Mix(state + 0x9E3779B97F4A7C15UL);
            var a = state | 1;
            state = Mix(state + 0x9E3779B97F4A7C15UL);
            permutations[i] = (a, state);
        }

        return permutations;
    }
}

/// <summary>
/// The decision's thresholds: the share of the smaller anchor set the other must have (<see cref="MinFactOverlap"/>),
/// and the least text score, the shingles' Jaccard similarity plus <see cref="TitleWeight"/> times the titles'.
/// </summary>
internal sealed record StoryThresholds(double MinFactOverlap, double TitleWeight, double MinScore)
{
    /// <summary>Tuned on bench/Corpus/stories/pairs.jsonl (README, "Stories").</summary>
    public static StoryThresholds Default { get; } = new(0.7, 0.5, 0.8);
}
