using Microsoft.Extensions.Logging;
using NewsMonitor.Feeds.Fetching;

namespace NewsMonitor.Feeds;

/// <summary>The ingest stage's recurring log events.</summary>
internal static partial class FeedsLog
{
    [LoggerMessage(EventId = 2001, Level = LogLevel.Information,
        Message = "Feed catalogue {Container}/{BlobName} was absent: seeded it with the bundled default")]
    public static partial void CatalogSeeded(ILogger logger, string container, string blobName);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Debug,
        Message = "Feed {FeedId} skipped: next planned fetch {NextAttempt:o} ({Reason})")]
    public static partial void FeedSkipped(ILogger logger, string feedId, DateTimeOffset nextAttempt, string? reason);

    [LoggerMessage(EventId = 2003, Level = LogLevel.Warning,
        Message = "Feed {FeedId} ({FeedUrl}) failed: {Status} {Error}; {ConsecutiveFailures} in a row, next attempt {NextAttempt:o}")]
    public static partial void FeedFailed(
        ILogger logger, string feedId, string feedUrl, FeedFetchStatus status, string? error, int consecutiveFailures, DateTimeOffset nextAttempt);

    [LoggerMessage(EventId = 2004, Level = LogLevel.Debug,
        Message = "Feed {FeedId}: {Status}, {ItemsSeen} items, {NewArticles} new, {Duplicates} duplicates")]
    public static partial void FeedFetched(ILogger logger, string feedId, FeedFetchStatus status, int itemsSeen, int newArticles, int duplicates);

    [LoggerMessage(EventId = 2005, Level = LogLevel.Information,
        Message = "Full text of {ArticleUrl} (feed {FeedId}) unavailable: {Status} {Error}; kept the feed's content")]
    public static partial void FullTextFailed(ILogger logger, string feedId, string articleUrl, FeedFetchStatus status, string? error);

    [LoggerMessage(EventId = 2006, Level = LogLevel.Debug,
        Message = "Feed {FeedId}: {Count} items without an http(s) link ignored")]
    public static partial void ItemsWithoutLink(ILogger logger, string feedId, int count);

    [LoggerMessage(EventId = 2007, Level = LogLevel.Information,
        Message = "Ingest run: {FeedsTried} feeds tried, {FeedsSkipped} not due yet, {FeedsNotModified} not modified, " +
                  "{FeedsFailed} failed, {ItemsSeen} items seen, {NewArticles} new articles, {Duplicates} duplicates, " +
                  "{FullTextFailures} full-text failures")]
    public static partial void RunSummary(
        ILogger logger, int feedsTried, int feedsSkipped, int feedsNotModified, int feedsFailed, int itemsSeen, int newArticles,
        int duplicates, int fullTextFailures);
}
