using System.Globalization;
using System.Text.Json;
using NewsMonitor.Analysis.Stories;

namespace NewsMonitor.Bench.Analysis;

/// <summary>
/// Precision and recall of "same story" on the labelled pairs of <c>Corpus/stories/pairs.jsonl</c> (built by
/// <c>bench/Corpus/stories/make-pairs.py</c>). A pair counts as "same" when the story index would find one article
/// from the other (a shared MinHash band) and <see cref="StoryFingerprint.IsSameStory"/> accepts it, which is exactly
/// what joins an article to a story. Run: <c>dotnet run -c Release --project bench -- --stories</c>
/// (<c>--stories --sweep</c> also lists the misjudged pairs, writes every pair's features to <c>story-features.tsv</c> and
/// scores the thresholds around the chosen ones).
/// </summary>
internal static class StoryPairsQuality
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static void Run(TextWriter output, bool sweep)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Corpus", "stories", "pairs.jsonl");
        var pairs = File.ReadLines(path)
            .Where(line => line.Length > 0)
            .Select(line => JsonSerializer.Deserialize<LabelledPair>(line, Json)!)
            .Select(pair => (Pair: pair,
                A: StoryFingerprint.Compute(pair.A.Title, pair.A.Summary),
                B: StoryFingerprint.Compute(pair.B.Title, pair.B.Summary)))
            .ToList();

        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{pairs.Count} labelled pairs ({path})"));
        output.WriteLine("label      kind                  pairs  judged same");
        foreach (var group in pairs.GroupBy(p => (p.Pair.Label, p.Pair.Kind)).OrderBy(g => g.Key.Label).ThenBy(g => g.Key.Kind))
        {
            var same = group.Count(p => Judge(p.A, p.B, StoryThresholds.Default));
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{group.Key.Label,-10} {group.Key.Kind,-20} {group.Count(),6}  {same,6}"));
        }

        var (precision, recall) = Score(pairs, StoryThresholds.Default);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"precision {precision:0.000}  recall {recall:0.000}  (target: precision >= 0.95 at recall >= 0.85)"));
        foreach (var miss in pairs.Where(p => (p.Pair.Label == "same") != Judge(p.A, p.B, StoryThresholds.Default)).Take(sweep ? 40 : 0))
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  wrong: {miss.Pair.Id} J={StoryFingerprint.Similarity(miss.A, miss.B):0.00} facts={StoryFingerprint.FactOverlap(miss.A, miss.B):0.00} band={StoryFingerprint.ShareABand(miss.A, miss.B)} | {miss.Pair.A.Title} | {miss.Pair.B.Title}"));
        }

        if (!sweep)
        {
            return;
        }

        using (var features = File.CreateText("story-features.tsv"))
        {
            features.WriteLine("id\tlabel\tkind\tband\tsimilarity\tfacts\ttitle");
            foreach (var (pair, a, b) in pairs)
            {
                features.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{pair.Id}\t{pair.Label}\t{pair.Kind}\t{StoryFingerprint.ShareABand(a, b)}\t{StoryFingerprint.Similarity(a, b):0.0000}\t{StoryFingerprint.FactOverlap(a, b):0.0000}\t{StoryFingerprint.TitleSimilarity(a, b):0.0000}"));
            }
        }

        output.WriteLine("minFactOverlap titleWeight minScore  precision recall");
        foreach (var overlap in new[] { 0.5, 0.6, 0.7, 0.8 })
        {
            foreach (var weight in new[] { 0.0, 0.5, 1.0 })
            {
                foreach (var score in new[] { 0.6, 0.7, 0.8, 0.9, 1.0 })
                {
                    var (p, r) = Score(pairs, new StoryThresholds(overlap, weight, score));
                    output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{overlap,14:0.00} {weight,11:0.00} {score,8:0.00}  {p,9:0.000} {r,6:0.000}"));
                }
            }
        }
    }

    private static bool Judge(StoryFingerprint a, StoryFingerprint b, StoryThresholds thresholds) =>
        StoryFingerprint.ShareABand(a, b) && StoryFingerprint.IsSameStory(a, b, thresholds);

    private static (double Precision, double Recall) Score(
        List<(LabelledPair Pair, StoryFingerprint A, StoryFingerprint B)> pairs, StoryThresholds thresholds)
    {
        int truePositives = 0, falsePositives = 0, falseNegatives = 0;
        foreach (var (pair, a, b) in pairs)
        {
            var judged = Judge(a, b, thresholds);
            var same = pair.Label == "same";
            truePositives += judged && same ? 1 : 0;
            falsePositives += judged && !same ? 1 : 0;
            falseNegatives += !judged && same ? 1 : 0;
        }

        return (truePositives + falsePositives == 0 ? 1 : (double)truePositives / (truePositives + falsePositives),
            truePositives + falseNegatives == 0 ? 1 : (double)truePositives / (truePositives + falseNegatives));
    }

    private sealed record LabelledText(string Title, string Summary);

    private sealed record LabelledPair(string Id, string Label, string Kind, LabelledText A, LabelledText B);
}
