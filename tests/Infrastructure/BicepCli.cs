using System.Diagnostics;
using System.Text.Json.Nodes;
using System.Xml.Linq;

namespace NewsMonitor.Tests.Infrastructure;

/// <summary>
/// The Bicep CLI that NuGet restores (Azure.Bicep.CommandLine.linux-x64, version from Directory.Packages.props),
/// found in the global packages folder the same way infra/check.sh finds it.
/// </summary>
internal static class BicepCli
{
    private const string PackageId = "Azure.Bicep.CommandLine.linux-x64";

    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    /// <summary>Compiles a template to ARM JSON in <paramref name="outputFolder"/> and returns the parsed JSON.</summary>
    public static JsonObject Build(string bicepFile, string outputFolder)
    {
        var startInfo = new ProcessStartInfo(FindExecutable())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "build", bicepFile, "--outdir", outputFolder })
        {
            startInfo.ArgumentList.Add(argument);
        }

        using var process = Process.Start(startInfo) ?? throw new InvalidOperationException("bicep did not start");
        var errors = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"bicep build {bicepFile} failed ({process.ExitCode}):\n{output}{errors.Result}");
        }

        var json = Path.Combine(outputFolder, Path.GetFileNameWithoutExtension(bicepFile) + ".json");
        return JsonNode.Parse(File.ReadAllText(json))?.AsObject() ?? throw new InvalidOperationException($"{json} is empty");
    }

    private static string FindExecutable()
    {
        var props = XDocument.Load(Path.Combine(RepositoryRoot, "Directory.Packages.props"));
        var version = props.Descendants("PackageVersion")
            .FirstOrDefault(e => (string?)e.Attribute("Include") == PackageId)?.Attribute("Version")?.Value
            ?? throw new InvalidOperationException($"{PackageId} has no PackageVersion in Directory.Packages.props");

        var executable = Path.Combine(GlobalPackagesFolder(), PackageId.ToLowerInvariant(), version, "tools", "bicep");
        if (!File.Exists(executable))
        {
            throw new InvalidOperationException($"{executable} not found: run 'dotnet restore NewsMonitor.sln'");
        }

        // NuGet may extract the file without its execute bit (the package is linux-x64 only).
        if (OperatingSystem.IsWindows())
        {
            throw new PlatformNotSupportedException($"{PackageId} runs on Linux only");
        }

        var mode = File.GetUnixFileMode(executable);
        if ((mode & UnixFileMode.UserExecute) == 0)
        {
            File.SetUnixFileMode(executable, mode | UnixFileMode.UserExecute);
        }

        return executable;
    }

    private static string GlobalPackagesFolder()
    {
        if (Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } configured)
        {
            return configured;
        }

        var defaultFolder = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        if (Directory.Exists(Path.Combine(defaultFolder, PackageId.ToLowerInvariant())))
        {
            return defaultFolder;
        }

        // A NuGet.Config may move the folder: ask NuGet, as check.sh does.
        var startInfo = new ProcessStartInfo("dotnet", "nuget locals global-packages --list")
        {
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(startInfo) ?? throw new InvalidOperationException("dotnet did not start");
        var line = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        const string Prefix = "global-packages:";
        var start = line.IndexOf(Prefix, StringComparison.Ordinal);
        return start >= 0 ? line[(start + Prefix.Length)..].Trim() : defaultFolder;
    }

    private static string FindRepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "NewsMonitor.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException($"NewsMonitor.sln not found above {AppContext.BaseDirectory}");
    }
}
