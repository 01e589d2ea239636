using System.Text.Json.Nodes;

namespace NewsMonitor.Tests.Infrastructure;

/// <summary>
/// The runtime settings the programs ship with (Directory.Build.targets): both without tiered PGO, newsmon also with
/// thread-pool workers that do not spin (README, "Scale and cost": about half the CPU of a 1,000-article run) and a
/// garbage collector that compacts a fragmented heap (its peak RSS flat from 1,000 to 20,000 articles). A project change
/// that drops them would cost that silently.
/// </summary>
public sealed class RuntimeConfigTests
{
    [Theory]
    [InlineData("newsmon", 0, 7)]
    [InlineData("NewsMonitor.Functions", null, null)]
    public void RuntimeConfig_OfEachProgram_TurnsOffTieredPgoAndInNewsmonWorkerSpinning(string program, int? spinLimit, int? conserveMemory)
    {
        var path = Path.Combine(AppContext.BaseDirectory, $"{program}.runtimeconfig.json");
        var properties = JsonNode.Parse(File.ReadAllText(path))?["runtimeOptions"]?["configProperties"];

        Assert.NotNull(properties);
        Assert.False(properties["System.Runtime.TieredPGO"]?.GetValue<bool>() ?? true, $"{path}: tiered PGO is on");
        Assert.Equal(spinLimit, properties["System.Threading.ThreadPool.UnfairSemaphoreSpinLimit"]?.GetValue<int>());
        Assert.Equal(conserveMemory, properties["System.GC.ConserveMemory"]?.GetValue<int>());
    }
}
