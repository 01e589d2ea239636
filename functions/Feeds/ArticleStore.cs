using Azure;
using Azure.Storage.Blobs.Models;
using NewsMonitor.Storage;

namespace NewsMonitor.Feeds;

/// <summary>Writes articles to the <c>articles</c> container, once each.</summary>
internal class ArticleStore(NewsStorage storage)
{
    private static readonly BlobHttpHeaders JsonHeaders = new() { ContentType = "application/json" };

    /// <summary>Whether the article is stored already (saves fetching a page for full text only to find a duplicate).</summary>
    public virtual async Task<bool> ExistsAsync(Article article, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(article);
        var blob = storage.Container(StorageNames.ArticlesContainer).GetBlobClient(article.BlobName);
        return (await blob.ExistsAsync(cancellationToken)).Value;
    }

    /// <summary>
    /// Creates the article's blob. Returns false when it already exists: If-None-Match: * makes the write atomic,
    /// so a story fetched again (or by an overlapping run) is a duplicate, never a second or rewritten blob.
    /// </summary>
    public virtual async Task<bool> TryAddAsync(Article article, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(article);
        var blob = storage.Container(StorageNames.ArticlesContainer).GetBlobClient(article.BlobName);
        try
        {
            await blob.UploadAsync(
                BinaryData.FromObjectAsJson(article, ArticleJson.Options),
                new BlobUploadOptions
                {
                    Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All },
                    HttpHeaders = JsonHeaders,
                },
                cancellationToken);
            return true;
        }
        catch (RequestFailedException exception)
            when (exception.Status is 409 or 412 || exception.ErrorCode == BlobErrorCode.BlobAlreadyExists)
        {
            return false;
        }
    }
}
