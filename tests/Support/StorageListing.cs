using NewsMonitor.Storage;

namespace NewsMonitor.Tests.Support;

/// <summary>What a test reads back from storage to assert on.</summary>
internal static class StorageListing
{
    /// <summary>The names of the container's blobs, in ordinal order.</summary>
    public static async Task<List<string>> BlobNamesAsync(NewsStorage storage, string container)
    {
        var names = new List<string>();
        await foreach (var blob in storage.Container(container).GetBlobsAsync())
        {
            names.Add(blob.Name);
        }

        return [.. names.Order(StringComparer.Ordinal)];
    }
}
