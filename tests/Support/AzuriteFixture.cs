using Microsoft.Extensions.Configuration;
using NewsMonitor.Cli.Local;
using NewsMonitor.Storage;

namespace NewsMonitor.Tests.Support;

/// <summary>
/// A private Azurite for one test class (<c>IClassFixture&lt;AzuriteFixture&gt;</c>), on free ports in a temp folder,
/// stopped and deleted afterwards. Tests in the class share it: call <see cref="ResetAsync"/> for empty storage.
/// </summary>
public sealed class AzuriteFixture : IAsyncLifetime
{
    private readonly string _dataFolder = Path.Combine(Path.GetTempPath(), "newsmon-tests-azurite-" + Guid.NewGuid().ToString("N"));
    private AzuriteProcess? _azurite;

    public string ConnectionString => _azurite?.ConnectionString ?? throw new InvalidOperationException("Azurite is not running.");

    /// <summary>Configuration with the storage connection set, for code that reads settings.</summary>
    public IConfiguration Configuration => new ConfigurationBuilder()
        .AddInMemoryCollection(new Dictionary<string, string?> { [SettingNames.StorageConnection] = ConnectionString })
        .Build();

    internal NewsStorage CreateStorage() => StorageServiceCollectionExtensions.Create(Configuration, SettingNames.StorageConnection);

    /// <summary>Deletes every container, table and queue, then creates the app's own again, empty.</summary>
    internal async Task<NewsStorage> ResetAsync()
    {
        var storage = CreateStorage();
        await foreach (var container in storage.Blobs.GetBlobContainersAsync())
        {
            await storage.Blobs.DeleteBlobContainerAsync(container.Name);
        }

        await foreach (var table in storage.Tables.QueryAsync())
        {
            await storage.Tables.DeleteTableAsync(table.Name);
        }

        await foreach (var queue in storage.Queues.GetQueuesAsync())
        {
            await storage.Queues.DeleteQueueAsync(queue.Name);
        }

        await storage.EnsureCreatedAsync();
        return storage;
    }

    public async Task InitializeAsync()
    {
        _azurite = await AzuriteProcess.StartAsync(_dataFolder);
        await CreateStorage().EnsureCreatedAsync();
    }

    public async Task DisposeAsync()
    {
        if (_azurite is not null)
        {
            await _azurite.DisposeAsync();
        }

        try
        {
            Directory.Delete(_dataFolder, recursive: true);
        }
        catch (IOException)
        {
            // A temp folder left behind is harmless.
        }
    }
}
