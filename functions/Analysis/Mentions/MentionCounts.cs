using System.Globalization;
using Azure.Data.Tables;
using NewsMonitor.Storage;

namespace NewsMonitor.Analysis.Mentions;

/// <summary>Mentions of a keyword in one bucket (UTC hour).</summary>
internal sealed record MentionBucket(
    DateTimeOffset BucketStart,
    int Count,
    int DistinctSources,
    IReadOnlyList<MentionedArticle> Articles);

internal sealed record MentionedArticle(string ArticleId, string? Title, string? Source, string? Url, string? BlobName, string? Sentiment);

/// <summary>A keyword's series over a time range: every bucket (zeros included), oldest first.</summary>
internal sealed record MentionSeries(string Keyword, IReadOnlyList<MentionBucket> Buckets)
{
    public int Total => Buckets.Sum(b => b.Count);

    public int DistinctSources => Buckets.SelectMany(b => b.Articles).Select(a => a.Source)
        .Where(s => s is not null).Distinct(StringComparer.OrdinalIgnoreCase).Count();
}

/// <summary>
/// Reads the <c>Mentions</c> table back: counts per bucket for a keyword (or <see cref="MentionKeys.AllArticles"/>
/// for the news volume) over a time range. Partition keys sort by time within a keyword, so one range query serves.
/// </summary>
internal sealed class MentionCounts(NewsStorage storage)
{
    /// <param name="keywordName">The keyword as configured, or <see cref="MentionKeys.AllArticles"/>.</param>
    /// <param name="from">Start of the range; its bucket is included.</param>
    /// <param name="to">End of the range, exclusive: the bucket containing it is included only when it starts before it.</param>
    public async Task<MentionSeries> GetSeriesAsync(
        string keywordName,
        DateTimeOffset from,
        DateTimeOffset to,
        CancellationToken cancellationToken = default)
    {
        var key = keywordName == MentionKeys.AllArticles ? MentionKeys.AllArticles : MentionKeys.KeywordKey(keywordName);
        var first = MentionKeys.BucketStart(from);
        var buckets = new SortedDictionary<DateTimeOffset, List<MentionedArticle>>();
        for (var bucket = first; bucket < to; bucket += MentionKeys.BucketSize)
        {
            buckets[bucket] = [];
        }

        if (buckets.Count == 0)
        {
            return new MentionSeries(keywordName, []);
        }

        var last = buckets.Keys.Last();
        var filter = TableClient.CreateQueryFilter(
            $"PartitionKey ge {MentionKeys.PartitionKey(key, first)} and PartitionKey le {MentionKeys.PartitionKey(key, last)}");
        string[] columns =
        [
            "PartitionKey", "RowKey", MentionColumns.Title, MentionColumns.Source, MentionColumns.Url,
            MentionColumns.BlobName, MentionColumns.Sentiment,
        ];
        var table = storage.Table(StorageNames.MentionsTable);
        await foreach (var row in table.QueryAsync<TableEntity>(filter, select: columns, cancellationToken: cancellationToken)
            )
        {
            if (BucketOf(row.PartitionKey) is { } start && buckets.TryGetValue(start, out var articles))
            {
                articles.Add(new MentionedArticle(
                    row.RowKey,
                    row.GetString(MentionColumns.Title),
                    row.GetString(MentionColumns.Source),
                    row.GetString(MentionColumns.Url),
                    row.GetString(MentionColumns.BlobName),
                    row.GetString(MentionColumns.Sentiment)));
            }
        }

        return new MentionSeries(
            keywordName,
            [.. buckets.Select(b => new MentionBucket(
                b.Key,
                b.Value.Count,
                b.Value.Select(a => a.Source).Where(s => s is not null).Distinct(StringComparer.OrdinalIgnoreCase).Count(),
                b.Value))]);
    }

    private static DateTimeOffset? BucketOf(string partitionKey)
    {
        var bucket = partitionKey[(partitionKey.LastIndexOf('|') + 1)..];
        return DateTimeOffset.TryParseExact(
            bucket, MentionKeys.BucketFormat, CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var start)
            ? start
            : null;
    }

    /// <summary>Just the counts: bucket start → number of articles.</summary>
    public async Task<IReadOnlyList<(DateTimeOffset BucketStart, int Count)>> GetCountsAsync(
        string keywordName,
        DateTimeOffset from,
        DateTimeOffset to,
        CancellationToken cancellationToken = default)
    {
        var series = await GetSeriesAsync(keywordName, from, to, cancellationToken);
        return [.. series.Buckets.Select(b => (b.BucketStart, b.Count))];
    }
}
