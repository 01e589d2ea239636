using BenchmarkDotNet.Running;

namespace NewsMonitor.Bench;

internal static class BenchmarkEntry
{
    // `dotnet run -c Release --project bench -- --filter '*'` runs every benchmark; `-- --paired` the interleaved
    // parser ratio (Feeds/PairedFeedParserRatio.cs); `-- --stories` the story pairs' precision and recall; see README, "Benchmarks".
    public static void Main(string[] args)
    {
        if (args is ["--paired"])
        {
            Feeds.PairedFeedParserRatio.Run(Console.Out);
            return;
        }

        if (args is ["--stories", ..])
        {
            Analysis.StoryPairsQuality.Run(Console.Out, sweep: args is [_, "--sweep"]);
            return;
        }

        BenchmarkSwitcher.FromAssembly(typeof(BenchmarkEntry).Assembly).Run(args);
    }
}
