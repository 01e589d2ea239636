using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;

namespace NewsMonitor.Storage;

/// <summary>
/// The app's storage account: one client per service, created once and shared (the SDK clients are
/// thread-safe and carry their own retry policy, so nothing here adds another).
/// </summary>
internal class NewsStorage(BlobServiceClient blobs, QueueServiceClient queues, TableServiceClient tables)
{
    public BlobServiceClient Blobs { get; } = blobs;

    public QueueServiceClient Queues { get; } = queues;

    public TableServiceClient Tables { get; } = tables;

    public virtual BlobContainerClient Container(string name) => Blobs.GetBlobContainerClient(name);

    public virtual TableClient Table(string name) => Tables.GetTableClient(name);

    public virtual QueueClient Queue(string name) => Queues.GetQueueClient(name);

    /// <summary>
    /// Creates every container, table and queue the app uses. Idempotent. In Azure the Bicep template creates them
    /// (the app's identity has data-plane roles only); locally and in tests this is how Azurite gets them.
    /// </summary>
    public async Task EnsureCreatedAsync(CancellationToken cancellationToken = default)
    {
        foreach (var name in StorageNames.Containers)
        {
            await Container(name).CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        }

        foreach (var name in StorageNames.Tables)
        {
            await Table(name).CreateIfNotExistsAsync(cancellationToken);
        }

        foreach (var name in StorageNames.Queues)
        {
            await Queue(name).CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        }
    }
}
