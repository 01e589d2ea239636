using BenchmarkDotNet.Attributes;
using NewsMonitor.Analysis.Stories;

namespace NewsMonitor.Bench.Analysis;

/// <summary>
/// The story fingerprint of one article (title + lede of the Mint sample): tokenizing, shingling, MinHash. Goal: under
/// 0.2 ms per article. Run: <c>dotnet run -c Release --project bench -- --filter '*StoryFingerprintBenchmarks*' --job short --inProcess</c>.
/// </summary>
[MemoryDiagnoser]
public class StoryFingerprintBenchmarks
{
    private string _title = string.Empty;
    private string _body = string.Empty;

    [GlobalSetup]
    public void Setup()
    {
        _title = "Groups taking Afghanistan by force will lack legitimacy, says India";
        _body = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Corpus", "mint-2021-07-09-afghanistan.txt"));
    }

    [Benchmark]
    public int Compute() => StoryFingerprint.Compute(_title, _body).Shingles.Length;
}
