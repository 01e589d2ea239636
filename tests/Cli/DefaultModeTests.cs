using System.Diagnostics;
using System.Globalization;
using Azure.Data.Tables;
using Microsoft.Extensions.Configuration;
using NewsMonitor.Cli.Local;
using NewsMonitor.Storage;

namespace NewsMonitor.Tests.Cli;

/// <summary>
/// newsmon as a user meets it: separate processes in default mode (no storage configured), each starting or joining
/// the Azurite that keeps <c>.newsmon/azurite</c> under the current directory.
/// </summary>
public sealed class DefaultModeTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "newsmon-default-" + Guid.NewGuid().ToString("N")[..12]);

    public DefaultModeTests() => Directory.CreateDirectory(_folder);

    [Fact]
    public async Task SeparateProcesses_AddThenList_SeeWhatTheFirstAdded()
    {
        var add = await RunProcessAsync("subscribers", "add", "analyst@example.com", "-k", "Taliban", "--confirmed");
        Assert.True(add.ExitCode == 0, add.Error);
        var feed = await RunProcessAsync("feeds", "add", "https://wire.example/world.rss", "--id", "wire-world");
        Assert.True(feed.ExitCode == 0, feed.Error);
        var removed = await RunProcessAsync("feeds", "remove", "bbc-world");
        Assert.True(removed.ExitCode == 0, removed.Error);

        var subscribers = await RunProcessAsync("subscribers", "list", "--show-emails");
        var feeds = await RunProcessAsync("feeds", "list");

        Assert.True(subscribers.ExitCode == 0, subscribers.Error);
        Assert.Contains("analyst@example.com", subscribers.Output, StringComparison.Ordinal);
        Assert.Contains("1 subscriber.", subscribers.Output, StringComparison.Ordinal);
        Assert.Contains("wire-world", feeds.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("bbc-world", feeds.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("killed", subscribers.Error + feeds.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SecondProcess_WhileAnotherOwnsTheFolder_JoinsItsAzurite()
    {
        var dataFolder = Path.Combine(_folder, ".newsmon", "azurite");
        await using (var owner = await AzuriteLease.AcquireAsync(dataFolder, TextWriter.Null, CancellationToken.None))
        {
            Assert.True(owner.IsOwner);

            var add = await RunProcessAsync("subscribers", "add", "desk@example.com", "-k", "Afghanistan", "--confirmed");

            Assert.True(add.ExitCode == 0, add.Error);
            Assert.Contains("Using the Azurite that another newsmon", add.Error, StringComparison.Ordinal);
            Assert.DoesNotContain("Starting Azurite", add.Error, StringComparison.Ordinal);
        }

        // The owner stopped Azurite in order: the guest's write is on disk for the next process.
        var list = await RunProcessAsync("subscribers", "list", "--show-emails");
        Assert.Contains("desk@example.com", list.Output, StringComparison.Ordinal);
        Assert.Contains("Starting Azurite", list.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TwoProcessesAtOnce_SameFolder_BothWritesKept()
    {
        var first = RunProcessAsync("subscribers", "add", "one@example.com", "-k", "Taliban", "--confirmed");
        var second = RunProcessAsync("subscribers", "add", "two@example.com", "-k", "Taliban", "--confirmed");
        var results = await Task.WhenAll(first, second);

        Assert.All(results, result => Assert.Equal(0, result.ExitCode));
        // Two Azurites on one folder would each save their own index on exit, and the last one would win.
        var list = await RunProcessAsync("subscribers", "list", "--show-emails");
        Assert.Contains("one@example.com", list.Output, StringComparison.Ordinal);
        Assert.Contains("two@example.com", list.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OwnerKilled_NextProcess_TakesTheFolderOver()
    {
        var dataFolder = Path.Combine(_folder, ".newsmon", "azurite");
        // A lock file and endpoint left by an owner that died without cleaning up: the lock itself died with it.
        Directory.CreateDirectory(Path.GetDirectoryName(dataFolder)!);
        await File.WriteAllTextAsync(dataFolder + ".lock", "");
        await File.WriteAllTextAsync(dataFolder + ".endpoint.json", """{"ProcessId":1,"BlobPort":1,"QueuePort":1,"TablePort":1}""");

        var add = await RunProcessAsync("subscribers", "add", "late@example.com", "-k", "Taliban", "--confirmed");

        Assert.True(add.ExitCode == 0, add.Error);
        Assert.Contains("Starting Azurite", add.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_StoppedWithSigterm_StopsAzuriteInOrderAndKeepsAGuestsWrite()
    {
        // An empty catalogue, written through an Azurite the test owns (and stops in order): the run touches no
        // network, only storage.
        await using (var owner = await AzuriteLease.AcquireAsync(Path.Combine(_folder, ".newsmon", "azurite"), TextWriter.Null, CancellationToken.None))
        {
            var storage = StorageServiceCollectionExtensions.Create(
                new ConfigurationBuilder().AddInMemoryCollection([new(SettingNames.StorageConnection, owner.ConnectionString)]).Build(),
                SettingNames.StorageConnection);
            await storage.EnsureCreatedAsync();
            await storage.Container(StorageNames.ConfigContainer).GetBlobClient("feeds.json").UploadAsync(BinaryData.FromString("[]"));
        }

        using var run = StartProcess("run", "--interval-minutes", "60");
        var runError = await WaitUntilMonitoringAsync(run);

        var add = await RunProcessAsync("subscribers", "add", "night.desk@example.com", "-k", "Kabul", "--confirmed");
        Assert.True(add.ExitCode == 0, add.Error);
        Assert.Contains("Using the Azurite", add.Error, StringComparison.Ordinal);

        Assert.True(ProcessSignals.Terminate(run.Id));
        await run.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));

        var dataFolder = Path.Combine(_folder, ".newsmon", "azurite");
        Assert.False(File.Exists(dataFolder + ".endpoint.json"), "the owner withdraws its endpoint when it stops");
        Assert.DoesNotContain("killed it", runError.Text, StringComparison.Ordinal);

        var list = await RunProcessAsync("subscribers", "list", "--show-emails");
        Assert.Contains("night.desk@example.com", list.Output, StringComparison.Ordinal);
        Assert.Contains("Starting Azurite", list.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_CtrlCPressedTwiceInATerminal_KeepsWhatWasWrittenJustBefore()
    {
        var dataFolder = Path.Combine(_folder, ".newsmon", "azurite");
        await using (var owner = await AzuriteLease.AcquireAsync(dataFolder, TextWriter.Null, CancellationToken.None))
        {
            var storage = StorageServiceCollectionExtensions.Create(
                new ConfigurationBuilder().AddInMemoryCollection([new(SettingNames.StorageConnection, owner.ConnectionString)]).Build(),
                SettingNames.StorageConnection);
            await storage.EnsureCreatedAsync();
            await storage.Container(StorageNames.ConfigContainer).GetBlobClient("feeds.json").UploadAsync(BinaryData.FromString("[]"));
            // Rows enough that Azurite's save on stop takes a moment: the window in which a second signal kills it.
            var padding = storage.Table("padding");
            await padding.CreateIfNotExistsAsync();
            for (var batch = 0; batch < 80; batch++)
            {
                await padding.SubmitTransactionAsync(Enumerable.Range(0, 100).Select(row => new TableTransactionAction(
                    TableTransactionActionType.Add,
                    new TableEntity($"p{batch}", $"r{row}") { ["Text"] = new string('x', 200) })));
            }
        }

        // A terminal's foreground job: newsmon leads a process group of its own (setsid), Ctrl+C goes to that group.
        // env resets SIGINT in case the test runner was started with it ignored (a background job), which .NET and
        // its children would inherit.
        using var run = StartProcess(["setsid", "env", "--default-signal=INT", "dotnet"], "run", "--interval-minutes", "60");
        var runError = await WaitUntilMonitoringAsync(run);

        // Both well within Azurite's 5 s autosave interval before the signals.
        var feed = await RunProcessAsync("feeds", "add", "https://wire.example/late.rss", "--id", "late-wire");
        var add = await RunProcessAsync("subscribers", "add", "late.shift@example.com", "-k", "Kabul", "--confirmed");
        Assert.True(feed.ExitCode == 0, feed.Error);
        Assert.True(add.ExitCode == 0, add.Error);

        // Ctrl+C twice, as a hurried user presses it: to the whole foreground process group.
        await SignalProcessGroupAsync(run.Id);
        await Task.Delay(TimeSpan.FromMilliseconds(20));
        await SignalProcessGroupAsync(run.Id);
        await run.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));

        Assert.DoesNotContain("killed it", runError.Text, StringComparison.Ordinal);

        var subscribers = await RunProcessAsync("subscribers", "list", "--show-emails");
        var feeds = await RunProcessAsync("feeds", "list");
        Assert.Contains("late.shift@example.com", subscribers.Output, StringComparison.Ordinal);
        Assert.Contains("late-wire", feeds.Output, StringComparison.Ordinal);
        Assert.Contains("Starting Azurite", subscribers.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Azurite_KeepingAFolder_RunsInASessionOfItsOwn_AndInMemoryInOurs()
    {
        await using var persistent = await AzuriteProcess.StartAsync(Path.Combine(_folder, "azurite"));
        await using var inMemory = await AzuriteProcess.StartAsync(Path.Combine(_folder, "unused"), inMemory: true);

        // /proc/PID/stat: "pid (comm) state ppid pgrp session ..."; the id the stop signals must still be node's.
        var (command, group, session) = ProcessStat(persistent.ProcessId);
        Assert.Equal("node", command);
        Assert.Equal(persistent.ProcessId, group);
        Assert.Equal(persistent.ProcessId, session);
        Assert.Equal(ProcessStat(Environment.ProcessId).Session, ProcessStat(inMemory.ProcessId).Session);
    }

    private static (string Command, int Group, int Session) ProcessStat(int processId)
    {
        var stat = File.ReadAllText($"/proc/{processId}/stat");
        var commandEnd = stat.LastIndexOf(')');
        var fields = stat[(commandEnd + 2)..].Split(' ');
        return (stat[(stat.IndexOf('(') + 1)..commandEnd], int.Parse(fields[2], CultureInfo.InvariantCulture), int.Parse(fields[3], CultureInfo.InvariantCulture));
    }

    /// <summary>SIGINT to every process in the group <paramref name="groupId"/> leads, as a terminal's Ctrl+C.</summary>
    private static async Task SignalProcessGroupAsync(int groupId)
    {
        using var kill = Process.Start("kill", ["-INT", "--", "-" + groupId.ToString(CultureInfo.InvariantCulture)]);
        await kill.WaitForExitAsync();
        Assert.Equal(0, kill.ExitCode);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A temp folder left behind is harmless.
        }
    }

    private async Task<CliResult> RunProcessAsync(params string[] args)
    {
        using var process = StartProcess(args);
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        await process.WaitForExitAsync(timeout.Token);
        return new CliResult(process.ExitCode, await output, await error);
    }

    /// <summary>Reads a started <c>newsmon run</c>'s stderr until it says it is monitoring.</summary>
    private static async Task<ProcessErrorText> WaitUntilMonitoringAsync(Process run)
    {
        var error = new ProcessErrorText();
        var monitoring = new TaskCompletionSource();
        run.ErrorDataReceived += (_, e) =>
        {
            error.Append(e.Data);
            if (e.Data?.Contains("Monitoring every", StringComparison.Ordinal) == true)
            {
                monitoring.TrySetResult();
            }
        };
        run.OutputDataReceived += static (_, _) => { };
        run.BeginErrorReadLine();
        run.BeginOutputReadLine();
        await monitoring.Task.WaitAsync(TimeSpan.FromMinutes(3));
        return error;
    }

    private Process StartProcess(params string[] args) => StartProcess(["dotnet"], args);

    /// <param name="launcher">The program and its arguments before newsmon.dll (<c>dotnet</c>, maybe behind setsid).</param>
    private Process StartProcess(string[] launcher, params string[] args)
    {
        var startInfo = CliRunner.ProcessStartInfo(_folder, launcher, args);

        // Default mode: no storage configured, whatever the machine running the tests has set.
        startInfo.Environment.Remove("AzureWebJobsStorage");
        startInfo.Environment.Remove("NEWSMON_STORAGE");
        return Process.Start(startInfo)!;
    }

    /// <summary>A process's stderr as it arrives (its events come on another thread).</summary>
    private sealed class ProcessErrorText
    {
        private readonly System.Text.StringBuilder _text = new();

        public string Text
        {
            get
            {
                lock (_text)
                {
                    return _text.ToString();
                }
            }
        }

        public void Append(string? line)
        {
            lock (_text)
            {
                _text.AppendLine(line);
            }
        }
    }
}
