using System.Diagnostics;
using System.Text.Json.Nodes;
using NewsMonitor.Cli.Hosting;

namespace NewsMonitor.Tests.Cli;

/// <summary>
/// <c>NEWSMON_RUNTIME_STATS</c>, the benchmark's hook (README, "Scale and cost"): a real newsmon process writes what its
/// runtime counted as it exits, and a file it cannot write costs a warning, not the command's result.
/// </summary>
public sealed class RuntimeStatsTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("newsmon-stats-").FullName;

    [Fact]
    public async Task Newsmon_WithTheVariableSet_WritesItsRuntimeFiguresAsItExits()
    {
        var path = Path.Combine(_folder, "stats.json");

        var (exitCode, error) = await RunNewsmonAsync(path, "--version");

        Assert.Equal(0, exitCode);
        Assert.Equal("", error);
        var stats = JsonNode.Parse(File.ReadAllText(path))!;
        Assert.True(stats["compiledMethods"]!.GetValue<long>() > 100, stats.ToJsonString());
        Assert.True(stats["compileSeconds"]!.GetValue<double>() > 0, stats.ToJsonString());
        Assert.True(stats["cpuSeconds"]!.GetValue<double>() > 0, stats.ToJsonString());
        Assert.True(stats["peakWorkingSetBytes"]!.GetValue<long>() > 10_000_000, stats.ToJsonString());
        Assert.True(stats["allocatedBytes"]!.GetValue<long>() > 0, stats.ToJsonString());
        Assert.NotNull(stats["fragmentedBytes"]);
    }

    [Theory]
    [InlineData("no-such-folder/stats.json")]
    [InlineData("")]
    public async Task Newsmon_WhenTheFileCannotBeWritten_SaysSoAndKeepsItsExitCode(string relativePath)
    {
        // "" names the folder itself, which exists and is no file.
        var path = Path.Combine(_folder, relativePath);

        var (exitCode, error) = await RunNewsmonAsync(path, "--version");

        Assert.Equal(0, exitCode);
        Assert.Contains($"could not write the runtime figures {RuntimeStats.Variable} asked for", error, StringComparison.Ordinal);
        Assert.False(File.Exists(path));
    }

    [Fact]
    public void WriteIfAsked_WithoutAPath_WritesNothing()
    {
        using var error = new StringWriter();

        RuntimeStats.WriteIfAsked(null, error);
        RuntimeStats.WriteIfAsked(" ", error);

        Assert.Equal("", error.ToString());
        Assert.Empty(Directory.EnumerateFileSystemEntries(_folder));
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private async Task<(int ExitCode, string Error)> RunNewsmonAsync(string statsPath, params string[] args)
    {
        var startInfo = CliRunner.ProcessStartInfo(_folder, ["dotnet"], args);
        startInfo.Environment[RuntimeStats.Variable] = statsPath;
        using var process = Process.Start(startInfo)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));
        await output;
        return (process.ExitCode, await error);
    }
}
