using System.Net;
using Azure;
using Azure.Data.Tables;
using NewsMonitor.Analysis;
using NewsMonitor.Storage;

namespace NewsMonitor.Subscriptions;

/// <summary>
/// The <c>Subscribers</c> table. Subscriber rows and the keyword index share one partition so that every change
/// writes both in one entity-group transaction: the index can never disagree with the rows (a sign-up table is
/// far below the 2,000 entities/s a partition serves). Index rows exist only for confirmed, active keywords of a
/// subscriber who has not paused alerts, so alerts and digests skip a paused subscriber without a check of their own.
/// The watched keywords, which the analysis of every article asks for, are read at most once per
/// <see cref="WatchedKeywordsReuse"/> per instance (a change made through this instance is seen at once).
/// </summary>
internal class SubscriberStore(NewsStorage storage, TimeProvider timeProvider) : ISubscriberDirectory
{
    public const string Partition = "subscribers";
    private const string SubscriberPrefix = "id|";
    private const string IndexPrefix = "kw|";
    private const int MaxConcurrencyRetries = 5;

    /// <summary>
    /// How long one read of the watched keywords answers for: the analysis of every article asks, and a query per
    /// article was one storage transaction in thirty (README, "Scale and cost"). A keyword confirmed through another
    /// instance (another Functions worker, the web app) is matched from at most this long after, far less than a feed's
    /// fetch interval.
    /// </summary>
    internal static readonly TimeSpan WatchedKeywordsReuse = TimeSpan.FromSeconds(30);

    private volatile WatchedKeywords? _watched;
    private int _changes;

    private TableClient Table => storage.Table(StorageNames.SubscribersTable);

    public async Task<IReadOnlyCollection<string>> GetWatchedKeywordsAsync(CancellationToken cancellationToken = default)
    {
        var now = timeProvider.GetUtcNow();
        if (_watched is { } watched && watched.Changes == Volatile.Read(ref _changes)
            && now >= watched.ReadAt && now - watched.ReadAt < WatchedKeywordsReuse)
        {
            return watched.Keywords;
        }

        // A change made while this query runs leaves the counter moved, so its result is not kept.
        var changes = Volatile.Read(ref _changes);
        var keywords = new Dictionary<string, string>(StringComparer.Ordinal);
        await foreach (var row in QueryRangeAsync<KeywordIndexEntity>(IndexPrefix, cancellationToken))
        {
            keywords.TryAdd(MentionKeys.KeywordKey(row.Keyword), row.Keyword);
        }

        var result = keywords.Values.ToList();
        _watched = new WatchedKeywords(result, now, changes);
        return result;
    }

    public async Task<IReadOnlyList<Subscriber>> GetConfirmedSubscribersAsync(string keyword, CancellationToken cancellationToken = default)
    {
        var key = MentionKeys.KeywordKey(keyword);
        var subscribers = new List<Subscriber>();
        await foreach (var row in QueryRangeAsync<KeywordIndexEntity>($"{IndexPrefix}{key}|", cancellationToken))
        {
            var record = await GetAsync(row.SubscriberId, cancellationToken);
            if (record is { Confirmed: true } && record.Keywords.Any(k => MentionKeys.KeywordKey(k) == key))
            {
                subscribers.Add(record.ToSubscriber());
            }
        }

        return subscribers;
    }

    public async Task MarkBouncingAsync(string subscriberId, string reason, CancellationToken cancellationToken = default) =>
        await ChangeAsync(subscriberId, entity =>
        {
            if (entity is null)
            {
                return null;
            }

            entity.Bouncing = true;
            entity.BounceReason = reason.Length > 500 ? reason[..500] : reason;
            entity.BouncedAt = timeProvider.GetUtcNow();
            return entity;
        }, cancellationToken);

    public virtual async Task<SubscriberRecord?> GetAsync(string subscriberId, CancellationToken cancellationToken = default) =>
        (await ReadAsync(subscriberId, cancellationToken))?.ToRecord();

    public Task<SubscriberRecord?> FindByEmailAsync(string normalizedEmail, CancellationToken cancellationToken = default) =>
        GetAsync(EmailAddresses.SubscriberId(normalizedEmail), cancellationToken);

    public async Task<IReadOnlyList<SubscriberRecord>> ListAsync(string? keyword = null, CancellationToken cancellationToken = default)
    {
        var key = keyword is null ? null : MentionKeys.KeywordKey(keyword);
        var records = new List<SubscriberRecord>();
        await foreach (var row in QueryRangeAsync<SubscriberEntity>(SubscriberPrefix, cancellationToken))
        {
            var record = row.ToRecord();
            if (key is null || record.Keywords.Concat(record.PendingKeywords).Any(k => MentionKeys.KeywordKey(k) == key))
            {
                records.Add(record);
            }
        }

        return records;
    }

    /// <summary>
    /// Adds keywords for an address, creating the subscriber when new. Unconfirmed keywords wait in
    /// <see cref="SubscriberRecord.PendingKeywords"/> until <see cref="ConfirmAsync"/>; with <paramref name="confirmed"/>
    /// (an operator adding someone by hand) they are active at once.
    /// </summary>
    public async Task<SubscriberRecord> AddAsync(
        string normalizedEmail,
        IReadOnlyCollection<string> keywords,
        string frequency,
        bool confirmed = false,
        CancellationToken cancellationToken = default)
    {
        var id = EmailAddresses.SubscriberId(normalizedEmail);
        var now = timeProvider.GetUtcNow();
        var result = await ChangeAsync(id, entity =>
        {
            entity ??= new SubscriberEntity { RowKey = SubscriberPrefix + id, SubscriberId = id, CreatedAt = now };
            entity.Email = normalizedEmail;
            entity.Frequency = frequency;
            var active = SubscriberEntity.Read(entity.Keywords);
            if (confirmed)
            {
                entity.Confirmed = true;
                entity.ConfirmedAt ??= now;
                entity.Bouncing = false;
                entity.Keywords = SubscriberEntity.Write(Merge(active, keywords));
                entity.PendingKeywords = SubscriberEntity.Write(Without(SubscriberEntity.Read(entity.PendingKeywords), keywords));
            }
            else
            {
                var fresh = entity.Confirmed ? Without(keywords, active) : keywords;
                entity.PendingKeywords = SubscriberEntity.Write(Merge(SubscriberEntity.Read(entity.PendingKeywords), fresh));
            }

            return entity;
        }, cancellationToken);
        return result!;
    }

    /// <summary>Double opt-in completed: pending keywords become active; a bouncing mark is cleared (the address works).</summary>
    public Task<SubscriberRecord?> ConfirmAsync(string subscriberId, CancellationToken cancellationToken = default) =>
        ChangeAsync(subscriberId, entity =>
        {
            if (entity is null)
            {
                return null;
            }

            entity.Keywords = SubscriberEntity.Write(Merge(SubscriberEntity.Read(entity.Keywords), SubscriberEntity.Read(entity.PendingKeywords)));
            entity.PendingKeywords = "[]";
            entity.ConfirmedAt ??= timeProvider.GetUtcNow();
            entity.Confirmed = true;
            entity.Bouncing = false;
            entity.BounceReason = null;
            return entity;
        }, cancellationToken);

    /// <summary>
    /// Stops alerts for one keyword (by its key), or for all when <paramref name="keywordKey"/> is null: then the
    /// subscriber's row is deleted altogether (nothing personal is kept once nothing is wanted).
    /// Returns the remaining record, or null when the subscriber is gone.
    /// </summary>
    public Task<SubscriberRecord?> UnsubscribeAsync(string subscriberId, string? keywordKey, CancellationToken cancellationToken = default) =>
        ChangeAsync(subscriberId, entity =>
        {
            if (entity is null || keywordKey is null)
            {
                return null;
            }

            entity.Keywords = SubscriberEntity.Write(SubscriberEntity.Read(entity.Keywords).Where(k => MentionKeys.KeywordKey(k) != keywordKey));
            entity.PendingKeywords = SubscriberEntity.Write(SubscriberEntity.Read(entity.PendingKeywords).Where(k => MentionKeys.KeywordKey(k) != keywordKey));
            return SubscriberEntity.Read(entity.Keywords).Count + SubscriberEntity.Read(entity.PendingKeywords).Count == 0 ? null : entity;
        }, cancellationToken);

    /// <summary>
    /// The manage page's save: the active keywords (added ones need no second opt-in: the signed link proves the
    /// mailbox), the frequency and the pause switch. Keywords still pending stay pending. Null when the subscriber is
    /// gone; a subscriber left with no keyword at all is deleted, as by <see cref="UnsubscribeAsync"/>.
    /// </summary>
    public Task<SubscriberRecord?> UpdatePreferencesAsync(
        string subscriberId,
        IReadOnlyCollection<string> keywords,
        string frequency,
        bool paused,
        CancellationToken cancellationToken = default) =>
        ChangeAsync(subscriberId, entity =>
        {
            if (entity is null)
            {
                return null;
            }

            entity.Keywords = SubscriberEntity.Write(Merge([], keywords));
            entity.PendingKeywords = SubscriberEntity.Write(Without(SubscriberEntity.Read(entity.PendingKeywords), keywords));
            entity.Frequency = frequency;
            entity.Paused = paused;
            return SubscriberEntity.Read(entity.Keywords).Count + SubscriberEntity.Read(entity.PendingKeywords).Count == 0 ? null : entity;
        }, cancellationToken);

    public async Task<bool> RemoveAsync(string subscriberId, CancellationToken cancellationToken = default)
    {
        var existed = await ReadAsync(subscriberId, cancellationToken) is not null;
        await ChangeAsync(subscriberId, _ => null, cancellationToken);
        return existed;
    }

    /// <summary>
    /// Reserves the right to send a confirmation email now: succeeds for at most one caller per
    /// <paramref name="throttle"/> per address (conditional update on the row's ETag), so parallel or repeated
    /// sign-ups cannot flood someone's inbox. Returns when the next one is allowed, or null when reserved.
    /// </summary>
    public async Task<DateTimeOffset?> TryReserveConfirmationAsync(string subscriberId, TimeSpan throttle, CancellationToken cancellationToken = default)
    {
        var entity = await ReadAsync(subscriberId, cancellationToken) ?? throw new InvalidOperationException("Subscriber not found.");
        var now = timeProvider.GetUtcNow();
        if (entity.LastConfirmationSentAt is { } last && now < last + throttle)
        {
            return last + throttle;
        }

        var previous = entity.LastConfirmationSentAt;
        entity.LastConfirmationSentAt = now;
        try
        {
            await Table.UpdateEntityAsync(entity, entity.ETag, TableUpdateMode.Replace, cancellationToken);
            return null;
        }
        catch (RequestFailedException exception) when (exception.Status == (int)HttpStatusCode.PreconditionFailed)
        {
            return (previous ?? now) + throttle;
        }
    }

    /// <summary>Gives back a reservation whose email could not be sent, so the person can try again at once.</summary>
    public Task ReleaseConfirmationAsync(string subscriberId, CancellationToken cancellationToken = default) =>
        ChangeAsync(subscriberId, entity =>
        {
            if (entity is not null)
            {
                entity.LastConfirmationSentAt = null;
            }

            return entity;
        }, cancellationToken);

    private async Task<SubscriberEntity?> ReadAsync(string subscriberId, CancellationToken cancellationToken)
    {
        var response = await Table.GetEntityIfExistsAsync<SubscriberEntity>(Partition, SubscriberPrefix + subscriberId, cancellationToken: cancellationToken);
        return response.HasValue ? response.Value : null;
    }

    /// <summary>
    /// Read-modify-write of one subscriber and its index rows in one transaction, retried on a concurrent change
    /// (ETag). <paramref name="change"/> returns the new row, or null to delete the subscriber.
    /// </summary>
    private async Task<SubscriberRecord?> ChangeAsync(string subscriberId, Func<SubscriberEntity?, SubscriberEntity?> change, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var current = await ReadAsync(subscriberId, cancellationToken);
            var before = current is null ? [] : IndexedKeywords(current);
            var etag = current?.ETag;
            var updated = change(current);
            var after = updated is null ? [] : IndexedKeywords(updated);

            var actions = new List<TableTransactionAction>();
            if (updated is not null)
            {
                actions.Add(etag is { } match
                    ? new TableTransactionAction(TableTransactionActionType.UpdateReplace, updated, match)
                    : new TableTransactionAction(TableTransactionActionType.Add, updated));
            }
            else if (etag is { } match)
            {
                actions.Add(new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(Partition, SubscriberPrefix + subscriberId), match));
            }

            foreach (var (key, keyword) in after)
            {
                if (!before.ContainsKey(key))
                {
                    actions.Add(new TableTransactionAction(TableTransactionActionType.UpsertReplace, new KeywordIndexEntity
                    {
                        RowKey = IndexRowKey(key, subscriberId),
                        SubscriberId = subscriberId,
                        Keyword = keyword,
                    }));
                }
            }

            foreach (var key in before.Keys.Where(key => !after.ContainsKey(key)))
            {
                actions.Add(new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(Partition, IndexRowKey(key, subscriberId)), ETag.All));
            }

            if (actions.Count == 0)
            {
                return null;
            }

            try
            {
                Interlocked.Increment(ref _changes);
                await Table.SubmitTransactionAsync(actions, cancellationToken);
                Interlocked.Increment(ref _changes);
                return updated?.ToRecord();
            }
            catch (TableTransactionFailedException exception) when (
                exception.Status is (int)HttpStatusCode.PreconditionFailed or (int)HttpStatusCode.Conflict && attempt < MaxConcurrencyRetries)
            {
                // Someone changed this subscriber between our read and write: read again and reapply.
            }
        }
    }

    private static Dictionary<string, string> IndexedKeywords(SubscriberEntity entity)
    {
        var indexed = new Dictionary<string, string>(StringComparer.Ordinal);
        if (entity.Confirmed && !entity.Paused)
        {
            foreach (var keyword in SubscriberEntity.Read(entity.Keywords))
            {
                indexed.TryAdd(MentionKeys.KeywordKey(keyword), keyword);
            }
        }

        return indexed;
    }

    private static string IndexRowKey(string keywordKey, string subscriberId) => $"{IndexPrefix}{keywordKey}|{subscriberId}";

    private static List<string> Merge(IEnumerable<string> existing, IEnumerable<string> added)
    {
        var merged = new List<string>();
        var keys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var keyword in existing.Concat(added))
        {
            if (keys.Add(MentionKeys.KeywordKey(keyword)))
            {
                merged.Add(keyword.Trim());
            }
        }

        return merged;
    }

    private static List<string> Without(IEnumerable<string> keywords, IEnumerable<string> removed)
    {
        var keys = removed.Select(MentionKeys.KeywordKey).ToHashSet(StringComparer.Ordinal);
        return keywords.Where(keyword => !keys.Contains(MentionKeys.KeywordKey(keyword))).ToList();
    }

    private AsyncPageable<T> QueryRangeAsync<T>(string rowKeyPrefix, CancellationToken cancellationToken)
        where T : class, ITableEntity, new()
    {
        // [prefix, prefix with its last character incremented) is exactly the row keys that start with the prefix.
        var upperBound = rowKeyPrefix[..^1] + (char)(rowKeyPrefix[^1] + 1);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {Partition} and RowKey ge {rowKeyPrefix} and RowKey lt {upperBound}");
        return Table.QueryAsync<T>(filter, cancellationToken: cancellationToken);
    }

    private sealed record WatchedKeywords(IReadOnlyCollection<string> Keywords, DateTimeOffset ReadAt, int Changes);
}
