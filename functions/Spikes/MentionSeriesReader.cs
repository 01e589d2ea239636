using System.Globalization;
using Azure.Data.Tables;
using NewsMonitor.Analysis;
using NewsMonitor.Storage;

namespace NewsMonitor.Spikes;

/// <summary>
/// Reads a keyword's rows from the <c>Mentions</c> table over a time range: one partition-key range query, since
/// <c>{keywordKey}|{yyyyMMddHH}</c> sorts by time within a keyword (and '|' never occurs inside a keyword key).
/// </summary>
internal class MentionSeriesReader(NewsStorage storage)
{
    private static readonly string[] Columns = ["PartitionKey", "RowKey", "Source", "Published"];

    /// <summary>The mentions of <paramref name="keywordKey"/> in the buckets from <paramref name="first"/> to <paramref name="last"/> (inclusive).</summary>
    public virtual async Task<IReadOnlyList<MentionRow>> ReadAsync(
        string keywordKey,
        DateTimeOffset first,
        DateTimeOffset last,
        CancellationToken cancellationToken = default)
    {
        var from = MentionKeys.PartitionKey(keywordKey, first);
        var to = MentionKeys.PartitionKey(keywordKey, last);
        var filter = TableClient.CreateQueryFilter($"PartitionKey ge {from} and PartitionKey le {to}");
        var rows = new List<MentionRow>();
        var table = storage.Table(StorageNames.MentionsTable);
        await foreach (var entity in table.QueryAsync<TableEntity>(filter, select: Columns, cancellationToken: cancellationToken))
        {
            var separator = entity.PartitionKey.LastIndexOf('|');
            if (separator < 0 || !DateTimeOffset.TryParseExact(
                    entity.PartitionKey.AsSpan(separator + 1),
                    MentionKeys.BucketFormat,
                    CultureInfo.InvariantCulture,
                    DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal,
                    out var bucket))
            {
                continue;
            }

            rows.Add(new MentionRow(bucket, entity.RowKey, entity.GetString("Source"), ReadTime(entity, "Published")));
        }

        return rows;
    }

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

/// <summary>One <c>Mentions</c> row, as far as spike detection needs it.</summary>
internal sealed record MentionRow(DateTimeOffset Bucket, string ArticleId, string? Source, DateTimeOffset? Published);
