using System.Text.Json;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NewsMonitor.Storage;

namespace NewsMonitor.Feeds.State;

/// <summary>
/// The feed catalogue in blob <c>config/{CatalogBlobName}</c>: ops edit it without redeploying; newsmon's
/// <c>feeds list|add|remove</c> edit it through this class. Seeded once from the bundled default.
/// </summary>
internal class FeedCatalog(NewsStorage storage, IOptions<FeedsOptions> options, ILogger<FeedCatalog> logger)
{
    internal const string DefaultCatalogResource = "default-feeds.json";

    private const int MaxEditAttempts = 5;

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    private BlobClient Blob => storage.Container(StorageNames.ConfigContainer).GetBlobClient(options.Value.CatalogBlobName);

    /// <summary>Every feed of the catalogue, seeding it first when absent. A malformed catalogue throws <see cref="FeedCatalogException"/>.</summary>
    public virtual async Task<IReadOnlyList<FeedDefinition>> ListAsync(CancellationToken cancellationToken = default)
        => (await LoadAsync(cancellationToken)).Feeds;

    /// <summary>Adds a feed, or replaces the one with the same id. Returns false when it replaced one.</summary>
    public virtual Task<bool> AddAsync(FeedDefinition feed, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(feed);
        if (feed.Validate() is { } problem)
        {
            throw new ArgumentException(problem, nameof(feed));
        }

        return EditAsync(
            feeds =>
            {
                var index = IndexOf(feeds, feed.Id);
                var updated = feeds.ToList();
                if (index >= 0)
                {
                    updated[index] = feed;
                }
                else
                {
                    updated.Add(feed);
                }

                return (updated, index < 0);
            },
            cancellationToken);
    }

    /// <summary>Removes a feed by id. Returns false when there was none.</summary>
    public virtual Task<bool> RemoveAsync(string feedId, CancellationToken cancellationToken = default)
        => EditAsync(
            feeds =>
            {
                var index = IndexOf(feeds, feedId);
                return index < 0 ? (null, false) : (feeds.Where((_, i) => i != index).ToList(), true);
            },
            cancellationToken);

    /// <summary>The bundled default catalogue (embedded resource).</summary>
    internal static IReadOnlyList<FeedDefinition> LoadDefault()
    {
        using var stream = OpenDefault();
        return Parse(BinaryData.FromStream(stream), $"embedded {DefaultCatalogResource}");
    }

    internal static IReadOnlyList<FeedDefinition> Parse(BinaryData json, string origin)
    {
        List<FeedDefinition?>? feeds;
        try
        {
            feeds = json.ToObjectFromJson<List<FeedDefinition?>>(JsonOptions);
        }
        catch (JsonException exception)
        {
            throw new FeedCatalogException(
                $"The feed catalogue {origin} is not a JSON array of feeds (line {exception.LineNumber + 1}): {exception.Message}",
                exception);
        }

        if (feeds is null)
        {
            throw new FeedCatalogException($"The feed catalogue {origin} is null; expected a JSON array of feeds.");
        }

        var problems = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (feed, position) in feeds.Select((feed, position) => (feed, position)))
        {
            if (feed is null)
            {
                problems.Add($"entry {position} is null");
            }
            else if (feed.Validate() is { } problem)
            {
                problems.Add(problem);
            }
            else if (!seen.Add(feed.Id))
            {
                problems.Add($"feed id '{feed.Id}' appears twice");
            }
        }

        return problems.Count > 0
            ? throw new FeedCatalogException($"The feed catalogue {origin} is invalid: {string.Join("; ", problems)}.")
            : feeds.Select(feed => feed!).ToList();
    }

    private static Stream OpenDefault()
    {
        var assembly = typeof(FeedCatalog).Assembly;
        var name = assembly.GetManifestResourceNames()
            .Single(resource => resource.EndsWith("." + DefaultCatalogResource, StringComparison.Ordinal));
        return assembly.GetManifestResourceStream(name)!;
    }

    private static int IndexOf(IReadOnlyList<FeedDefinition> feeds, string feedId)
    {
        for (var i = 0; i < feeds.Count; i++)
        {
            if (string.Equals(feeds[i].Id, feedId, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }

    private async Task<(IReadOnlyList<FeedDefinition> Feeds, ETag ETag)> LoadAsync(CancellationToken cancellationToken)
    {
        var blob = Blob;
        try
        {
            var download = await blob.DownloadContentAsync(cancellationToken);
            return (Parse(download.Value.Content, $"'{blob.BlobContainerName}/{blob.Name}'"), download.Value.Details.ETag);
        }
        catch (RequestFailedException exception) when (exception.ErrorCode == BlobErrorCode.BlobNotFound)
        {
            await SeedAsync(blob, cancellationToken);
            var download = await blob.DownloadContentAsync(cancellationToken);
            return (Parse(download.Value.Content, $"'{blob.BlobContainerName}/{blob.Name}'"), download.Value.Details.ETag);
        }
    }

    private async Task SeedAsync(BlobClient blob, CancellationToken cancellationToken)
    {
        try
        {
            // If-None-Match: * makes seeding safe when two runs start together: one creates it, the other keeps it.
            await using var stream = OpenDefault();
            await blob.UploadAsync(stream, CreateUploadOptions(new BlobRequestConditions { IfNoneMatch = ETag.All }), cancellationToken);
            FeedsLog.CatalogSeeded(logger, blob.BlobContainerName, blob.Name);
        }
        catch (RequestFailedException exception) when (exception.Status is 409 or 412)
        {
            // Someone else seeded it first; theirs stands.
        }
    }

    private async Task<bool> EditAsync(
        Func<IReadOnlyList<FeedDefinition>, (List<FeedDefinition>? Updated, bool Result)> edit,
        CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var (feeds, etag) = await LoadAsync(cancellationToken);
            var (updated, result) = edit(feeds);
            if (updated is null)
            {
                return result;
            }

            try
            {
                // If-Match: an edit made meanwhile by ops or another newsmon is never overwritten blindly.
                await Blob.UploadAsync(
                    BinaryData.FromObjectAsJson(updated, JsonOptions),
                    CreateUploadOptions(new BlobRequestConditions { IfMatch = etag }),
                    cancellationToken);
                return result;
            }
            catch (RequestFailedException exception) when (exception.Status == 412 && attempt < MaxEditAttempts)
            {
                // Lost the race: reload and apply the edit again.
            }
        }
    }

    private static BlobUploadOptions CreateUploadOptions(BlobRequestConditions conditions) => new()
    {
        Conditions = conditions,
        HttpHeaders = new BlobHttpHeaders { ContentType = "application/json" },
    };
}

/// <summary>The feed catalogue cannot be used (malformed JSON or invalid entries); the run fails loudly.</summary>
internal sealed class FeedCatalogException(string message, Exception? innerException = null)
    : Exception(message, innerException);
