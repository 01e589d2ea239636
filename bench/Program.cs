using BenchmarkDotNet.Running;

namespace NewsMonitor.Bench;

internal static class BenchmarkEntry
{
    // `dotnet run -c Release --project bench -- --filter '*'` runs every benchmark; see README, "Benchmarks".
    public static void Main(string[] args) => BenchmarkSwitcher.FromAssembly(typeof(BenchmarkEntry).Assembly).Run(args);
}
