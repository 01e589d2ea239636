using System.Diagnostics;
using System.Text.Json;
using NewsMonitor.Articles;
using NewsMonitor.Cli;
using NewsMonitor.Feeds.State;
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

    /// <summary>
    /// How to start newsmon as its own process (the built <c>newsmon.dll</c> beside the tests), in
    /// <paramref name="workingDirectory"/> with stdout and stderr redirected.
    /// </summary>
    /// <param name="launcher">The program and its arguments before newsmon.dll (<c>dotnet</c>, maybe behind setsid).</param>
    public static ProcessStartInfo ProcessStartInfo(string workingDirectory, string[] launcher, params string[] args)
    {
        var startInfo = new ProcessStartInfo(launcher[0])
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in launcher[1..])
        {
            startInfo.ArgumentList.Add(argument);
        }

        startInfo.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "newsmon.dll"));
        foreach (var argument in args)
        {
            startInfo.ArgumentList.Add(argument);
        }

        return startInfo;
    }

    public static string TestData(string name) => Path.Combine(AppContext.BaseDirectory, "Cli", "TestData", name);

    /// <summary>A feed of the catalogue read from a file of <c>Cli/TestData</c> (needs <c>Feeds:AllowFileUrls=true</c>).</summary>
    public static FeedDefinition LocalFeed(string id, string file) => new() { Id = id, Url = new Uri(TestData(file)).AbsoluteUri };

    /// <summary>Writes the feed catalogue as an operator would (<c>config/feeds.json</c>).</summary>
    public static async Task UploadCatalogueAsync(NewsStorage storage, params FeedDefinition[] catalogue) =>
        await storage.Container(StorageNames.ConfigContainer)
            .UploadBlobAsync(StorageNames.FeedCatalogBlob, BinaryData.FromString(JsonSerializer.Serialize(catalogue, ArticleJson.Options)));
}

internal sealed record CliResult(int ExitCode, string Output, string Error);
