using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;

namespace NewsMonitor.Cli.Local;

/// <summary>
/// newsmon's use of the Azurite that keeps a data folder (<c>.newsmon/azurite</c> by default). Azurite holds its
/// indexes in memory and saves them on close, so two Azurites on one folder overwrite each other's changes: exactly
/// one newsmon process (the owner) runs Azurite for a folder, holding an exclusive lock on <c>FOLDER.lock</c>, and
/// publishes its ports in <c>FOLDER.endpoint.json</c>. Another newsmon started meanwhile (a <c>subscribers add</c>
/// beside a running <c>run</c>) becomes a guest: it uses the owner's Azurite and holds a lock file in
/// <c>FOLDER.guests/</c>, which the owner waits for before it stops Azurite.
/// </summary>
/// <remarks>
/// File locks (FileShare.None: <c>flock</c> on Unix, a sharing lock on Windows) die with their process, so a crashed
/// owner or guest never leaves the folder blocked: the next process simply takes the lock.
/// </remarks>
internal sealed class AzuriteLease : IAsyncDisposable
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(250);

    private readonly FileStream _lock;
    private readonly AzuriteProcess? _azurite;
    private readonly Paths _paths;
    private readonly TextWriter _messages;

    private AzuriteLease(FileStream heldLock, AzuriteProcess? azurite, string connectionString, Paths paths, TextWriter messages)
    {
        _lock = heldLock;
        _azurite = azurite;
        ConnectionString = connectionString;
        _paths = paths;
        _messages = messages;
    }

    public string ConnectionString { get; }

    /// <summary>True when this process started Azurite; false when it uses another newsmon's.</summary>
    public bool IsOwner => _azurite is not null;

    /// <summary>How long a second newsmon waits for another one that is starting or stopping Azurite.</summary>
    internal static TimeSpan WaitTimeout { get; set; } = TimeSpan.FromSeconds(120);

    /// <summary>How long the owner waits for guests to finish before it stops Azurite under them.</summary>
    internal static TimeSpan GuestTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Starts Azurite on <paramref name="dataFolder"/>, or joins the one another newsmon runs there.</summary>
    /// <exception cref="AzuriteException">Azurite cannot start, or another newsmon kept the folder busy too long.</exception>
    public static async Task<AzuriteLease> AcquireAsync(string dataFolder, TextWriter messages, CancellationToken cancellationToken)
    {
        var paths = new Paths(Path.GetFullPath(dataFolder));
        Directory.CreateDirectory(paths.DataFolder);
        var waited = Stopwatch.StartNew();
        var saidWaiting = false;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (TryLock(paths.LockFile, deleteOnClose: false) is { } ownerLock)
            {
                return await StartAsOwnerAsync(ownerLock, paths, messages, cancellationToken);
            }

            if (await TryJoinAsync(paths, messages, cancellationToken) is { } guest)
            {
                return guest;
            }

            if (waited.Elapsed > WaitTimeout)
            {
                throw new AzuriteException(
                    $"another newsmon is starting or stopping Azurite on {paths.DataFolder} and did not finish within " +
                    $"{WaitTimeout.TotalSeconds:0} s. Wait for it to end (or stop it) and try again.");
            }

            if (!saidWaiting)
            {
                messages.WriteLine($"Another newsmon is starting or stopping Azurite on {paths.DataFolder}; waiting for it.");
                saidWaiting = true;
            }

            await Task.Delay(PollInterval, cancellationToken);
        }
    }

    private static async Task<AzuriteLease> StartAsOwnerAsync(
        FileStream ownerLock, Paths paths, TextWriter messages, CancellationToken cancellationToken)
    {
        try
        {
            // Left by an owner that crashed: never let a guest read its ports.
            File.Delete(paths.EndpointFile);
            messages.WriteLine($"Starting Azurite (storage emulator), data in {paths.DataFolder}");
            var azurite = await AzuriteProcess.StartAsync(paths.DataFolder, inMemory: false, cancellationToken);
            azurite.Warnings = messages;
            var endpoint = new Endpoint(Environment.ProcessId, azurite.BlobPort, azurite.QueuePort, azurite.TablePort);
            var temporary = paths.EndpointFile + "." + Environment.ProcessId.ToString(CultureInfo.InvariantCulture);
            await File.WriteAllTextAsync(temporary, JsonSerializer.Serialize(endpoint), cancellationToken);
            File.Move(temporary, paths.EndpointFile, overwrite: true);
            return new AzuriteLease(ownerLock, azurite, azurite.ConnectionString, paths, messages);
        }
        catch
        {
            await ownerLock.DisposeAsync();
            throw;
        }
    }

    /// <returns>A guest lease, or null when no owner is ready (starting, stopping, or its Azurite does not answer).</returns>
    private static async Task<AzuriteLease?> TryJoinAsync(Paths paths, TextWriter messages, CancellationToken cancellationToken)
    {
        var endpoint = ReadEndpoint(paths.EndpointFile);
        if (endpoint is null || !await IsListeningAsync(endpoint.BlobPort, cancellationToken))
        {
            return null;
        }

        Directory.CreateDirectory(paths.GuestsFolder);
        var guestFile = Path.Combine(paths.GuestsFolder, $"{Environment.ProcessId}-{Guid.NewGuid():N}.lock");
        var guestLock = TryLock(guestFile, deleteOnClose: true);
        if (guestLock is null)
        {
            return null;
        }

        // The owner deletes the endpoint before it looks for guests: still there now means the owner will wait for us.
        if (ReadEndpoint(paths.EndpointFile) != endpoint)
        {
            await guestLock.DisposeAsync();
            return null;
        }

        messages.WriteLine($"Using the Azurite that another newsmon (pid {endpoint.ProcessId}) runs on {paths.DataFolder}");
        return new AzuriteLease(guestLock, azurite: null, AzuriteProcess.ConnectionStringFor(endpoint.BlobPort, endpoint.QueuePort, endpoint.TablePort), paths, messages);
    }

    public async ValueTask DisposeAsync()
    {
        if (_azurite is not null)
        {
            File.Delete(_paths.EndpointFile);
            await WaitForGuestsAsync();
            await _azurite.DisposeAsync();
        }

        await _lock.DisposeAsync();
    }

    private async Task WaitForGuestsAsync()
    {
        var waited = Stopwatch.StartNew();
        var saidWaiting = false;
        while (LiveGuests() is var live and > 0)
        {
            if (waited.Elapsed > GuestTimeout)
            {
                _messages.WriteLine($"newsmon: stopping Azurite although {live} other newsmon command(s) still use it.");
                return;
            }

            if (!saidWaiting)
            {
                _messages.WriteLine($"Waiting for {live} other newsmon command(s) using this Azurite to finish.");
                saidWaiting = true;
            }

            await Task.Delay(PollInterval);
        }
    }

    /// <summary>Guest lock files still locked; those left by a guest that died are deleted.</summary>
    private int LiveGuests()
    {
        if (!Directory.Exists(_paths.GuestsFolder))
        {
            return 0;
        }

        var live = 0;
        foreach (var file in Directory.EnumerateFiles(_paths.GuestsFolder, "*.lock"))
        {
            using var stale = TryLock(file, deleteOnClose: true, create: false);
            if (stale is null && File.Exists(file))
            {
                live++;
            }
        }

        return live;
    }

    private static FileStream? TryLock(string path, bool deleteOnClose, bool create = true)
    {
        try
        {
            return new FileStream(
                path,
                create ? FileMode.OpenOrCreate : FileMode.Open,
                FileAccess.ReadWrite,
                FileShare.None,
                bufferSize: 1,
                deleteOnClose ? FileOptions.DeleteOnClose : FileOptions.None);
        }
        catch (FileNotFoundException)
        {
            return null;
        }
        catch (IOException)
        {
            // Locked by another process (a sharing violation is an IOException).
            return null;
        }
    }

    private static Endpoint? ReadEndpoint(string path)
    {
        try
        {
            return JsonSerializer.Deserialize<Endpoint>(File.ReadAllText(path));
        }
        catch (Exception exception) when (exception is IOException or JsonException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static async Task<bool> IsListeningAsync(int port, CancellationToken cancellationToken)
    {
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync(IPAddress.Loopback, port, cancellationToken);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private sealed record Endpoint(int ProcessId, int BlobPort, int QueuePort, int TablePort);

    private sealed record Paths(string DataFolder)
    {
        public string LockFile => DataFolder + ".lock";

        public string EndpointFile => DataFolder + ".endpoint.json";

        public string GuestsFolder => DataFolder + ".guests";
    }
}
