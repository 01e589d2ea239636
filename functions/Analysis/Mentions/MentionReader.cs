using System.Globalization;
using Azure.Data.Tables;
using NewsMonitor.Storage;

namespace NewsMonitor.Analysis.Mentions;

/// <summary>
/// The one read model of the <c>Mentions</c> table, for spike detection, the alert chart and the trends API:
/// <see cref="ReadHoursAsync"/> gives hourly aggregates (one <c>MentionHours</c> partition query, O(hours) whatever the
/// number of articles), <see cref="ReadArticlesAsync"/> the per-article rows of a few hours (an alert's article list).
/// Hours never aggregated (rows written before the aggregates existed) are recounted from <c>Mentions</c> once, on the
/// first read that covers them, and stored.
/// </summary>
internal class MentionReader(NewsStorage storage)
{
    private readonly MentionHoursTable _hours = new(storage);

    /// <summary>
    /// The non-empty hours of <paramref name="keywordKey"/> (a keyword key or <see cref="MentionKeys.AllArticles"/>)
    /// from bucket <paramref name="first"/> to bucket <paramref name="last"/> (inclusive), oldest first.
    /// </summary>
    public virtual async Task<IReadOnlyList<MentionHour>> ReadHoursAsync(
        string keywordKey,
        DateTimeOffset first,
        DateTimeOffset last,
        CancellationToken cancellationToken = default)
    {
        first = MentionKeys.BucketStart(first);
        last = MentionKeys.BucketStart(last);
        if (last < first)
        {
            return [];
        }

        var (hours, coveredFrom) = await _hours.ReadAsync(keywordKey, first, last, cancellationToken);
        if (coveredFrom is { } from && from <= first)
        {
            return hours;
        }

        // Part of the range was never aggregated: count it from the rows, once, up to where the coverage starts (so
        // that it stays one unbroken span). Articles recorded meanwhile were added to their hour by the recorder; the
        // recount of an hour includes them, so it replaces (not adds to) it.
        var end = coveredFrom is { } covered ? covered - MentionKeys.BucketSize : last;
        var recounted = Count(keywordKey, await ReadArticlesAsync(keywordKey, first, end, cancellationToken));
        await _hours.StoreAsync(keywordKey, recounted, first, cancellationToken);
        return [.. recounted.Where(hour => hour.Bucket <= last).Concat(hours.Where(hour => hour.Bucket > end)).OrderBy(hour => hour.Bucket)];
    }

    /// <summary>
    /// Recounts one hour from its <c>Mentions</c> rows and stores the result: what a replayed article does, since it
    /// cannot know whether its first attempt was counted. O(articles in that hour).
    /// </summary>
    public async Task RecountAsync(string keywordKey, DateTimeOffset bucket, CancellationToken cancellationToken = default)
    {
        bucket = MentionKeys.BucketStart(bucket);
        var rows = await ReadArticlesAsync(keywordKey, bucket, bucket, cancellationToken);
        await _hours.StoreAsync(keywordKey, Count(keywordKey, rows), null, cancellationToken);
    }

    /// <summary>
    /// The <c>Mentions</c> rows of <paramref name="keywordKey"/> in the buckets from <paramref name="first"/> to
    /// <paramref name="last"/> (inclusive): one partition-key range query, since <c>{keywordKey}|{yyyyMMddHH}|{shard}</c>
    /// sorts by time within a keyword ('|' never occurs inside a keyword key), rows from before the shards included
    /// (<see cref="MentionKeys.HourRange"/>). O(articles): for a few hours only.
    /// </summary>
    public virtual async Task<IReadOnlyList<MentionRow>> ReadArticlesAsync(
        string keywordKey,
        DateTimeOffset first,
        DateTimeOffset last,
        CancellationToken cancellationToken = default)
    {
        var dimensions = MentionDistinct.For(keywordKey);
        string[] columns =
        [
            "PartitionKey", "RowKey", MentionColumns.Source, MentionColumns.Published,
            .. dimensions.Select(d => d.Column).Where(c => c != MentionColumns.Source).Distinct(StringComparer.Ordinal),
        ];
        var (from, to) = MentionKeys.HourRange(keywordKey, first, last);
        var filter = TableClient.CreateQueryFilter($"PartitionKey ge {from} and PartitionKey lt {to}");
        var rows = new List<MentionRow>();
        var table = storage.Table(StorageNames.MentionsTable);
        await foreach (var entity in table.QueryAsync<TableEntity>(filter, select: columns, cancellationToken: cancellationToken)
            )
        {
            if (MentionKeys.BucketOf(entity.PartitionKey) is not { } bucket)
            {
                continue;
            }

            var keys = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var dimension in dimensions)
            {
                if (entity.GetString(dimension.Column) is { } value)
                {
                    keys[dimension.Name] = value;
                }
            }

            rows.Add(new MentionRow(bucket, entity.RowKey, entity.GetString(MentionColumns.Source), ReadTime(entity, MentionColumns.Published), keys));
        }

        return rows;
    }

    /// <summary>
    /// The rows' hours, counted (the same arithmetic as the recorder's increments), each hour's rows in published order
    /// as the recorder mostly sees them: of two spellings of one source the earliest article's is kept, whatever order
    /// the rows' partitions (shards) come back in.
    /// </summary>
    internal static List<MentionHour> Count(string keywordKey, IEnumerable<MentionRow> rows) =>
        [.. rows.GroupBy(row => row.Bucket)
            .OrderBy(group => group.Key)
            .Select(group => group
                .OrderBy(row => row.Published ?? DateTimeOffset.MaxValue)
                .ThenBy(row => row.ArticleId, StringComparer.Ordinal)
                .DistinctBy(row => row.ArticleId, StringComparer.Ordinal)
                .Aggregate(
                    new MentionHour(group.Key, 0, new Dictionary<string, IReadOnlyCollection<string>>()),
                    (hour, row) => MentionHoursTable.Add(keywordKey, hour, row.DistinctKeys)))];

    // Tolerates the column stored as a DateTime(Offset) or as an ISO 8601 string.
    private static DateTimeOffset? ReadTime(TableEntity entity, string column) =>
        entity.TryGetValue(column, out var value) ? value switch
        {
            DateTimeOffset time => time,
            DateTime time => new DateTimeOffset(DateTime.SpecifyKind(time, DateTimeKind.Utc)),
            string text when DateTimeOffset.TryParse(
                text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time) => time,
            _ => null,
        } : null;
}
