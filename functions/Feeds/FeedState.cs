using Azure;
using Azure.Data.Tables;

namespace NewsMonitor.Feeds;

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

    /// <summary>Not fetched before this time (back-off or Retry-After); null means now.</summary>
    public DateTimeOffset? NextAttempt { get; set; }

    public string? LastError { get; set; }

    /// <summary>Items seen in the feed across all successful fetches.</summary>
    public long ItemsSeen { get; set; }

    public long ArticlesStored { get; set; }

    public FeedFetchStatus Status => Enum.TryParse<FeedFetchStatus>(LastStatus, out var status) ? status : FeedFetchStatus.None;
}
