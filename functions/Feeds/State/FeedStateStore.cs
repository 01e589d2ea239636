using Azure;
using Azure.Data.Tables;
using NewsMonitor.Feeds.Fetching;
using NewsMonitor.Storage;

namespace NewsMonitor.Feeds.State;

/// <summary>Reads and writes <see cref="FeedState"/> rows in table <c>Feeds</c>.</summary>
internal class FeedStateStore(NewsStorage storage)
{
    private TableClient Table => storage.Table(StorageNames.FeedsTable);

    public virtual async Task<FeedState> GetAsync(string feedId, CancellationToken cancellationToken = default)
    {
        var response = await Table.GetEntityIfExistsAsync<FeedState>(FeedState.Partition, feedId, cancellationToken: cancellationToken);
        return response.HasValue ? response.Value! : new FeedState { RowKey = feedId };
    }

    /// <summary>
    /// Writes the state unconditionally: the timer is a singleton, and when two runs overlap the last writer
    /// describes the latest fetch, which is what the next run needs.
    /// </summary>
    public virtual Task SaveAsync(FeedState state, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(state);
        state.ETag = ETag.All;
        return Table.UpsertEntityAsync(state, TableUpdateMode.Replace, cancellationToken);
    }

    /// <summary>
    /// Forgets a feed's failures, back-off and HTTP validators, so the next run fetches it at once and in full; keeps its
    /// history (counters, last success, recent article ids, which still spare duplicates). False when it has no state.
    /// </summary>
    public virtual async Task<bool> ResetAsync(string feedId, CancellationToken cancellationToken = default)
    {
        var response = await Table.GetEntityIfExistsAsync<FeedState>(FeedState.Partition, feedId, cancellationToken: cancellationToken);
        if (!response.HasValue)
        {
            return false;
        }

        var state = response.Value!;
        state.ConsecutiveFailures = 0;
        state.NextAttempt = null;
        state.HttpETag = null;
        state.HttpLastModified = null;
        state.LastStatus = nameof(FeedFetchStatus.None);
        state.LastHttpStatus = null;
        state.LastError = null;
        await SaveAsync(state, cancellationToken);
        return true;
    }

    public virtual async Task<IReadOnlyList<FeedState>> ListAsync(CancellationToken cancellationToken = default)
    {
        var states = new List<FeedState>();
        await foreach (var state in Table.QueryAsync<FeedState>(s => s.PartitionKey == FeedState.Partition, cancellationToken: cancellationToken))
        {
            states.Add(state);
        }

        return states;
    }
}
