using System.Text.Json.Nodes;

namespace NewsMonitor.Tests.Infrastructure;

/// <summary>
/// The runtime settings both programs ship with (Directory.Build.targets): without tiered PGO and with thread-pool
/// workers that do not spin, a newsmon run spends about half the CPU (README, "Scale and cost"). A project change that
/// drops them would cost that silently.
/// </summary>
public sealed class RuntimeConfigTests
{
    [Theory]
    [InlineData("newsmon")]
    [InlineData("NewsMonitor.Functions")]
    public void RuntimeConfig_OfEachProgram_TurnsOffTieredPgoAndWorkerSpinning(string program)
    {
        var path = Path.Combine(AppContext.BaseDirectory, $"{program}.runtimeconfig.json");
        var properties = JsonNode.Parse(File.ReadAllText(path))?["runtimeOptions"]?["configProperties"];

        Assert.NotNull(properties);
        Assert.False(properties["System.Runtime.TieredPGO"]?.GetValue<bool>() ?? true, $"{path}: tiered PGO is on");
        Assert.Equal(0, properties["System.Threading.ThreadPool.UnfairSemaphoreSpinLimit"]?.GetValue<int>());
    }
}
