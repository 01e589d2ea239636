using NewsMonitor.Feeds.Fetching;

namespace NewsMonitor.Feeds.State;

/// <summary>
/// One feed's health: a catalogue entry and its fetch state (none before its first fetch). What <c>newsmon feeds
/// status</c> and the feed health page show.
/// </summary>
internal sealed record FeedStatus(
    string Id,
    string Url,
    bool Enabled,
    string LastStatus,
    int? LastHttpStatus,
    DateTimeOffset? LastAttempt,
    DateTimeOffset? LastSuccess,
    int ConsecutiveFailures,
    DateTimeOffset? NextAttempt,
    bool BackingOff,
    string? NextAttemptReason,
    long ArticlesStored,
    string? LastError)
{
    /// <summary>Every catalogue entry with its state, in catalogue order.</summary>
    public static async Task<IReadOnlyList<FeedStatus>> ReadAsync(
        FeedCatalog catalog,
        FeedStateStore states,
        DateTimeOffset now,
        CancellationToken cancellationToken = default)
    {
        var feeds = await catalog.ListAsync(cancellationToken);
        var byId = (await states.ListAsync(cancellationToken)).ToDictionary(state => state.RowKey, StringComparer.Ordinal);
        return [.. feeds.Select(feed => From(feed, byId.GetValueOrDefault(feed.Id), now))];
    }

    public static FeedStatus From(FeedDefinition feed, FeedState? state, DateTimeOffset now) => new(
        feed.Id,
        feed.Url,
        feed.Enabled,
        state?.LastStatus ?? nameof(FeedFetchStatus.None),
        state?.LastHttpStatus,
        state?.LastAttempt,
        state?.LastSuccess,
        state?.ConsecutiveFailures ?? 0,
        state?.NextAttempt,
        state?.NextAttempt > now,
        state?.NextAttemptReason,
        state?.ArticlesStored ?? 0,
        state?.LastError);
}
