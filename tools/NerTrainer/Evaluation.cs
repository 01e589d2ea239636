using NewsMonitor.Analysis.Local;

namespace NewsMonitor.Tools.NerTrainer;

/// <summary>Exact-span precision, recall and F1 per type, counted as the scoring tool counts them, over the whole
/// analyzer (language detection and footer rule included).</summary>
internal static class Evaluation
{
    private static readonly string[] Categories = ["Person", "Location", "Organization"];

    public static void Print(LocalTextAnalyzer analyzer, IReadOnlyList<ConllDocument> documents, TextWriter? errors = null)
    {
        var counts = new int[3, 3];
        var lone = 0;
        var number = 0;
        foreach (var document in documents)
        {
            number++;
            var analysis = analyzer.Analyze(document.Text);
            var predicted = analysis.Entities
                .Where(e => Array.IndexOf(Categories, e.Category) >= 0)
                .Select(e => (e.Offset, e.Offset + e.Length, Array.IndexOf(Categories, e.Category)))
                .ToHashSet();
            var gold = document.Gold.Where(g => g.Type < 3).Select(g => (g.Start, g.End, g.Type)).ToHashSet();
            // BTC annotates a mention "@ user" as two names, the "@" alone and the user name; no reader takes "@"
            // for a name, and the analyzer never reports it: counted to show the figure without those.
            lone += gold.Count(g => document.Text[g.Start..g.End] == "@");
            for (var type = 0; type < 3; type++)
            {
                var p = predicted.Where(x => x.Item3 == type).ToHashSet();
                var g = gold.Where(x => x.Item3 == type).ToHashSet();
                counts[type, 0] += p.Intersect(g).Count();
                counts[type, 1] += p.Except(g).Count();
                counts[type, 2] += g.Except(p).Count();
                foreach (var miss in g.Except(p))
                {
                    errors?.WriteLine($"{analysis.Language} missed {Categories[type]} {document.Source}:{number}:{miss.Item1}:{miss.Item2}: {document.Text[miss.Item1..miss.Item2]}");
                }

                foreach (var wrong in p.Except(g))
                {
                    errors?.WriteLine($"{analysis.Language} wrong {Categories[type]} {document.Source}:{number}:{wrong.Item1}:{wrong.Item2}: {document.Text[wrong.Item1..wrong.Item2]}");
                }
            }
        }

        string[] names = ["PER", "LOC", "ORG"];
        for (var type = 0; type < 3; type++)
        {
            Console.WriteLine($"  {names[type]}: {Format(counts[type, 0], counts[type, 1], counts[type, 2])}");
        }

        var (tp, fp, fn) = (counts[0, 0] + counts[1, 0] + counts[2, 0], counts[0, 1] + counts[1, 1] + counts[2, 1], counts[0, 2] + counts[1, 2] + counts[2, 2]);
        Console.WriteLine($"  all: {Format(tp, fp, fn)}");
        if (lone > 0)
        {
            Console.WriteLine($"  all, the {lone} lone \"@\" gold entities not counted: {Format(tp, fp, fn - lone)}");
        }
    }

    private static string Format(int tp, int fp, int fn) =>
        $"P {(double)tp / Math.Max(1, tp + fp):F3} R {(double)tp / Math.Max(1, tp + fn):F3} F1 {2.0 * tp / Math.Max(1, (2 * tp) + fp + fn):F3} (gold {tp + fn}; {tp} right, {fp} wrong)";
}
