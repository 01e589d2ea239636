using System.Diagnostics;
using System.Runtime;
using System.Text.Json;

namespace NewsMonitor.Cli.Hosting;

/// <summary>
/// A measuring hook for benchmarks: with <c>NEWSMON_RUNTIME_STATS=FILE</c> newsmon writes, as it exits, what the runtime
/// counted for the whole process (CPU, time spent compiling methods, garbage collection, heap and peak working set) as
/// one JSON object. <c>scripts/scale-bench.py</c> sets it to tell a run's one-off compiling apart from the work that
/// grows with its articles (README, "Scale and cost"). Unset it changes nothing.
/// </summary>
internal static class RuntimeStats
{
    public const string Variable = "NEWSMON_RUNTIME_STATS";

    /// <summary>Writes the figures to <paramref name="path"/> when one is given; a failure to write is reported, never fatal.</summary>
    public static void WriteIfAsked(string? path, TextWriter error)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            return;
        }

        try
        {
            Write(path);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            error.WriteLine($"newsmon: could not write the runtime figures {Variable} asked for to '{path}': {exception.Message}");
        }
    }

    internal static void Write(string path)
    {
        using var process = Process.GetCurrentProcess();
        var memory = GC.GetGCMemoryInfo(GCKind.Any);
        using var stream = File.Create(path);
        using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        json.WriteStartObject();
        json.WriteNumber("cpuSeconds", process.TotalProcessorTime.TotalSeconds);
        // The runtime's own count, on every thread (background recompiles of hot methods included).
        json.WriteNumber("compileSeconds", JitInfo.GetCompilationTime().TotalSeconds);
        json.WriteNumber("compiledMethods", JitInfo.GetCompiledMethodCount());
        json.WriteNumber("gcPauseSeconds", GC.GetTotalPauseDuration().TotalSeconds);
        json.WriteNumber("gen0Collections", GC.CollectionCount(0));
        json.WriteNumber("gen2Collections", GC.CollectionCount(2));
        json.WriteNumber("allocatedBytes", GC.GetTotalAllocatedBytes());
        json.WriteNumber("heapBytes", memory.HeapSizeBytes);
        json.WriteNumber("fragmentedBytes", memory.FragmentedBytes);
        json.WriteNumber("committedBytes", memory.TotalCommittedBytes);
        json.WriteNumber("peakWorkingSetBytes", process.PeakWorkingSet64);
        json.WriteEndObject();
    }
}
