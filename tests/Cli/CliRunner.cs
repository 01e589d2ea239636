using NewsMonitor.Cli;
using NewsMonitor.Storage;
using NewsMonitor.Tests.Support;

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

    /// <summary>
    /// Runs a command against the fixture's Azurite, passing the storage connection with <c>--set</c> as a user would
    /// (so newsmon starts no Azurite of its own), and a signing key so nothing is written under the current directory.
    /// </summary>
    public static Task<CliResult> RunWithStorageAsync(AzuriteFixture azurite, params string[] args) => RunAsync(
    [
        .. args,
        "--set", $"{SettingNames.StorageConnection}={azurite.ConnectionString}",
        "--set", "Subscriptions:TokenSigningKey=" + new string('k', 44),
    ]);

    public static string TestData(string name) => Path.Combine(AppContext.BaseDirectory, "Cli", "TestData", name);
}

internal sealed record CliResult(int ExitCode, string Output, string Error);
