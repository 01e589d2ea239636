using Azure;
using Azure.Data.Tables;
using NewsMonitor.Feeds.Fetching;

namespace NewsMonitor.Feeds.State;

/// <summary>A feed's fetch state: one row per feed in table <c>Feeds</c> (PartitionKey "feed", RowKey the feed id).</summary>
internal sealed class FeedState : ITableEntity
{
    public const string Partition = "feed";

    public string PartitionKey { get; set; } = Partition;

    public string RowKey { get; set; } = string.Empty;

    public DateTimeOffset? Timestamp { get; set; }

    public ETag ETag { get; set; }

    /// <summary>The feed's ETag validator, sent back as If-None-Match.</summary>
    public string? HttpETag { get; set; }

    /// <summary>The feed's Last-Modified validator (verbatim), sent back as If-Modified-Since.</summary>
    public string? HttpLastModified { get; set; }

    /// <summary>The URL the validators belong to: a changed catalogue URL must not send another feed's validators.</summary>
    public string? Url { get; set; }

    /// <summary>Name of the last <see cref="FeedFetchStatus"/> (stored as text: readable in Storage Explorer).</summary>
    public string LastStatus { get; set; } = nameof(FeedFetchStatus.None);

    public int? LastHttpStatus { get; set; }

    public DateTimeOffset? LastAttempt { get; set; }

    public DateTimeOffset? LastSuccess { get; set; }

    public int ConsecutiveFailures { get; set; }

    /// <summary>
    /// The next planned fetch: not fetched before this time (the publisher's ttl, sy:updatePeriod, Cache-Control,
    /// Expires or Retry-After after a success; back-off after a failure); null means the next run.
    /// </summary>
    public DateTimeOffset? NextAttempt { get; set; }

    /// <summary>What set <see cref="NextAttempt"/>: "ttl", "max-age", "Expires", "Retry-After" or "back-off".</summary>
    public string? NextAttemptReason { get; set; }

    /// <summary>The feed's own ttl / sy:updatePeriod in minutes, from its last body: a 304 has none and still honours it.</summary>
    public int? DeclaredTimeToLiveMinutes { get; set; }

    public string? LastError { get; set; }

    /// <summary>Items seen in the feed across all successful fetches.</summary>
    public long ItemsSeen { get; set; }

    public long ArticlesStored { get; set; }

    /// <summary>
    /// Ids of the articles this feed gave recently, space-separated, newest last (at most <see cref="MaxRecentArticleIds"/>).
    /// The blob path holds the publication day, so an undated item (dated by its fetch time) or an item whose date the
    /// publisher moved would land on another day's path; this list keeps it a duplicate, and spares a storage call.
    /// </summary>
    public string? RecentArticleIds { get; set; }

    /// <summary>33 characters per id: 600 ids stay well under the 32K-character limit of a table string property.</summary>
    public const int MaxRecentArticleIds = 600;

    public IReadOnlyList<string> GetRecentArticleIds()
        => RecentArticleIds?.Split(' ', StringSplitOptions.RemoveEmptyEntries) ?? [];

    public void SetRecentArticleIds(IEnumerable<string> ids)
    {
        var list = ids.Distinct(StringComparer.Ordinal).ToList();
        RecentArticleIds = string.Join(' ', list.Skip(Math.Max(0, list.Count - MaxRecentArticleIds)));
    }

    public FeedFetchStatus Status => Enum.TryParse<FeedFetchStatus>(LastStatus, out var status) ? status : FeedFetchStatus.None;
}
