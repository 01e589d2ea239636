using Azure.Storage.Blobs.Models;
using NewsMonitor.Storage;

namespace NewsMonitor.Tests.Support;

public sealed class AzuriteFixtureTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task ResetAsync_AfterWrites_LeavesEveryStoreEmptyAndPresent()
    {
        var storage = azurite.CreateStorage();
        await storage.Container(StorageNames.ArticlesContainer).UploadBlobAsync("a.json", BinaryData.FromString("{}"));
        await storage.Queue(StorageNames.AlertsQueue).SendMessageAsync("hello");

        storage = await azurite.ResetAsync();

        var blobs = new List<BlobItem>();
        await foreach (var blob in storage.Container(StorageNames.ArticlesContainer).GetBlobsAsync())
        {
            blobs.Add(blob);
        }

        Assert.Empty(blobs);
        var properties = await storage.Queue(StorageNames.AlertsQueue).GetPropertiesAsync();
        Assert.Equal(0, properties.Value.ApproximateMessagesCount);
        foreach (var table in StorageNames.Tables)
        {
            Assert.True(await storage.Table(table).QueryAsync<Azure.Data.Tables.TableEntity>().AsPages().GetAsyncEnumerator().MoveNextAsync());
        }
    }
}
