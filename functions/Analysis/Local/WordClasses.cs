using System.Globalization;

namespace NewsMonitor.Analysis.Local;

/// <summary>
/// Classes of words learned from pretrained word vectors (GloVe 6B, Wikipedia and newswire; see
/// <c>Resources/word-classes.tsv.gz</c> and <c>tools/NerTrainer --build-word-classes</c>): words used alike share a
/// class ("arsenal"/"chelsea", "guitarist"/"drummer", "fm"/"radio"), so the entity tagger generalises from the
/// names it was trained on to names it never saw. A class is a leaf of a tree built top-down
/// (<see cref="TopClasses"/> classes, each split in <see cref="Branching"/> three times), so its coarser classes are
/// prefixes of its number. Keyed by <see cref="EntityFeatures.Hash"/> of the lower-case word, the hash the tagger
/// already computes, in a <see cref="HashSlots{TValue}"/> table: no strings kept, one probe per token. Immutable
/// after loading.
/// </summary>
internal sealed class WordClasses
{
    public const int TopClasses = 32;
    public const int Branching = 4;
    public const int Levels = 4;
    public const int LeafCount = TopClasses * Branching * Branching * Branching;

    /// <summary>The class value of a word that has none (not among the vectors' words).</summary>
    public const ushort Unknown = 0;

    private readonly HashSlots<ushort> _slots;

    private WordClasses(IReadOnlyList<(ulong Hash, ushort Value)> entries)
    {
        // 1.5 slots per word, rounded up to a power of two: denser than the tagger's weights (2 per feature), whose
        // table is probed ~90 times per scored token against once per token here.
        _slots = new HashSlots<ushort>(entries.Count + (entries.Count / 2), entries);
        Count = entries.Count;
    }

    /// <summary>No classes (a build without the file): every word is <see cref="Unknown"/>.</summary>
    public static WordClasses Empty { get; } = new([]);

    public int Count { get; }

    /// <summary>Bytes held by the table (shared by every analyzer instance in the process).</summary>
    public long MemoryBytes => _slots.Bytes;

    /// <summary>The word's leaf class + 1, or <see cref="Unknown"/>.</summary>
    public ushort Get(ulong wordHash) => _slots.TryGet(wordHash, out var value) ? value : Unknown;

    /// <summary>The class at <paramref name="level"/> (0 coarsest, <see cref="Levels"/> − 1 the leaf) of a value
    /// from <see cref="Get"/>; values that are no class (unknown, sentence boundaries) stay as they are.</summary>
    public static ulong Prefix(ushort value, int level) =>
        value is Unknown or > LeafCount ? value : (ulong)(((value - 1) >> (2 * (Levels - 1 - level))) + 1);

    /// <summary>Reads "word TAB leaf" lines ('#' lines are comments).</summary>
    public static WordClasses Read(IEnumerable<string> lines)
    {
        var entries = new List<(ulong, ushort)>();
        foreach (var line in lines)
        {
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            var tab = line.IndexOf('\t', StringComparison.Ordinal);
            if (tab <= 0 || !int.TryParse(line.AsSpan(tab + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var leaf) || leaf >= LeafCount)
            {
                throw new InvalidDataException($"word-classes.tsv.gz: expected \"word<TAB>class 0-{LeafCount - 1}\", got \"{line}\".");
            }

            entries.Add((EntityFeatures.Hash(line.AsSpan(0, tab)), (ushort)(leaf + 1)));
        }

        return new WordClasses(entries);
    }
}
