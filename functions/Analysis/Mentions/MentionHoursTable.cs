using System.Globalization;
using Azure;
using Azure.Data.Tables;
using NewsMonitor.Storage;

namespace NewsMonitor.Analysis.Mentions;

/// <summary>
/// The <c>MentionHours</c> table: one row per keyword key (PK) and hourly bucket (RK <c>yyyyMMddHH</c>) with the
/// article count and the distinct keys of each <see cref="MentionDistinct"/> dimension, so that a range of hours is one
/// partition query whatever the number of articles behind it. Row <see cref="CoveredRowKey"/> of a partition records
/// from which bucket on the rows are complete (earlier buckets were never aggregated: <see cref="MentionReader"/>
/// recounts them from <c>Mentions</c> once). Only <see cref="MentionRecorder"/> and <see cref="MentionReader"/> use it.
/// <c>versions</c> (the recorder's) remembers the rows this instance wrote last, for <see cref="IncrementAsync"/>.
/// </summary>
internal sealed class MentionHoursTable(NewsStorage storage, RowVersions<MentionHour>? versions = null)
{
    /// <summary>Sorts after every bucket key (digits), so bucket ranges never include it.</summary>
    public const string CoveredRowKey = "~covered";

    private const string CountColumn = "Count";
    private const string FromColumn = "From";
    private const char KeySeparator = '\n';

    // One entity group transaction holds at most 100 operations (Table service limit).
    private const int MaxBatch = 100;

    private TableClient Table => storage.Table(StorageNames.MentionHoursTable);

    /// <summary>The stored hours of <paramref name="keywordKey"/> from <paramref name="first"/> to <paramref name="last"/> (bucket starts, inclusive) and where its coverage begins (null: nothing aggregated yet). One query.</summary>
    public async Task<(List<MentionHour> Hours, DateTimeOffset? CoveredFrom)> ReadAsync(
        string keywordKey,
        DateTimeOffset first,
        DateTimeOffset last,
        CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter(
            $"PartitionKey eq {keywordKey} and ((RowKey ge {MentionKeys.Bucket(first)} and RowKey le {MentionKeys.Bucket(last)}) or RowKey eq {CoveredRowKey})");
        var hours = new List<MentionHour>();
        DateTimeOffset? coveredFrom = null;
        await foreach (var entity in Table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            if (entity.RowKey == CoveredRowKey)
            {
                coveredFrom = entity.GetDateTimeOffset(FromColumn);
            }
            else if (ParseBucket(entity.RowKey) is { } bucket)
            {
                hours.Add(ToHour(keywordKey, bucket, entity));
            }
        }

        hours.Sort((a, b) => a.Bucket.CompareTo(b.Bucket));
        return (hours, coveredFrom);
    }

    /// <summary>
    /// Adds one article to the bucket: count + 1, its keys into each dimension's set. Optimistic concurrency (If-Match,
    /// or insert-if-absent) so that concurrent articles all count; the caller guarantees each article is added once.
    /// With <c>versions</c> given, a row this instance wrote last is written over straight away (one request); the
    /// row is read first only when it is not remembered or another writer changed it since (412), and writers in this
    /// process take turns on a row, so that a busy hour (every article's volume row) costs one request per article.
    /// </summary>
    public async Task IncrementAsync(
        string keywordKey,
        DateTimeOffset bucket,
        IReadOnlyDictionary<string, string> distinctKeys,
        CancellationToken cancellationToken)
    {
        var rowKey = MentionKeys.Bucket(bucket);
        using var turn = versions is null ? null : await versions.TakeTurnAsync(keywordKey, rowKey, cancellationToken);
        var known = versions?.Find(keywordKey, rowKey);
        while (true)
        {
            ETag? etag;
            MentionHour hour;
            if (known is not null)
            {
                (etag, hour) = (known.ETag, known.Value);
            }
            else
            {
                var existing = await Table.GetEntityIfExistsAsync<TableEntity>(keywordKey, rowKey, cancellationToken: cancellationToken);
                (etag, hour) = existing.HasValue
                    ? ((ETag?)existing.Value!.ETag, ToHour(keywordKey, bucket, existing.Value!))
                    : (null, new MentionHour(bucket, 0, new Dictionary<string, IReadOnlyCollection<string>>()));
            }

            var next = Add(keywordKey, hour, distinctKeys);
            try
            {
                var response = etag is { } current
                    ? await Table.UpdateEntityAsync(ToEntity(keywordKey, next), current, TableUpdateMode.Replace, cancellationToken)
                    : await Table.AddEntityAsync(ToEntity(keywordKey, next), cancellationToken);
                versions?.Remember(keywordKey, rowKey, response.Headers.ETag, next, SizeKb(next));
                return;
            }
            catch (RequestFailedException exception) when (exception.Status is 404 or 409 or 412)
            {
                // Another writer got there first (or the remembered row is gone): read its result and add to it.
                known = null;
            }
        }
    }

    /// <summary>
    /// Replaces the rows of <paramref name="hours"/> with these recounted values (absolute, not added), in batches of
    /// one partition, and extends the coverage back to <paramref name="coveredFrom"/> when given.
    /// </summary>
    public async Task StoreAsync(
        string keywordKey,
        IReadOnlyList<MentionHour> hours,
        DateTimeOffset? coveredFrom,
        CancellationToken cancellationToken)
    {
        var actions = hours
            .Select(hour => new TableTransactionAction(TableTransactionActionType.UpsertReplace, ToEntity(keywordKey, hour)))
            .ToList();
        if (coveredFrom is { } from)
        {
            actions.Add(new TableTransactionAction(
                TableTransactionActionType.UpsertReplace,
                new TableEntity(keywordKey, CoveredRowKey) { [FromColumn] = from.ToUniversalTime() }));
        }

        foreach (var batch in actions.Chunk(MaxBatch))
        {
            await Table.SubmitTransactionAsync(batch, cancellationToken);
        }
    }

    /// <summary>The hour with one more article and its keys (a key already in a set is not counted again).</summary>
    internal static MentionHour Add(string keywordKey, MentionHour hour, IReadOnlyDictionary<string, string> distinctKeys)
    {
        var distinct = new Dictionary<string, IReadOnlyCollection<string>>(StringComparer.Ordinal);
        foreach (var dimension in MentionDistinct.For(keywordKey))
        {
            var keys = new HashSet<string>(hour.Distinct.GetValueOrDefault(dimension.Name) ?? [], StringComparer.OrdinalIgnoreCase);
            if (distinctKeys.TryGetValue(dimension.Name, out var key) && MentionDistinct.Normalize(key) is { } normalized
                && keys.Sum(k => k.Length + 1) + normalized.Length <= MentionDistinct.MaxKeyChars)
            {
                keys.Add(normalized);
            }

            distinct[dimension.Name] = keys;
        }

        return new MentionHour(hour.Bucket, hour.Count + 1, distinct);
    }

    private static TableEntity ToEntity(string keywordKey, MentionHour hour)
    {
        var entity = new TableEntity(keywordKey, MentionKeys.Bucket(hour.Bucket)) { [CountColumn] = hour.Count };
        foreach (var dimension in MentionDistinct.For(keywordKey))
        {
            var keys = hour.Distinct.GetValueOrDefault(dimension.Name) ?? [];
            entity[dimension.Name] = keys.Count;
            entity[dimension.KeysColumn] = string.Join(KeySeparator, keys.Order(StringComparer.OrdinalIgnoreCase));
        }

        return entity;
    }

    private static MentionHour ToHour(string keywordKey, DateTimeOffset bucket, TableEntity entity)
    {
        var distinct = new Dictionary<string, IReadOnlyCollection<string>>(StringComparer.Ordinal);
        foreach (var dimension in MentionDistinct.For(keywordKey))
        {
            var keys = entity.GetString(dimension.KeysColumn);
            distinct[dimension.Name] = string.IsNullOrEmpty(keys) ? [] : keys.Split(KeySeparator);
        }

        return new MentionHour(bucket, entity.GetInt32(CountColumn) ?? 0, distinct);
    }

    /// <summary>The hour's memory in KB, as <see cref="RowVersions{T}"/> counts it: its distinct keys (UTF-16) and 1 KB for the rest.</summary>
    private static int SizeKb(MentionHour hour) =>
        1 + (hour.Distinct.Values.Sum(keys => keys.Sum(key => key.Length + 1)) / 512);

    internal static DateTimeOffset? ParseBucket(ReadOnlySpan<char> bucket) =>
        DateTimeOffset.TryParseExact(
            bucket, MentionKeys.BucketFormat, CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var start)
            ? start
            : null;
}
