using System.IO.Compression;
using System.Text;
using NewsMonitor.Analysis.Local;

namespace NewsMonitor.Tools.NerTrainer;

/// <summary>
/// Distributional word classes learned without labels: each word seen often enough is described by the words
/// around it (counts of the most frequent words just left and just right of it, log-scaled and normalised), and
/// k-means (cosine, seeded, a fixed number of rounds) groups such descriptions twice, coarse and fine. Words that
/// occur in the same contexts ("Tuesday"/"Friday", "Inc"/"Ltd", "striker"/"midfielder") share a class, so the tagger
/// generalises from a labelled word to its unlabelled neighbours. Written here: no package in the list clusters
/// words, and Brown clustering proper is far slower for the same use.
/// </summary>
internal static class WordClusters
{
    private const int ContextWords = 400;
    private const int MinimumCount = 3;
    private const int Rounds = 12;

    /// <summary>Word (lower case) → (coarse class, fine class), classes numbered from 1.</summary>
    public static Dictionary<string, WordCluster> Build(IEnumerable<string> texts, int coarse, int fine, int seed)
    {
        var documents = texts.Select(t => Tokenizer.Tokenize(t).Select(Key).ToArray()).ToList();
        var frequency = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var words in documents)
        {
            foreach (var word in words)
            {
                frequency[word] = frequency.GetValueOrDefault(word) + 1;
            }
        }

        var contexts = frequency.OrderByDescending(p => p.Value).ThenBy(p => p.Key, StringComparer.Ordinal)
            .Take(ContextWords).Select((p, i) => (p.Key, i)).ToDictionary(p => p.Key, p => p.i, StringComparer.Ordinal);
        var vocabulary = frequency.Where(p => p.Value >= MinimumCount && p.Key.Any(char.IsLetter))
            .Select(p => p.Key).Order(StringComparer.Ordinal).ToList();
        var row = vocabulary.Select((w, i) => (w, i)).ToDictionary(p => p.w, p => p.i, StringComparer.Ordinal);
        var counts = vocabulary.Select(_ => new Dictionary<int, float>()).ToArray();
        foreach (var words in documents)
        {
            for (var i = 0; i < words.Length; i++)
            {
                if (!row.TryGetValue(words[i], out var r))
                {
                    continue;
                }

                var left = i > 0 && contexts.TryGetValue(words[i - 1], out var l) ? l : -1;
                var right = i + 1 < words.Length && contexts.TryGetValue(words[i + 1], out var rr) ? ContextWords + rr : -1;
                foreach (var c in new[] { left, right })
                {
                    if (c >= 0)
                    {
                        counts[r][c] = counts[r].GetValueOrDefault(c) + 1;
                    }
                }
            }
        }

        var vectors = counts.Select(Normalise).ToArray();
        var coarseClasses = KMeans(vectors, coarse, seed);
        var fineClasses = KMeans(vectors, fine, seed + 1);
        var result = new Dictionary<string, WordCluster>(StringComparer.Ordinal);
        for (var i = 0; i < vocabulary.Count; i++)
        {
            if (vectors[i].Length > 0)
            {
                result[vocabulary[i]] = new WordCluster((ushort)(coarseClasses[i] + 1), (ushort)(fineClasses[i] + 1));
            }
        }

        return result;
    }

    public static void Write(string path, Dictionary<string, WordCluster> clusters)
    {
        using var file = File.Create(path);
        using var gzip = new GZipStream(file, CompressionLevel.SmallestSize);
        using var writer = new StreamWriter(gzip, new UTF8Encoding(false)) { NewLine = "\n" };
        writer.WriteLine("# word<TAB>coarse class<TAB>fine class: built by tools/NerTrainer (see README, training the entity tagger)");
        foreach (var (word, cluster) in clusters.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            writer.WriteLine($"{word}\t{cluster.Coarse}\t{cluster.Fine}");
        }
    }

    private static string Key(Token token) => token.Kind == TokenKind.Number ? "0" : token.Lower;

    private static (int Index, float Value)[] Normalise(Dictionary<int, float> counts)
    {
        var entries = counts.OrderBy(p => p.Key).Select(p => (p.Key, MathF.Log(1 + p.Value))).ToArray();
        var norm = MathF.Sqrt(entries.Sum(e => e.Item2 * e.Item2));
        return norm == 0 ? [] : entries.Select(e => (e.Key, e.Item2 / norm)).ToArray();
    }

    private static int[] KMeans((int Index, float Value)[][] vectors, int k, int seed)
    {
        var dimension = 2 * ContextWords;
        var random = new Random(seed);
        var candidates = Enumerable.Range(0, vectors.Length).Where(i => vectors[i].Length > 0).ToArray();
        random.Shuffle(candidates);
        var centroids = new float[k][];
        for (var c = 0; c < k; c++)
        {
            centroids[c] = new float[dimension];
            foreach (var (index, value) in vectors[candidates[c % candidates.Length]])
            {
                centroids[c][index] = value;
            }
        }

        var assignment = new int[vectors.Length];
        for (var round = 0; round < Rounds; round++)
        {
            for (var i = 0; i < vectors.Length; i++)
            {
                var best = 0;
                var bestScore = float.NegativeInfinity;
                for (var c = 0; c < k; c++)
                {
                    var score = 0f;
                    foreach (var (index, value) in vectors[i])
                    {
                        score += centroids[c][index] * value;
                    }

                    if (score > bestScore)
                    {
                        (best, bestScore) = (c, score);
                    }
                }

                assignment[i] = best;
            }

            foreach (var centroid in centroids)
            {
                Array.Clear(centroid);
            }

            for (var i = 0; i < vectors.Length; i++)
            {
                foreach (var (index, value) in vectors[i])
                {
                    centroids[assignment[i]][index] += value;
                }
            }

            foreach (var centroid in centroids)
            {
                var norm = MathF.Sqrt(centroid.Sum(v => v * v));
                for (var d = 0; norm > 0 && d < dimension; d++)
                {
                    centroid[d] /= norm;
                }
            }
        }

        return assignment;
    }
}
