using Azure;
using Azure.Data.Tables;
using Azure.Storage.Blobs.Models;
using NewsMonitor.Storage;

namespace NewsMonitor.Articles;

/// <summary>
/// Writes articles to the <c>articles</c> container, once each whatever day they are dated. The blob path holds the
/// publication day, and two feeds can disagree on it (23:59 in one, 00:01 in the other), so the path cannot be the
/// identity: table <c>ArticleIndex</c> is, one row per article id holding the path of its first sighting.
/// </summary>
/// <remarks>
/// Order and crash safety: the index row is inserted first (a conditional insert, so exactly one sighting wins),
/// then the blob is uploaded with If-None-Match: *. A crash between the two leaves a row whose blob is missing; the
/// next sighting finds the row, sees no blob at the recorded path and stores it there, so the article is late, never
/// lost, and still lives at one path. Blobs are written once and never replaced, whichever run writes them.
/// </remarks>
internal class ArticleStore(NewsStorage storage)
{
    private static readonly BlobHttpHeaders JsonHeaders = new() { ContentType = "application/json" };

    private TableClient Index => storage.Table(StorageNames.ArticleIndexTable);

    /// <summary>Whether the article is stored already (saves fetching a page for full text only to find a duplicate).</summary>
    public virtual async Task<bool> ExistsAsync(Article article, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(article);
        var row = await Index.GetEntityIfExistsAsync<ArticleIndexEntry>(ArticleIndexEntry.PartitionFor(article.Id), ArticleIndexEntry.Row, cancellationToken: cancellationToken);

        // A row without its blob is an interrupted store: not stored yet, so the caller goes on and stores it.
        var blobName = row.HasValue ? row.Value!.BlobName : article.BlobName;
        return (await Blob(blobName).ExistsAsync(cancellationToken)).Value;
    }

    /// <summary>
    /// Stores the article unless a sighting on any day stored it before. Returns the blob name it was stored under (the
    /// path recorded by the first sighting, which may be another day's), or null when it was already stored.
    /// </summary>
    public virtual async Task<string?> TryAddAsync(Article article, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(article);
        var blobName = await ClaimAsync(article, cancellationToken);
        await OnStoringAsync(blobName, cancellationToken);
        var json = BinaryData.FromObjectAsJson(article, ArticleJson.Options);
        try
        {
            await Blob(blobName).UploadAsync(
                json,
                new BlobUploadOptions
                {
                    Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All },
                    HttpHeaders = JsonHeaders,
                },
                cancellationToken);
        }
        catch (RequestFailedException exception)
            when (exception.Status is 409 or 412 || exception.ErrorCode == BlobErrorCode.BlobAlreadyExists)
        {
            return null;
        }

        await OnStoredAsync(blobName, json, cancellationToken);
        return blobName;
    }

    /// <summary>
    /// Called with the path the article's blob belongs at, just before it is uploaded (also when it turns out to be
    /// stored already): newsmon records there that the article owes an analysis. Does nothing by default.
    /// </summary>
    protected virtual Task OnStoringAsync(string blobName, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>
    /// Called once the article's blob is created by this call (never for a duplicate), with the JSON just written:
    /// newsmon hands it to the analysis running alongside the ingest, which then need not read it back. Does nothing by
    /// default.
    /// </summary>
    protected virtual Task OnStoredAsync(string blobName, BinaryData articleJson, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>
    /// Inserts the index row for the article (the first sighting's path) or reads the one a sighting before inserted.
    /// Returns the path the article's blob belongs at.
    /// </summary>
    private async Task<string> ClaimAsync(Article article, CancellationToken cancellationToken)
    {
        var entry = new ArticleIndexEntry
        {
            PartitionKey = ArticleIndexEntry.PartitionFor(article.Id),
            BlobName = article.BlobName,
            FirstSeen = article.FetchedAt,
        };
        try
        {
            await Index.AddEntityAsync(entry, cancellationToken);
            return entry.BlobName;
        }
        catch (RequestFailedException exception) when (exception.Status == 409)
        {
            var existing = await Index.GetEntityAsync<ArticleIndexEntry>(entry.PartitionKey, entry.RowKey, cancellationToken: cancellationToken);
            return existing.Value.BlobName;
        }
    }

    private Azure.Storage.Blobs.BlobClient Blob(string blobName) => storage.Container(StorageNames.ArticlesContainer).GetBlobClient(blobName);
}

/// <summary>One article's identity: table <c>ArticleIndex</c>, PartitionKey the article id, RowKey "article".</summary>
internal sealed class ArticleIndexEntry : ITableEntity
{
    public const string Row = "article";

    /// <summary>The id alone as the partition: every lookup is a point read, and no partition grows hot.</summary>
    public static string PartitionFor(string articleId) => articleId;

    public string PartitionKey { get; set; } = string.Empty;

    public string RowKey { get; set; } = Row;

    public DateTimeOffset? Timestamp { get; set; }

    public ETag ETag { get; set; }

    /// <summary>Where the article's blob lives: the path of its first sighting (<c>yyyy/MM/dd/{id}.json</c>).</summary>
    public string BlobName { get; set; } = string.Empty;

    public DateTimeOffset FirstSeen { get; set; }
}
