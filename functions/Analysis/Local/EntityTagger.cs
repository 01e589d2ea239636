using System.IO.Compression;
using System.Numerics;

namespace NewsMonitor.Analysis.Local;

/// <summary>
/// The trained entity tagger: an averaged perceptron over <see cref="EntityFeatures"/>, decoded greedily left to right
/// (each label sees the two before it). The weights are trained by <c>tools/NerTrainer</c> and embedded as
/// <c>Resources/entity-tagger.bin.gz</c>. Immutable after loading, so one instance serves every thread.
/// </summary>
internal sealed class EntityTagger
{
    private const uint Magic = 0x5452454E; // "NERT"
    private const int Version = 1;

    // Open addressing over the feature hashes (already well mixed, so their low bits index the table): one probe
    // usually, against a Dictionary's bucket-then-entry hops. It is the tagger's hot loop: ~70 lookups per token.
    private readonly ulong[] _keys;
    private readonly int[] _rows;
    private readonly int _mask;
    private readonly float[] _weights;
    private readonly int _labels;

    public EntityTagger(IReadOnlyList<ulong> hashes, float[] weights, int labels)
    {
        var capacity = (int)BitOperations.RoundUpToPowerOf2((uint)Math.Max(16, hashes.Count * 2));
        _keys = new ulong[capacity];
        _rows = new int[capacity];
        _mask = capacity - 1;
        for (var row = 0; row < hashes.Count; row++)
        {
            var slot = (int)hashes[row] & _mask;
            while (_keys[slot] != 0)
            {
                slot = (slot + 1) & _mask;
            }

            _keys[slot] = hashes[row];
            _rows[slot] = row;
        }

        FeatureCount = hashes.Count;
        _weights = weights;
        _labels = labels;
    }

    public int FeatureCount { get; }

    /// <summary>Bytes held by the weights and their table (shared by every analyzer instance in the process).</summary>
    public long MemoryBytes => (_keys.Length * 8L) + (_rows.Length * 4L) + (_weights.Length * 4L);

    /// <summary>Labels (<see cref="EntityLabels"/>) and the probability of each for the sentence [first, end).</summary>
    public void Tag(List<Token> tokens, EntityFeatures.TokenFacts[] facts, int first, int end, int[] labels, float[] confidences)
    {
        Span<ulong> features = stackalloc ulong[EntityFeatures.MaxFeaturesPerToken];
        Span<float> scores = stackalloc float[_labels];
        var previous = EntityLabels.Outside;
        var beforePrevious = EntityLabels.Outside;
        for (var i = first; i < end; i++)
        {
            if (previous == EntityLabels.Outside && !facts[i].HasUpper)
            {
                // Names start with a capital: a token without one after no name is outside any, and that is most
                // tokens of news prose, so the scoring is skipped (the weights agree on >99% of such tokens).
                labels[i] = EntityLabels.Outside;
                confidences[i] = 1;
                beforePrevious = previous;
                continue;
            }

            scores.Clear();
            var n = EntityFeatures.Extract(tokens, facts, first, end, i, features);
            n += EntityFeatures.ExtractHistory(facts, i, previous, beforePrevious, features[n..]);
            for (var k = 0; k < n; k++)
            {
                var row = Find(features[k]);
                if (row >= 0)
                {
                    var weights = _weights.AsSpan(row * _labels, _labels);
                    for (var label = 0; label < _labels; label++)
                    {
                        scores[label] += weights[label];
                    }
                }
            }

            var best = EntityLabels.Outside;
            for (var label = 1; label < _labels; label++)
            {
                if (scores[label] > scores[best] && EntityLabels.Allowed(previous, label))
                {
                    best = label;
                }
            }

            labels[i] = best;
            confidences[i] = Probability(scores, best);
            beforePrevious = previous;
            previous = best;
        }
    }

    private int Find(ulong hash)
    {
        var slot = (int)hash & _mask;
        while (true)
        {
            var key = _keys[slot];
            if (key == hash)
            {
                return _rows[slot];
            }

            if (key == 0)
            {
                return -1;
            }

            slot = (slot + 1) & _mask;
        }
    }

    /// <summary>Loads the weights embedded in this assembly, or null when the build carries none.</summary>
    public static EntityTagger? LoadEmbedded()
    {
        var assembly = typeof(EntityTagger).Assembly;
        var name = assembly.GetManifestResourceNames().SingleOrDefault(n => n.EndsWith(".Resources.entity-tagger.bin.gz", StringComparison.Ordinal));
        if (name is null)
        {
            return null;
        }

        using var stream = assembly.GetManifestResourceStream(name)!;
        return Read(stream);
    }

    public static EntityTagger Read(Stream compressed)
    {
        using var gzip = new GZipStream(compressed, CompressionMode.Decompress);
        using var reader = new BinaryReader(gzip);
        if (reader.ReadUInt32() != Magic || reader.ReadInt32() != Version)
        {
            throw new InvalidDataException("Not an entity tagger model of this version.");
        }

        var labels = reader.ReadInt32();
        var count = reader.ReadInt32();
        var scale = reader.ReadSingle();
        var hashes = new ulong[count];
        var hash = 0UL;
        for (var i = 0; i < count; i++)
        {
            hash += (ulong)reader.Read7BitEncodedInt64();
            hashes[i] = hash;
        }

        var weights = new float[count * labels];
        for (var i = 0; i < weights.Length; i++)
        {
            weights[i] = reader.ReadInt16() * scale;
        }

        return new EntityTagger(hashes, weights, labels);
    }

    /// <summary>Writes weights in the embedded format: hashes sorted and delta-coded, weights as 16-bit steps of
    /// one scale (the largest weight maps to ±32767), then gzip. Rows whose weights all stay below
    /// <paramref name="prune"/> (or round to zero) are dropped: rare features cost lookups and size, and add little.</summary>
    public static void Write(Stream destination, IReadOnlyDictionary<ulong, float[]> rows, int labels, float prune = 0)
    {
        var max = rows.Values.SelectMany(w => w).Select(Math.Abs).DefaultIfEmpty(1).Max();
        var scale = max / short.MaxValue;
        var floor = Math.Max(scale, prune);
        var kept = rows.Where(r => r.Key != 0 && r.Value.Any(w => Math.Abs(w) >= floor)).OrderBy(r => r.Key).ToList();
        using var gzip = new GZipStream(destination, CompressionLevel.SmallestSize, leaveOpen: true);
        using var writer = new BinaryWriter(gzip);
        writer.Write(Magic);
        writer.Write(Version);
        writer.Write(labels);
        writer.Write(kept.Count);
        writer.Write(scale);
        var previous = 0UL;
        foreach (var row in kept)
        {
            writer.Write7BitEncodedInt64((long)(row.Key - previous));
            previous = row.Key;
        }

        foreach (var row in kept)
        {
            foreach (var weight in row.Value)
            {
                writer.Write((short)Math.Clamp(Math.Round(weight / scale), short.MinValue, short.MaxValue));
            }
        }
    }

    private static float Probability(ReadOnlySpan<float> scores, int chosen)
    {
        var max = scores[chosen];
        var sum = 0.0;
        foreach (var score in scores)
        {
            sum += Math.Exp(Math.Min(score - max, 0));
        }

        return (float)(1 / sum);
    }
}
