using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace NewsMonitor.Bench.Feeds;

/// <summary>
/// Our feed parser against System.ServiceModel.Syndication's SyndicationFeed, the baseline, on the files both can read;
/// and our parser alone on the whole corpus, including the files SyndicationFeed rejects (printed at setup).
/// <c>dotnet run -c Release --project bench -- --filter '*FeedParser*'</c>
/// </summary>
[Config(typeof(Config))]
public class FeedParserBenchmarks
{
    private CorpusFile[] _common = [];
    private CorpusFile[] _all = [];

    [GlobalSetup]
    public void Setup()
    {
        _all = [.. FeedCorpus.All];
        _common = [.. FeedCorpus.Common];
        if (_all.Length == 0)
        {
            throw new InvalidOperationException("The corpus bench/Corpus/feeds was not found; run python3 bench/Corpus/generate.py.");
        }

        Console.WriteLine($"// Corpus: {_all.Length} files, {_all.Sum(file => file.Bytes.Length):N0} bytes; both parsers read {_common.Length}.");
        foreach (var line in FeedCorpus.RejectionReport())
        {
            Console.WriteLine("// Rejected by SyndicationFeed: " + line);
        }
    }

    [Benchmark(Baseline = true, Description = "SyndicationFeed, common files")]
    public int SyndicationFeed_CommonFiles()
    {
        var items = 0;
        foreach (var file in _common)
        {
            items += FeedCorpus.ParseWithSyndicationFeed(file.Bytes);
        }

        return items;
    }

    [Benchmark(Description = "FeedParser, common files")]
    public int FeedParser_CommonFiles()
    {
        var items = 0;
        foreach (var file in _common)
        {
            items += FeedCorpus.ParseWithFeedParser(file.Bytes);
        }

        return items;
    }

    [Benchmark(Description = "FeedParser, whole corpus")]
    public int FeedParser_WholeCorpus()
    {
        var items = 0;
        foreach (var file in _all)
        {
            items += FeedCorpus.ParseWithFeedParser(file.Bytes);
        }

        return items;
    }

    private sealed class Config : ManualConfig
    {
        public Config()
        {
            // A short in-process job: the machine is small and shared, and building BenchmarkDotNet's separate
            // project around the Functions app outlasts its build timeout there. Both parsers run in the same
            // process and the same run, so the ratio stays fair.
            AddJob(Job.Default.WithWarmupCount(15).WithIterationCount(30).WithToolchain(InProcessEmitToolchain.Instance).WithId("ShortInProcess"));
            AddColumn(new ThroughputColumn(megabytes: true), new ThroughputColumn(megabytes: false));
            AddDiagnoser(BenchmarkDotNet.Diagnosers.MemoryDiagnoser.Default);
        }
    }

    /// <summary>MB/s or items/s, from the mean time and the size of the file set the benchmark parses.</summary>
    private sealed class ThroughputColumn(bool megabytes) : IColumn
    {
        public string Id => megabytes ? "MBps" : "ItemsPerSecond";

        public string ColumnName => megabytes ? "MB/s" : "items/s";

        public bool AlwaysShow => true;

        public ColumnCategory Category => ColumnCategory.Custom;

        public int PriorityInCategory => megabytes ? 0 : 1;

        public bool IsNumeric => true;

        public UnitType UnitType => UnitType.Dimensionless;

        public string Legend => megabytes ? "Corpus megabytes (10^6 bytes) parsed per second" : "Feed items parsed per second";

        public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

        public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
        {
            var mean = summary[benchmarkCase]?.ResultStatistics?.Mean;
            if (mean is not > 0)
            {
                return "-";
            }

            var files = benchmarkCase.Descriptor.WorkloadMethod.Name.EndsWith("WholeCorpus", StringComparison.Ordinal) ? FeedCorpus.All : FeedCorpus.Common;
            var seconds = mean.Value / 1e9;
            var amount = megabytes ? files.Sum(file => file.Bytes.Length) / 1e6 : files.Sum(file => Math.Max(file.Items, 0));
            return (amount / seconds).ToString(megabytes ? "N1" : "N0", System.Globalization.CultureInfo.InvariantCulture);
        }

        public bool IsAvailable(Summary summary) => true;

        public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
    }
}
