using NewsMonitor.Cli;

namespace NewsMonitor.Tests.Cli;

/// <summary>Runs newsmon in-process, capturing what it writes to stdout and stderr.</summary>
internal static class CliRunner
{
    public static async Task<CliResult> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exitCode = await NewsmonApp.RunAsync(args, output, error);
        return new CliResult(exitCode, output.ToString(), error.ToString());
    }

    public static string TestData(string name) => Path.Combine(AppContext.BaseDirectory, "Cli", "TestData", name);
}

internal sealed record CliResult(int ExitCode, string Output, string Error);
