using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace NewsMonitor.Cli.Local;

/// <summary>
/// Azurite (the Azure Storage emulator) from <c>node_modules</c>, started on free loopback ports with its data in a
/// folder of the caller's choosing, and stopped on dispose. Used by <c>newsmon</c> when no storage is configured and
/// by the tests, which never depend on a developer's running services.
/// </summary>
internal sealed class AzuriteProcess : IAsyncDisposable
{
    /// <summary>The well-known development account key Azurite accepts (public, not a secret).</summary>
    private const string DevelopmentAccountKey =
        "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private const string AccountName = "devstoreaccount1";

    private readonly Process _process;
    private readonly bool _inMemory;
    private readonly Lock _stopLock = new();

    private AzuriteProcess(Process process, string dataFolder, bool inMemory, int blobPort, int queuePort, int tablePort)
    {
        _process = process;
        _inMemory = inMemory;
        DataFolder = dataFolder;
        BlobPort = blobPort;
        QueuePort = queuePort;
        TablePort = tablePort;
    }

    public string DataFolder { get; }

    /// <summary>Node's process id (the crash harness kills Azurite with it).</summary>
    public int ProcessId => _process.Id;

    public int BlobPort { get; }

    public int QueuePort { get; }

    public int TablePort { get; }

    public string ConnectionString => ConnectionStringFor(BlobPort, QueuePort, TablePort);

    /// <summary>The connection string of an Azurite listening on these loopback ports.</summary>
    public static string ConnectionStringFor(int blobPort, int queuePort, int tablePort) => string.Create(
        CultureInfo.InvariantCulture,
        $"DefaultEndpointsProtocol=http;AccountName={AccountName};AccountKey={DevelopmentAccountKey};" +
        $"BlobEndpoint=http://127.0.0.1:{blobPort}/{AccountName};" +
        $"QueueEndpoint=http://127.0.0.1:{queuePort}/{AccountName};" +
        $"TableEndpoint=http://127.0.0.1:{tablePort}/{AccountName};");

    /// <summary>Starts Azurite and waits until all three services accept connections.</summary>
    /// <exception cref="AzuriteException">Node.js or the azurite package cannot be found, or it did not start.</exception>
    public static Task<AzuriteProcess> StartAsync(string dataFolder, CancellationToken cancellationToken = default) =>
        StartAsync(dataFolder, inMemory: false, cancellationToken);

    /// <inheritdoc cref="StartAsync(string, CancellationToken)"/>
    /// <param name="dataFolder">Where Azurite keeps its data (unused in memory mode).</param>
    /// <param name="inMemory">Keep blobs, queues and tables in memory only: faster, gone when it stops.</param>
    /// <param name="cancellationToken">Stops waiting for it.</param>
    public static async Task<AzuriteProcess> StartAsync(string dataFolder, bool inMemory, CancellationToken cancellationToken = default)
    {
        var script = FindAzuriteScript()
            ?? throw new AzuriteException(
                "Azurite is not installed: run `npm ci` at the repository root (or set NEWSMON_AZURITE to azurite.js).");
        if (!inMemory)
        {
            Directory.CreateDirectory(dataFolder);
        }

        // The free ports are picked here and bound by Node a moment later, so another process (a test's HTTP server)
        // can take one in between; Azurite then exits at once, and a fresh set of ports is the fix.
        const int Attempts = 3;
        for (var attempt = 1; ; attempt++)
        {
            var azurite = await StartOnceAsync(script, dataFolder, inMemory, cancellationToken);
            if (azurite is not null)
            {
                return azurite;
            }

            if (attempt == Attempts)
            {
                throw new AzuriteException(
                    $"Azurite exited before it was ready, {Attempts} times (ports taken, or a broken install: try `npm ci`).");
            }
        }
    }

    private static async Task<AzuriteProcess?> StartOnceAsync(
        string script, string dataFolder, bool inMemory, CancellationToken cancellationToken)
    {
        var (blobPort, queuePort, tablePort) = (FreePort(), FreePort(), FreePort());
        // In memory there is nothing to save, and an Azurite that dies with its group on Ctrl+C is one less to clean up.
        var startInfo = NodeStartInfo(ownSession: !inMemory);
        startInfo.RedirectStandardOutput = true;
        startInfo.RedirectStandardError = true;
        startInfo.UseShellExecute = false;
        foreach (var argument in new[]
                 {
                     script, "--silent", "--skipApiVersionCheck", "--loose", "--disableProductStyleUrl", "--disableTelemetry",
                     "--blobHost", "127.0.0.1", "--blobPort", blobPort.ToString(CultureInfo.InvariantCulture),
                     "--queueHost", "127.0.0.1", "--queuePort", queuePort.ToString(CultureInfo.InvariantCulture),
                     "--tableHost", "127.0.0.1", "--tablePort", tablePort.ToString(CultureInfo.InvariantCulture),
                 })
        {
            startInfo.ArgumentList.Add(argument);
        }

        // Azurite refuses --location together with --inMemoryPersistence.
        startInfo.ArgumentList.Add(inMemory ? "--inMemoryPersistence" : "--location");
        if (!inMemory)
        {
            startInfo.ArgumentList.Add(dataFolder);
        }

        Process process;
        try
        {
            process = Process.Start(startInfo) ?? throw new AzuriteException("Azurite did not start.");
        }
        catch (System.ComponentModel.Win32Exception exception)
        {
            throw new AzuriteException(NodeMissing, exception);
        }

        // Drain the pipes so a chatty Azurite never blocks on a full buffer.
        process.OutputDataReceived += static (_, _) => { };
        process.ErrorDataReceived += static (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var azurite = new AzuriteProcess(process, dataFolder, inMemory, blobPort, queuePort, tablePort);
        // Last resort when the app ends without disposing (an unhandled exception, the termination grace period
        // running out): Node would otherwise outlive it and keep the ports and the data folder busy. The same
        // orderly stop as DisposeAsync, so the data written so far is saved.
        AppDomain.CurrentDomain.ProcessExit += azurite.StopOnExit;
        try
        {
            if (await azurite.WaitUntilListeningAsync(StartTimeout(), cancellationToken))
            {
                return azurite;
            }
        }
        catch
        {
            await azurite.DisposeAsync();
            throw;
        }

        await azurite.DisposeAsync();
        return null;
    }

    private const string NodeMissing = "Node.js is needed to run Azurite and was not found on PATH.";

    /// <summary>
    /// <c>node</c>, in a session (and process group) of its own when <paramref name="ownSession"/> and the OS has
    /// <c>setsid</c>. A terminal sends Ctrl+C to its whole foreground process group: Azurite in newsmon's group would
    /// get the terminal's SIGINT as well as newsmon's orderly SIGTERM, so it shuts down twice, and a second Ctrl+C
    /// arrives after Azurite has dropped its once-only handler and kills Node in the middle of saving its indexes (what
    /// was written since the last autosave is lost). In its own session only newsmon signals it. <c>setsid</c> execs
    /// node in place (it forks only when its caller leads a process group, which a freshly started child never does),
    /// so the process id stays node's, which the stop and the crash harness rely on. .NET has no way of its own to
    /// start a process in a new group on Unix (<see cref="ProcessStartInfo.CreateNewProcessGroup"/> is Windows-only,
    /// where Ctrl+C is a console event, not a signal). Without <c>setsid</c> (macOS) Azurite stays in newsmon's
    /// group as before: there, press Ctrl+C once and let newsmon finish stopping it.
    /// </summary>
    private static ProcessStartInfo NodeStartInfo(bool ownSession)
    {
        if (ownSession && !OperatingSystem.IsWindows() && FindOnPath("setsid") is { } setsid)
        {
            // Resolved here because setsid would report a missing node only as an early exit.
            var startInfo = new ProcessStartInfo(setsid);
            startInfo.ArgumentList.Add(FindOnPath("node") ?? throw new AzuriteException(NodeMissing));
            return startInfo;
        }

        return new ProcessStartInfo("node");
    }

    /// <summary>
    /// An executable on PATH (Unix), or null. Hand-written: .NET resolves PATH inside <see cref="Process.Start()"/>
    /// only, and no package exposes it.
    /// </summary>
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    private static string? FindOnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(directory => Path.Combine(directory, name))
            .FirstOrDefault(path => File.Exists(path)
                && (File.GetUnixFileMode(path) & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0);

    /// <summary>Where a forced stop is reported; null keeps it quiet (tests).</summary>
    public TextWriter? Warnings { get; set; }

    /// <summary>
    /// Stops Azurite the way it expects: SIGTERM, then it closes its servers and writes its metadata (blob, queue and
    /// table indexes are kept in memory and saved on close). A SIGKILL at this point loses what was written since the
    /// last autosave, which is how a <c>subscribers add</c> used to vanish. Killed only when it has not exited within
    /// <see cref="StopTimeout"/>, and then said on <see cref="Warnings"/>.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        AppDomain.CurrentDomain.ProcessExit -= StopOnExit;
        await Task.Run(Stop);
        _process.Dispose();
    }

    private void StopOnExit(object? sender, EventArgs e) => Stop();

    private void Stop()
    {
        // DisposeAsync and ProcessExit can both get here at once (the termination grace period running out while the
        // orderly stop still waits for guests): Azurite must get one SIGTERM only, since a second kills Node in the
        // middle of its save. The later caller waits here for the first one's stop and then finds Node gone.
        lock (_stopLock)
        {
            StopOnce();
        }
    }

    private void StopOnce()
    {
        try
        {
            if (_process.HasExited)
            {
                return;
            }

            // In memory there is nothing to save: kill at once. Terminate is false on Windows (no SIGTERM there).
            if (!_inMemory && ProcessSignals.Terminate(_process.Id))
            {
                if (_process.WaitForExit(StopTimeout))
                {
                    return;
                }

                Warnings?.WriteLine(
                    $"newsmon: Azurite did not stop within {StopTimeout.TotalSeconds:0} s of SIGTERM; killed it " +
                    $"(changes of the last seconds in {DataFolder} may be lost).");
            }

            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(StopTimeout);
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }

    /// <summary>How long Azurite gets to close its servers and save its metadata before it is killed.</summary>
    internal static TimeSpan StopTimeout { get; } = TimeSpan.FromSeconds(30);

    /// <returns>False when Azurite exited before listening on every port.</returns>
    private async Task<bool> WaitUntilListeningAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.StartNew();
        foreach (var port in new[] { BlobPort, QueuePort, TablePort })
        {
            while (true)
            {
                if (_process.HasExited)
                {
                    return false;
                }

                try
                {
                    using var client = new TcpClient();
                    await client.ConnectAsync(IPAddress.Loopback, port, cancellationToken);
                    break;
                }
                catch (SocketException exception)
                {
                    if (deadline.Elapsed >= timeout)
                    {
                        throw new AzuriteException(
                            $"Azurite did not listen on port {port} within {timeout.TotalSeconds:0} s " +
                            "(a busy machine may need more: set NEWSMON_AZURITE_TIMEOUT to seconds).",
                            exception);
                    }

                    await Task.Delay(100, cancellationToken);
                }
            }
        }

        // A port answering is not yet Azurite answering: another process (a test's own server) can take one of the
        // ports between the pick and Node's bind, and Azurite exits a moment after the checks above. Seen once in the
        // full suite (2026-12-07): the storage's first request was reset, then refused. Each service must answer as
        // itself; otherwise a fresh set of ports is tried.
        foreach (var (port, service) in new[] { (BlobPort, "Blob"), (QueuePort, "Queue"), (TablePort, "Table") })
        {
            if (!await AnswersAsAzuriteAsync(port, service, cancellationToken))
            {
                return false;
            }
        }

        return !_process.HasExited;
    }

    private static readonly HttpClient Probe = new() { Timeout = TimeSpan.FromSeconds(10) };

    /// <summary>Whether the server on this loopback port is Azurite's <paramref name="service"/> ("Blob", "Queue" or
    /// "Table"): its answer to any request names it in the Server header ("Azurite-Blob/3.35.0").</summary>
    internal static async Task<bool> AnswersAsAzuriteAsync(int port, string service, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await Probe.GetAsync(new Uri($"http://127.0.0.1:{port}/"), cancellationToken);
            return response.Headers.Server.Any(product => product.Product?.Name == "Azurite-" + service);
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    /// <summary>
    /// Node starts Azurite in a second or two on an idle machine; a loaded CI runner can take far longer, so the wait is
    /// generous and configurable (<c>NEWSMON_AZURITE_TIMEOUT</c>, seconds).
    /// </summary>
    private static TimeSpan StartTimeout() =>
        int.TryParse(Environment.GetEnvironmentVariable("NEWSMON_AZURITE_TIMEOUT"), NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) && seconds > 0
            ? TimeSpan.FromSeconds(seconds)
            : TimeSpan.FromSeconds(120);

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string? FindAzuriteScript()
    {
        var configured = Environment.GetEnvironmentVariable("NEWSMON_AZURITE");
        if (!string.IsNullOrEmpty(configured) && File.Exists(configured))
        {
            return configured;
        }

        foreach (var start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
        {
            for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
            {
                var candidate = Path.Combine(directory.FullName, "node_modules", "azurite", "dist", "src", "azurite.js");
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        return null;
    }
}

/// <summary>Azurite cannot be started or used (Node.js missing, not installed, ports, a busy data folder).</summary>
internal sealed class AzuriteException(string message, Exception? innerException = null) : Exception(message, innerException);
