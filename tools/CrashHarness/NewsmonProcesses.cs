using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using NewsMonitor.Storage;

namespace NewsMonitor.Tools.CrashHarness;

/// <summary>How one newsmon process ended.</summary>
internal sealed record NewsmonExit(int ExitCode, bool Killed, string Error, TimeSpan Elapsed)
{
    /// <summary>The runtime's "Unhandled exception" on stderr: a run must end in one sentence, whatever fails (issue 20, cause 6).</summary>
    public bool Unhandled => Error.Contains("Unhandled exception", StringComparison.Ordinal);
}

/// <summary>
/// Starts real <c>newsmon run --once</c> (and <c>poison requeue</c>) processes (<c>newsmon.dll</c> beside the harness) against the harness's
/// Azurite, feeds and mail sink, and kills them with SIGKILL on request.
/// </summary>
internal sealed class NewsmonProcesses(string workFolder, Func<string> connectionString, int smtpPort)
{
    private readonly ConcurrentDictionary<int, Process> _running = new();

    /// <summary>
    /// Alerts:ClaimTimeout for every run: short, so a claim left by a killed run expires within a trial ("later than
    /// the claim timeout" is the harness's "10 minutes later").
    /// </summary>
    public static readonly TimeSpan ClaimTimeout = TimeSpan.FromSeconds(4);

    /// <summary>The storage fault hook's value for the processes started from now on (null: none).</summary>
    public string? StorageFaults { get; set; }

    /// <summary>Extra <c>--set</c> values for the processes started from now on.</summary>
    public IReadOnlyList<string> ExtraSettings { get; set; } = [];

    public static string NewsmonDll => Path.Combine(AppContext.BaseDirectory, "newsmon.dll");

    /// <summary>The settings every run gets: short timeouts so a trial takes seconds, SMTP to the sink, the digest every cycle.</summary>
    private IEnumerable<string> Settings() =>
    [
        $"{SettingNames.StorageConnection}={connectionString()}",
        "Subscriptions:TokenSigningKey=" + new string('k', 44),
        "Feeds:AllowLoopback=true",
        "Feeds:RetryCount=0",
        "Email:Transport=smtp",
        "Email:SmtpHost=127.0.0.1",
        "Email:SmtpPort=" + smtpPort.ToString(CultureInfo.InvariantCulture),
        "Email:SmtpSecurity=None",
        "Email:SendTimeout=00:00:02",
        "Email:MaxRetryAttempts=1",
        "Email:RetryBaseDelay=00:00:00.200",
        "Alerts:ClaimTimeout=" + ClaimTimeout.ToString("c", CultureInfo.InvariantCulture),
        "Spikes:PendingTakeoverAfter=00:00:02",
        // The trial's day of history is short: a little less spread than the default cold start assumes lets the
        // burst of 24 in one hour stand out (the harness checks that the clean trial raises it).
        "Spikes:ColdStartOverdispersion=0.05",
        $"{SettingNames.DigestSchedule}=* * * * * *",
        .. ExtraSettings,
    ];

    /// <summary>Runs <c>run --once</c>; with <paramref name="killAfter"/>, SIGKILLs it then if it is still running.</summary>
    public Task<NewsmonExit> RunOnceAsync(TimeSpan? killAfter = null, Func<Task>? atKillTime = null, TimeSpan? timeout = null) =>
        RunAsync(["run", "--once"], killAfter, atKillTime, timeout);

    /// <summary>Runs <c>poison requeue --all</c>, as an operator does once the cause of the poisoning is fixed.</summary>
    public Task<NewsmonExit> RequeuePoisonAsync() => RunAsync(["poison", "requeue", "--all"]);

    private async Task<NewsmonExit> RunAsync(string[] command, TimeSpan? killAfter = null, Func<Task>? atKillTime = null, TimeSpan? timeout = null)
    {
        var started = Stopwatch.StartNew();
        using var process = Start(command);
        var error = new StringBuilder();
        process.ErrorDataReceived += (_, e) =>
        {
            lock (error)
            {
                error.AppendLine(e.Data);
            }
        };
        process.OutputDataReceived += static (_, _) => { };
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        _running[process.Id] = process;
        var killed = false;
        try
        {
            if (killAfter is { } delay)
            {
                var exited = process.WaitForExitAsync();
                if (await Task.WhenAny(exited, Task.Delay(delay)) != exited)
                {
                    if (atKillTime is not null)
                    {
                        await atKillTime();
                    }
                    else
                    {
                        killed = Kill(process);
                    }
                }
            }

            using var limit = new CancellationTokenSource(timeout ?? TimeSpan.FromMinutes(3));
            try
            {
                await process.WaitForExitAsync(limit.Token);
            }
            catch (OperationCanceledException)
            {
                // A run that hangs is itself a finding; it is killed so the trial can go on, and said in the notes.
                Kill(process);
                await process.WaitForExitAsync();
                lock (error)
                {
                    error.AppendLine("harness: the run did not end within its timeout and was killed.");
                }
            }

            // Killed by the mail sink (KillAfterData) or by the caller's atKillTime: SIGKILL's exit status.
            killed |= process.ExitCode == 137;
            lock (error)
            {
                return new NewsmonExit(process.ExitCode, killed, error.ToString(), started.Elapsed);
            }
        }
        finally
        {
            _running.TryRemove(process.Id, out _);
        }
    }

    /// <summary>SIGKILLs every newsmon this harness runs; false when none was running.</summary>
    public bool KillAll()
    {
        var any = false;
        foreach (var process in _running.Values)
        {
            any |= Kill(process);
        }

        return any;
    }

    private static bool Kill(Process process)
    {
        try
        {
            if (process.HasExited)
            {
                return false;
            }

            // Process.Kill is SIGKILL on Unix: no finally block, no flush, no orderly stop.
            process.Kill();
            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    private Process Start(string[] command)
    {
        var startInfo = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workFolder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        startInfo.ArgumentList.Add(NewsmonDll);
        foreach (var word in command)
        {
            startInfo.ArgumentList.Add(word);
        }

        foreach (var setting in Settings())
        {
            startInfo.ArgumentList.Add("--set");
            startInfo.ArgumentList.Add(setting);
        }

        startInfo.Environment.Remove(SettingNames.StorageConnection);
        startInfo.Environment.Remove("NEWSMON_STORAGE");
        startInfo.Environment["DOTNET_NOLOGO"] = "1";
        if (StorageFaults is { } faults)
        {
            startInfo.Environment[StorageFaultsVariable] = faults;
        }
        else
        {
            startInfo.Environment.Remove(StorageFaultsVariable);
        }

        return Process.Start(startInfo) ?? throw new InvalidOperationException("newsmon did not start.");
    }

    /// <summary>The test hook newsmon reads (cli/Hosting/StorageFaultInjection).</summary>
    public const string StorageFaultsVariable = "NEWSMON_TEST_STORAGE_FAULTS";
}
