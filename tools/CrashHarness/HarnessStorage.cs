using System.Text.Json;
using Azure.Data.Tables;
using Microsoft.Extensions.Configuration;
using NewsMonitor.Alerts;
using NewsMonitor.Articles;
using NewsMonitor.Cli.Local;
using NewsMonitor.Cli.Pipeline;
using NewsMonitor.Feeds.State;
using NewsMonitor.Storage;
using NewsMonitor.Subscriptions;

namespace NewsMonitor.Tools.CrashHarness;

/// <summary>
/// The harness's Azurite (data on disk, so it survives a restart) and the storage state of a trial. Every trial gets a
/// fresh data folder (<see cref="ResetAsync"/>), so nothing a previous trial wrote can come back: a killed Azurite
/// forgets what it wrote since its last save, and when that included a wipe by API, the previous trial's articles,
/// spikes and ledger rows came back to life in the next one (seed 11's azurite-sigterm anomaly).
/// </summary>
internal sealed class HarnessStorage(string rootFolder) : IAsyncDisposable
{
    public static readonly string[] InstantSubscribers = ["alice@example.com", "bob@example.org", MailSink.RejectedRecipient];
    public const string DailySubscriber = "carol@example.net";
    public const string Keyword = "Taliban";

    private AzuriteProcess? _azurite;
    private int _generation;

    private string DataFolder => Path.Combine(rootFolder, "trial-" + _generation.ToString(System.Globalization.CultureInfo.InvariantCulture));

    public string ConnectionString => (_azurite ?? throw new InvalidOperationException("Azurite is not running.")).ConnectionString;

    public NewsStorage Storage { get; private set; } = null!;

    /// <summary>Azurite's queue service port (it changes when Azurite restarts).</summary>
    public int QueuePort => (_azurite ?? throw new InvalidOperationException("Azurite is not running.")).QueuePort;

    /// <summary>The connection string with the queue endpoint at another loopback port (the <see cref="QueueGate"/>).</summary>
    public string ConnectionStringWithQueueAt(int port)
    {
        var azurite = _azurite ?? throw new InvalidOperationException("Azurite is not running.");
        return AzuriteProcess.ConnectionStringFor(azurite.BlobPort, port, azurite.TablePort);
    }

    /// <summary>Messages waiting in <c>alerts-poison</c>.</summary>
    public async Task<int> PoisonedAsync() =>
        (await Storage.Queue(StorageNames.AlertsPoisonQueue).GetPropertiesAsync()).Value.ApproximateMessagesCount;

    /// <summary>Starts Azurite on the current trial's data folder (again, after a stop).</summary>
    public async Task StartAsync()
    {
        _azurite = await AzuriteProcess.StartAsync(DataFolder);
        Storage = StorageServiceCollectionExtensions.Create(
            new ConfigurationBuilder().AddInMemoryCollection([new(SettingNames.StorageConnection, _azurite.ConnectionString)]).Build(),
            SettingNames.StorageConnection);
    }

    /// <summary>
    /// Stops Azurite with one SIGTERM (it saves its metadata, and is waited for) or SIGKILL (what it wrote since its
    /// last autosave may be lost). One SIGTERM only: Azurite handles the first and a second one kills Node at once,
    /// in the middle of that save (which made the azurite-sigterm scenario a SIGKILL in disguise).
    /// </summary>
    public async Task StopAsync(bool kill)
    {
        var azurite = _azurite ?? throw new InvalidOperationException("Azurite is not running.");
        if (kill)
        {
            using var process = System.Diagnostics.Process.GetProcessById(azurite.ProcessId);
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        // SIGTERM and a wait for the exit (AzuriteProcess's orderly stop); nothing left to do after a SIGKILL.
        await azurite.DisposeAsync();
        _azurite = null;
    }

    /// <summary>A new trial: Azurite stopped, restarted on an empty data folder, and seeded.</summary>
    public async Task ResetAsync(Uri feeds)
    {
        if (_azurite is not null)
        {
            await StopAsync(kill: true);
        }

        var previous = DataFolder;
        _generation++;
        await StartAsync();
        await SeedAsync(feeds);
        try
        {
            Directory.Delete(previous, recursive: true);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            // A folder left behind is harmless: the harness's temp folder goes at the end.
        }
    }

    /// <summary>Containers, tables and queues, the feed catalogue and the four subscribers.</summary>
    private async Task SeedAsync(Uri feeds)
    {
        await Storage.EnsureCreatedAsync();
        await Storage.Table(AnalysisBacklog.TableName).CreateIfNotExistsAsync();
        FeedDefinition[] catalogue = [.. TrialNews.FeedIds.Select(id => new FeedDefinition { Id = id, Url = new Uri(feeds, $"/{id}.rss").AbsoluteUri })];
        await Storage.Container(StorageNames.ConfigContainer).GetBlobClient(StorageNames.FeedCatalogBlob)
            .UploadAsync(BinaryData.FromString(JsonSerializer.Serialize(catalogue, ArticleJson.Options)), overwrite: true);
        var subscribers = new SubscriberStore(Storage, TimeProvider.System);
        foreach (var address in InstantSubscribers)
        {
            await subscribers.AddAsync(address, [Keyword], "instant", confirmed: true);
        }

        await subscribers.AddAsync(DailySubscriber, [Keyword], "daily", confirmed: true);
    }

    public async Task<List<TableEntity>> RowsAsync(string table)
    {
        var rows = new List<TableEntity>();
        await foreach (var row in Storage.Table(table).QueryAsync<TableEntity>())
        {
            rows.Add(row);
        }

        return rows;
    }

    /// <summary>
    /// Work storage still owes: analysis backlog rows, alert messages (visible or not), pending spikes, and deliveries
    /// whose ledger row is not final (a digest claimed by a killed run is settled by a later digest run, once the claim
    /// has expired, and no queue message stands for it).
    /// </summary>
    public async Task<string?> OwedWorkAsync()
    {
        var backlog = (await RowsAsync(AnalysisBacklog.TableName)).Count(row => row.GetString("State") != AnalysisBacklogEntry.AbandonedState);
        var alerts = (await Storage.Queue(StorageNames.AlertsQueue).GetPropertiesAsync()).Value.ApproximateMessagesCount;
        var pending = (await RowsAsync(StorageNames.SpikesTable)).Count(row => row.GetString("State") == "Pending");
        var unsettled = (await RowsAsync(StorageNames.DeliveriesTable))
            .Count(row => row.GetString(nameof(DeliveryEntity.Status)) is { } status && !DeliveryStatus.IsFinal(status));
        return backlog + alerts + pending + unsettled == 0
            ? null
            : $"backlog {backlog}, alert messages {alerts}, pending spikes {pending}, unsettled deliveries {unsettled}";
    }

    public async ValueTask DisposeAsync()
    {
        if (_azurite is not null)
        {
            await _azurite.DisposeAsync();
        }
    }
}
