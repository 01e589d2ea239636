using System.Buffers.Binary;
using System.IO.Compression;

namespace NewsMonitor.Analysis.Local;

/// <summary>Adds a feature's weights (one per label) to a score vector; the trainer's growing weights and the
/// tagger's frozen table both implement it, so both decode with the same code.</summary>
internal interface IFeatureWeights
{
    void AddTo(ulong feature, Span<float> scores);
}

/// <summary>
/// The trained entity tagger: a structured averaged perceptron over <see cref="EntityFeatures"/>, decoded by Viterbi
/// over the label transitions of the whole sentence (first order: each label's score depends on the one before it,
/// and only valid BIO sequences are considered). The weights are trained by <c>tools/NerTrainer</c> with the same
/// decoding and embedded as <c>Resources/entity-tagger.bin.gz</c>. Immutable after loading, so one instance serves
/// every thread.
/// </summary>
internal sealed class EntityTagger : IFeatureWeights
{
    private const uint Magic = 0x5452454E; // "NERT"
    private const int Version = 2;

    // Feature hash → row of _weights. It is the tagger's hot loop: ~90 lookups per scored token.
    private readonly HashSlots<int> _rows;
    private readonly float[] _weights;
    private readonly int _labels;

    public EntityTagger(IReadOnlyList<ulong> hashes, float[] weights, int labels)
    {
        // 2 slots per feature, rounded up to a power of two: a miss probes until an empty slot, and a table at most
        // half full keeps those runs short.
        _rows = new HashSlots<int>(hashes.Count * 2, hashes.Select((hash, row) => (hash, row)));
        FeatureCount = hashes.Count;
        _weights = weights;
        _labels = labels;
    }

    public int FeatureCount { get; }

    /// <summary>Bytes held by the weights and their table (shared by every analyzer instance in the process).</summary>
    public long MemoryBytes => _rows.Bytes + (_weights.Length * 4L);

    public void AddTo(ulong feature, Span<float> scores)
    {
        if (_rows.TryGet(feature, out var row))
        {
            var weights = _weights.AsSpan(row * _labels, _labels);
            for (var label = 0; label < weights.Length; label++)
            {
                scores[label] += weights[label];
            }
        }
    }

    /// <summary>Labels (<see cref="EntityLabels"/>) and the probability of each for the sentence [first, end).</summary>
    public void Tag(List<Token> tokens, EntityFeatures.TokenFacts[] facts, int first, int end, int[] labels, float[] confidences)
    {
        var count = end - first;
        if (count <= 0)
        {
            return;
        }

        var rented = System.Buffers.ArrayPool<float>.Shared.Rent(count * _labels);
        try
        {
            var local = rented.AsSpan(0, count * _labels);
            local.Clear();
            Span<ulong> features = stackalloc ulong[EntityFeatures.MaxFeaturesPerToken];
            for (var i = first; i < end; i++)
            {
                if (!IsActive(facts, first, i))
                {
                    continue;
                }

                var scores = local.Slice((i - first) * _labels, _labels);
                var n = EntityFeatures.Extract(tokens, facts, first, end, i, features);
                for (var k = 0; k < n; k++)
                {
                    AddTo(features[k], scores);
                }
            }

            Decode(this, facts, first, end, local, _labels, labels.AsSpan(first, count), confidences.AsSpan(first, count), constraints: default);
        }
        finally
        {
            System.Buffers.ArrayPool<float>.Shared.Return(rented);
        }
    }

    /// <summary>
    /// Names start with a capital (or follow "@"/"#"): a token without one, with none among the two before it, is
    /// outside any name and is not scored, and so is a known common word in lower case that is no connector
    /// (<see cref="EntityFeatures.TokenFacts.Closed"/>). That is most tokens of news prose; the two-token window lets
    /// a name run on through lower-case connectors ("Bank of the West").
    /// </summary>
    public static bool IsActive(EntityFeatures.TokenFacts[] facts, int first, int i) =>
        !facts[i].Closed && (facts[i].HasUpper || (i - 1 >= first && facts[i - 1].HasUpper) || (i - 2 >= first && facts[i - 2].HasUpper));

    /// <summary>
    /// Viterbi over the sentence [first, end): <paramref name="local"/> holds each token's label scores from its own
    /// features (row per token); the transition features (<see cref="EntityFeatures.ExtractTransition"/>) add a score
    /// per previous label. Inactive tokens (<see cref="IsActive"/>) can only be outside, and only a
    /// token with a capital (or a mention) can open a name ("minister" after "Indian" can only continue one). A
    /// <paramref name="constraints"/> entry ≥ 0 fixes that token's label (the trainer finds the best path that agrees
    /// with partial gold labels this way); −1 leaves it free. Writes the best valid BIO sequence and, per token, the
    /// probability of its label among the labels that could follow the chosen previous one.
    /// </summary>
    public static void Decode<TWeights>(
        TWeights weights,
        EntityFeatures.TokenFacts[] facts,
        int first,
        int end,
        ReadOnlySpan<float> local,
        int labelCount,
        Span<int> labels,
        Span<float> confidences,
        ReadOnlySpan<int> constraints)
        where TWeights : IFeatureWeights
    {
        var count = end - first;
        var pool = System.Buffers.ArrayPool<float>.Shared;
        var deltaArray = pool.Rent(count * labelCount);
        var backArray = System.Buffers.ArrayPool<int>.Shared.Rent(count * labelCount);
        try
        {
            var delta = deltaArray.AsSpan(0, count * labelCount);
            var back = backArray.AsSpan(0, count * labelCount);
            back.Clear();
            Span<ulong> features = stackalloc ulong[8];
            Span<float> transition = stackalloc float[labelCount];
            Span<bool> reachable = stackalloc bool[labelCount];
            for (var t = 0; t < count; t++)
            {
                var i = first + t;
                var row = delta.Slice(t * labelCount, labelCount);
                var from = back.Slice(t * labelCount, labelCount);
                row.Fill(float.NegativeInfinity);
                var active = IsActive(facts, first, i);
                var canBegin = facts[i].HasUpper;
                var fixedLabel = constraints.IsEmpty ? -1 : constraints[t];
                var previousCount = t == 0 ? 1 : labelCount;
                for (var p = 0; p < previousCount; p++)
                {
                    var before = t == 0 ? 0 : delta[((t - 1) * labelCount) + p];
                    if (float.IsNegativeInfinity(before))
                    {
                        continue;
                    }

                    var previous = t == 0 ? EntityLabels.Outside : p;
                    transition.Clear();
                    if (active)
                    {
                        var n = EntityFeatures.ExtractTransition(facts, i, previous, features);
                        for (var k = 0; k < n; k++)
                        {
                            weights.AddTo(features[k], transition);
                        }
                    }

                    for (var label = 0; label < labelCount; label++)
                    {
                        if ((!active && label != EntityLabels.Outside) || (!canBegin && EntityLabels.IsBegin(label))
                            || (fixedLabel >= 0 && label != fixedLabel) || !EntityLabels.Allowed(previous, label))
                        {
                            continue;
                        }

                        var score = before + transition[label] + local[(t * labelCount) + label];
                        if (score > row[label])
                        {
                            row[label] = score;
                            from[label] = p;
                        }
                    }
                }
            }

            var best = 0;
            var last = delta.Slice((count - 1) * labelCount, labelCount);
            for (var label = 1; label < labelCount; label++)
            {
                if (last[label] > last[best])
                {
                    best = label;
                }
            }

            for (var t = count - 1; t >= 0; t--)
            {
                labels[t] = best;
                best = back[(t * labelCount) + best];
            }

            // Confidence: the chosen label's share among the labels allowed after the chosen previous one, from the
            // token's own and transition scores (a cheap stand-in for the marginal, used to rank and merge mentions).
            for (var t = 0; t < count; t++)
            {
                var i = first + t;
                if (!IsActive(facts, first, i))
                {
                    confidences[t] = 1;
                    continue;
                }

                var previous = t == 0 ? EntityLabels.Outside : labels[t - 1];
                transition.Clear();
                var n = EntityFeatures.ExtractTransition(facts, i, previous, features);
                for (var k = 0; k < n; k++)
                {
                    weights.AddTo(features[k], transition);
                }

                for (var label = 0; label < labelCount; label++)
                {
                    reachable[label] = EntityLabels.Allowed(previous, label);
                    transition[label] += local[(t * labelCount) + label];
                }

                confidences[t] = Probability(transition, reachable, labels[t]);
            }
        }
        finally
        {
            pool.Return(deltaArray);
            System.Buffers.ArrayPool<int>.Shared.Return(backArray);
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
        using var reader = ModelFile.OpenGzip(compressed);
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

        var weights = new float[checked(count * labels)];
        var steps = reader.ReadBytes(checked(weights.Length * sizeof(short)));
        if (steps.Length != weights.Length * sizeof(short))
        {
            throw new EndOfStreamException("The entity tagger model ends before its weights do.");
        }

        for (var i = 0; i < weights.Length; i++)
        {
            weights[i] = BinaryPrimitives.ReadInt16LittleEndian(steps.AsSpan(i * sizeof(short))) * scale;
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

    private static float Probability(ReadOnlySpan<float> scores, ReadOnlySpan<bool> reachable, int chosen)
    {
        var max = scores[chosen];
        var sum = 0.0;
        for (var label = 0; label < scores.Length; label++)
        {
            if (reachable[label])
            {
                sum += Math.Exp(Math.Min(scores[label] - max, 0));
            }
        }

        return (float)(1 / sum);
    }
}
