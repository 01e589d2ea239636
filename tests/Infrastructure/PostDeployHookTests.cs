using System.Diagnostics;
using System.Text.Json.Nodes;

namespace NewsMonitor.Tests.Infrastructure;

/// <summary>
/// infra/hooks/postdeploy.sh against a stand-in <c>az</c> on PATH that records its calls: the hook waits for the
/// blobs_extension key, then deploys eventgrid.bicep with the key in a parameters file, never on the command line.
/// </summary>
public sealed class PostDeployHookTests : IDisposable
{
    private const string Key = "s3cr3t-blobs-extension-key==";

    private readonly string _folder = Path.Combine(Path.GetTempPath(), "newsmon-tests-hook-" + Guid.NewGuid().ToString("N"));

    public PostDeployHookTests()
    {
        Directory.CreateDirectory(_folder);
    }

    [Fact]
    public async Task Run_KeyAppearsOnSecondPoll_DeploysEventGridTemplateWithKeyInParametersFile()
    {
        WriteFakeAz(keyFromCall: 2);

        var (exitCode, output) = await RunHookAsync();

        Assert.Equal(0, exitCode);
        var deploy = File.ReadAllText(Path.Combine(_folder, "deploy-args.txt"));
        Assert.Contains("--resource-group rg-test", deploy, StringComparison.Ordinal);
        Assert.Contains("--subscription sub-test", deploy, StringComparison.Ordinal);
        Assert.Contains("--subscription sub-test", File.ReadAllText(Path.Combine(_folder, "keys-args.txt")), StringComparison.Ordinal);
        Assert.Contains("--template-file infra/eventgrid.bicep", deploy, StringComparison.Ordinal);
        Assert.DoesNotContain(Key, deploy, StringComparison.Ordinal);
        Assert.DoesNotContain(Key, output, StringComparison.Ordinal);
        var parameters = JsonNode.Parse(File.ReadAllText(Path.Combine(_folder, "deploy-parameters.json")))!["parameters"]!;
        Assert.Equal(Key, (string?)parameters["blobsExtensionKey"]?["value"]);
        Assert.Equal("func-test", (string?)parameters["functionAppName"]?["value"]);
        Assert.Equal("evgst-test", (string?)parameters["systemTopicName"]?["value"]);
        Assert.Equal("id-test", (string?)parameters["identityName"]?["value"]);
        Assert.Equal("2", File.ReadAllText(Path.Combine(_folder, "key-calls")).Trim());
    }

    [Fact]
    public async Task Run_KeyNeverAppears_FailsWithoutDeploying()
    {
        WriteFakeAz(keyFromCall: 99);

        var (exitCode, output) = await RunHookAsync();

        Assert.Equal(1, exitCode);
        Assert.Contains("no blobs_extension key", output, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_folder, "deploy-args.txt")));
    }

    [Fact]
    public async Task Run_AzReportsAuthorizationFailure_FailsAtOnceWithTheRealError()
    {
        WriteFakeAz(keyFromCall: 1, keysError: "ERROR: (AuthorizationFailed) The client does not have authorization to perform action");

        var (exitCode, output) = await RunHookAsync();

        Assert.Equal(1, exitCode);
        Assert.Contains("AuthorizationFailed", output, StringComparison.Ordinal);
        Assert.Equal("1", File.ReadAllText(Path.Combine(_folder, "key-calls")).Trim());
        Assert.False(File.Exists(Path.Combine(_folder, "deploy-args.txt")));
    }

    [Fact]
    public async Task Run_AzFailsTransientlyThroughout_ReportsTheLastError()
    {
        WriteFakeAz(keyFromCall: 99, keysError: "ERROR: Service Unavailable (503)");

        var (exitCode, output) = await RunHookAsync();

        Assert.Equal(1, exitCode);
        Assert.Contains("Service Unavailable (503)", output, StringComparison.Ordinal);
        Assert.Equal("3", File.ReadAllText(Path.Combine(_folder, "key-calls")).Trim());
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private void WriteFakeAz(int keyFromCall, string? keysError = null)
    {
        var fail = keysError is null ? "" : $"echo '{keysError}' >&2; exit 1";
        var script = $$"""
            #!/bin/sh
            dir='{{_folder}}'
            case "$1 $2" in
              "functionapp keys")
                n=$(( $(cat "$dir/key-calls" 2>/dev/null || echo 0) + 1 ))
                echo "$n" > "$dir/key-calls"
                echo "$*" > "$dir/keys-args.txt"
                {{fail}}
                if [ "$n" -ge {{keyFromCall}} ]; then echo '{{Key}}'; fi ;;
              "deployment group")
                echo "$*" > "$dir/deploy-args.txt"
                for arg in "$@"; do case "$arg" in @*) cp "${arg#@}" "$dir/deploy-parameters.json" ;; esac; done ;;
              *) echo "unexpected az $*" >&2; exit 2 ;;
            esac
            """;
        var az = Path.Combine(_folder, "az");
        File.WriteAllText(az, script.Replace("\r\n", "\n", StringComparison.Ordinal));
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(az, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    private async Task<(int ExitCode, string Output)> RunHookAsync()
    {
        var startInfo = new ProcessStartInfo("sh", Path.Combine(BicepCli.RepositoryRoot, "infra", "hooks", "postdeploy.sh"))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        startInfo.Environment["PATH"] = _folder + Path.PathSeparator + Environment.GetEnvironmentVariable("PATH");
        startInfo.Environment["AZURE_SUBSCRIPTION_ID"] = "sub-test";
        startInfo.Environment["AZURE_MANAGED_IDENTITY_NAME"] = "id-test";
        startInfo.Environment["AZURE_FUNCTION_APP_NAME"] = "func-test";
        startInfo.Environment["RESOURCE_GROUP"] = "rg-test";
        startInfo.Environment["STORAGE_SYSTEM_TOPIC_NAME"] = "evgst-test";
        startInfo.Environment["POSTDEPLOY_KEY_ATTEMPTS"] = "3";
        startInfo.Environment["POSTDEPLOY_KEY_WAIT_SECONDS"] = "0";

        using var process = Process.Start(startInfo)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output + await errors);
    }
}
