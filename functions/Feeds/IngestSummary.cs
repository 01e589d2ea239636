using NewsMonitor.Feeds.Fetching;

namespace NewsMonitor.Feeds;

/// <summary>What one ingest run did.</summary>
internal sealed record IngestSummary
{
    /// <summary>Enabled feeds fetched this run.</summary>
    public int FeedsTried { get; init; }

    /// <summary>Enabled feeds not fetched because their back-off (or Retry-After) has not elapsed.</summary>
    public int FeedsSkipped { get; init; }

    public int FeedsNotModified { get; init; }

    public int FeedsFailed { get; init; }

    public int ItemsSeen { get; init; }

    public int NewArticles { get; init; }

    /// <summary>Items whose article was already stored (by an earlier run, another feed or an overlapping run).</summary>
    public int Duplicates { get; init; }

    /// <summary>Article pages whose full text could not be had; the feed's own content was stored instead.</summary>
    public int FullTextFailures { get; init; }

    /// <summary>Blob names (under the <c>articles</c> container) of the articles this run created.</summary>
    public IReadOnlyList<string> NewArticleBlobNames { get; init; } = [];

    public IReadOnlyList<FeedRunResult> Feeds { get; init; } = [];

    public static IngestSummary From(IReadOnlyList<FeedRunResult> feeds) => new()
    {
        FeedsTried = feeds.Count(feed => !feed.Skipped),
        FeedsSkipped = feeds.Count(feed => feed.Skipped),
        FeedsNotModified = feeds.Count(feed => feed.Status == FeedFetchStatus.NotModified),
        FeedsFailed = feeds.Count(feed => !feed.Skipped && feed.Failed),
        ItemsSeen = feeds.Sum(feed => feed.ItemsSeen),
        NewArticles = feeds.Sum(feed => feed.NewArticleBlobNames.Count),
        Duplicates = feeds.Sum(feed => feed.Duplicates),
        FullTextFailures = feeds.Sum(feed => feed.FullTextFailures),
        NewArticleBlobNames = feeds.SelectMany(feed => feed.NewArticleBlobNames).ToList(),
        Feeds = feeds,
    };
}

/// <summary>What one run did with one feed.</summary>
internal sealed record FeedRunResult
{
    public required string FeedId { get; init; }

    public required FeedFetchStatus Status { get; init; }

    public bool Skipped { get; init; }

    public int ItemsSeen { get; init; }

    public int Duplicates { get; init; }

    public int FullTextFailures { get; init; }

    public IReadOnlyList<string> NewArticleBlobNames { get; init; } = [];

    public string? Error { get; init; }

    public bool Failed => Status is not (FeedFetchStatus.Ok or FeedFetchStatus.NotModified or FeedFetchStatus.None);
}
