using System.Diagnostics;
using System.Globalization;

namespace NewsMonitor.Bench.Feeds;

/// <summary>
/// The FeedParser/SyndicationFeed time ratio measured in interleaved rounds (three SyndicationFeed passes over the
/// common files, then six FeedParser passes, forty times), reported as the median of the per-round ratios.
/// BenchmarkDotNet measures one benchmark after the other, so on a shared machine whose speed swings over seconds a
/// slow spell can land on one side only; here both sides of every ratio see the same spell.
/// <c>dotnet run -c Release --project bench -- --paired</c>
/// </summary>
internal static class PairedFeedParserRatio
{
    private const int Rounds = 40;
    private const int WarmupRounds = 30;

    public static void Run(TextWriter output)
    {
        var files = FeedCorpus.Common;
        if (files.Count == 0)
        {
            throw new InvalidOperationException("The corpus bench/Corpus/feeds was not found; run python3 bench/Corpus/generate.py.");
        }

        for (var round = 0; round < WarmupRounds; round++)
        {
            ParseAll(files, FeedCorpus.ParseWithSyndicationFeed);
            ParseAll(files, FeedCorpus.ParseWithFeedParser);
        }

        var ratios = new List<double>(Rounds);
        var baseline = new List<double>(Rounds);
        var candidate = new List<double>(Rounds);
        for (var round = 0; round < Rounds; round++)
        {
            var syndication = Time(files, FeedCorpus.ParseWithSyndicationFeed, passes: 3);
            var ours = Time(files, FeedCorpus.ParseWithFeedParser, passes: 6);
            baseline.Add(syndication);
            candidate.Add(ours);
            ratios.Add(ours / syndication);
        }

        output.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"FeedParser / SyndicationFeed over {files.Count} common files, {Rounds} interleaved rounds: median ratio {Median(ratios):F2} (10th-90th percentile {Percentile(ratios, 0.1):F2}-{Percentile(ratios, 0.9):F2}); median pass {Median(candidate):F2} ms vs {Median(baseline):F2} ms"));
    }

    private static double Time(IReadOnlyList<CorpusFile> files, Func<byte[], int> parse, int passes)
    {
        var stopwatch = Stopwatch.StartNew();
        for (var pass = 0; pass < passes; pass++)
        {
            ParseAll(files, parse);
        }

        return stopwatch.Elapsed.TotalMilliseconds / passes;
    }

    private static int ParseAll(IReadOnlyList<CorpusFile> files, Func<byte[], int> parse)
    {
        var items = 0;
        foreach (var file in files)
        {
            items += parse(file.Bytes);
        }

        return items;
    }

    private static double Median(List<double> values) => Percentile(values, 0.5);

    private static double Percentile(List<double> values, double fraction)
    {
        var sorted = values.Order().ToList();
        return sorted[(int)Math.Round(fraction * (sorted.Count - 1))];
    }
}
