using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NewsMonitor.Articles;
using NewsMonitor.Feeds.Fetching;
using NewsMonitor.Feeds.Normalizing;
using NewsMonitor.Feeds.State;

namespace NewsMonitor.Feeds;

/// <summary>
/// The ingest stage: every enabled feed of the catalogue is fetched (unless not due yet), parsed, normalized,
/// optionally completed with full text, and its new articles stored once. One bad feed is recorded on its state
/// and never fails the run; storage failures do fail it, so the host sees them.
/// </summary>
internal class FeedIngestor(
    FeedCatalog catalog,
    FeedStateStore states,
    FeedFetcher fetcher,
    FullTextExtractor fullText,
    ArticleStore articles,
    IOptions<FeedsOptions> options,
    TimeProvider timeProvider,
    ILogger<FeedIngestor> logger)
{
    public virtual async Task<IngestSummary> RunAsync(CancellationToken cancellationToken = default)
    {
        var feeds = (await catalog.ListAsync(cancellationToken)).Where(feed => feed.Enabled).ToList();
        var results = new FeedRunResult[feeds.Count];
        await Parallel.ForEachAsync(
            Enumerable.Range(0, feeds.Count),
            new ParallelOptions { MaxDegreeOfParallelism = options.Value.MaxConcurrency, CancellationToken = cancellationToken },
            async (index, token) => results[index] = await IngestFeedAsync(feeds[index], token));

        var summary = IngestSummary.From(results);
        FeedsLog.RunSummary(
            logger, summary.FeedsTried, summary.FeedsSkipped, summary.FeedsNotModified, summary.FeedsFailed, summary.ItemsSeen,
            summary.NewArticles, summary.Duplicates, summary.FullTextFailures);
        return summary;
    }

    internal async Task<FeedRunResult> IngestFeedAsync(FeedDefinition feed, CancellationToken cancellationToken)
    {
        var state = await states.GetAsync(feed.Id, cancellationToken);
        var now = timeProvider.GetUtcNow();
        // A changed catalogue URL is another feed: what the old one asked for does not hold it back.
        if (state.NextAttempt is { } next && next > now && string.Equals(state.Url, feed.Url, StringComparison.Ordinal))
        {
            FeedsLog.FeedSkipped(logger, feed.Id, next, state.NextAttemptReason);
            return new FeedRunResult { FeedId = feed.Id, Status = state.Status, Skipped = true };
        }

        var outcome = await fetcher.FetchAsync(feed, state, cancellationToken);
        var result = new FeedRunResult { FeedId = feed.Id, Status = outcome.Status, Error = outcome.Error };
        if (outcome is { Status: FeedFetchStatus.Ok, Feed: { } parsed })
        {
            result = await StoreItemsAsync(feed, state, parsed, now, result, cancellationToken);
        }

        // State is saved after the articles: if storing fails the run fails, and the next run fetches again
        // without validators that would hide the same items behind a 304.
        Record(feed, state, outcome, result, now);
        await states.SaveAsync(state, cancellationToken);
        return result;
    }

    private async Task<FeedRunResult> StoreItemsAsync(
        FeedDefinition feed, FeedState state, Parsing.ParsedFeed parsed, DateTimeOffset fetchedAt, FeedRunResult result,
        CancellationToken cancellationToken)
    {
        var normalized = parsed.Items.Select(item => ArticleNormalizer.Normalize(feed, parsed, item, fetchedAt)).ToList();
        var withoutLink = normalized.Count(article => article is null);
        if (withoutLink > 0)
        {
            FeedsLog.ItemsWithoutLink(logger, feed.Id, withoutLink);
        }

        var created = new List<string>();
        var duplicates = 0;
        var fullTextFailures = 0;
        var fullTextBudget = feed.FullText ? options.Value.MaxFullTextPerFeed : 0;
        var recent = state.GetRecentArticleIds();
        var seen = new HashSet<string>(recent, StringComparer.Ordinal);
        var current = new List<string>();
        foreach (var candidate in normalized.OfType<Article>())
        {
            var article = candidate;
            if (current.Contains(article.Id, StringComparer.Ordinal))
            {
                duplicates++;
                continue;
            }

            current.Add(article.Id);
            if (!seen.Add(article.Id))
            {
                duplicates++;
                continue;
            }

            if (fullTextBudget > 0)
            {
                if (await articles.ExistsAsync(article, cancellationToken))
                {
                    duplicates++;
                    continue;
                }

                fullTextBudget--;
                var pageUrl = new Uri(article.OriginalUrl ?? article.Url);
                var extracted = await fullText.ExtractAsync(pageUrl, cancellationToken);
                if (extracted.Succeeded)
                {
                    article = article with { Content = extracted.Text, IsFullText = true };
                }
                else
                {
                    fullTextFailures++;
                    FeedsLog.FullTextFailed(logger, feed.Id, pageUrl.AbsoluteUri, extracted.Status, extracted.Error);
                }
            }

            if (await articles.TryAddAsync(article, cancellationToken) is { } blobName)
            {
                created.Add(blobName);
            }
            else
            {
                duplicates++;
            }
        }

        // Ids still in the feed move to the end, so what the feed shows now is the last to be forgotten.
        state.SetRecentArticleIds(recent.Except(current, StringComparer.Ordinal).Concat(current));
        FeedsLog.FeedFetched(logger, feed.Id, result.Status, parsed.Items.Count, created.Count, duplicates);
        return result with
        {
            ItemsSeen = parsed.Items.Count,
            Duplicates = duplicates,
            FullTextFailures = fullTextFailures,
            NewArticleBlobNames = created,
        };
    }

    /// <summary>
    /// The earliest time the publisher wants the feed fetched again: the latest of its ttl (or sy:updatePeriod),
    /// Cache-Control max-age / Expires and Retry-After, each a lower bound, capped at <paramref name="cap"/> after now.
    /// Null when none of them is in the future.
    /// </summary>
    internal static (DateTimeOffset? Next, string? Reason) PublisherDelay(FeedState state, FeedFetchOutcome outcome, DateTimeOffset now, TimeSpan cap)
    {
        DateTimeOffset? next = null;
        string? reason = null;
        Consider(state.DeclaredTimeToLiveMinutes is { } minutes ? now + TimeSpan.FromMinutes(minutes) : null, "ttl");
        Consider(outcome.FreshUntil, "max-age");
        Consider(outcome.RetryAfter, "Retry-After");
        if (next is not { } value || value <= now)
        {
            return (null, null);
        }

        return value > now + cap ? (now + cap, reason) : (value, reason);

        void Consider(DateTimeOffset? candidate, string name)
        {
            if (candidate > (next ?? now))
            {
                next = candidate;
                reason = name;
            }
        }
    }

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;

    private void Record(FeedDefinition feed, FeedState state, FeedFetchOutcome outcome, FeedRunResult result, DateTimeOffset now)
    {
        var settings = options.Value;
        state.Url = feed.Url;
        state.LastAttempt = now;
        state.LastStatus = outcome.Status.ToString();
        state.LastHttpStatus = outcome.HttpStatus;
        if (!result.Failed)
        {
            // Success (200 or 304) ends any back-off: the feed recovers by itself.
            state.HttpETag = outcome.ETag;
            state.HttpLastModified = outcome.LastModified;
            state.ConsecutiveFailures = 0;
            if (outcome.Feed is { } parsed)
            {
                state.DeclaredTimeToLiveMinutes = parsed.TimeToLive is { } ttl ? (int)Math.Ceiling(ttl.TotalMinutes) : null;
            }

            (state.NextAttempt, state.NextAttemptReason) = PublisherDelay(state, outcome, now, settings.MaxPublisherDelay);
            state.LastSuccess = now;
            state.LastError = result.FullTextFailures > 0 ? $"{result.FullTextFailures} article pages without full text" : null;
            state.ItemsSeen += result.ItemsSeen;
            state.ArticlesStored += result.NewArticleBlobNames.Count;
            return;
        }

        state.ConsecutiveFailures++;
        state.LastError = outcome.Error;
        // 410 says the feed is gone for good: try again only at the longest interval, in case it comes back.
        var delay = outcome.Status == FeedFetchStatus.Gone
            ? settings.BackoffMax
            : FeedBackoff.Delay(feed.Id, state.ConsecutiveFailures, settings.BackoffBase, settings.BackoffMax);
        var next = now + delay;
        state.NextAttemptReason = "back-off";
        if (outcome.RetryAfter is { } retryAfter && Min(retryAfter, now + settings.MaxPublisherDelay) is var asked && asked > next)
        {
            next = asked;
            state.NextAttemptReason = "Retry-After";
        }

        state.NextAttempt = next;
        FeedsLog.FeedFailed(logger, feed.Id, feed.Url, outcome.Status, outcome.Error, state.ConsecutiveFailures, next);
    }
}
