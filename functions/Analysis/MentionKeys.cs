using System.Globalization;
using System.Text;
using NewsMonitor.Storage;

namespace NewsMonitor.Analysis;

/// <summary>
/// Keys of the <c>Mentions</c> table: PK <c>{keyword}|{bucket}|{shard}</c>, RK articleId. Buckets are UTC hours of the
/// article's published time (<c>yyyyMMddHH</c>), so a partition-key range is a time range; the shard
/// (<see cref="Shard"/>) spreads one hour's rows over <see cref="Shards"/> partitions. Rows written before the shards
/// (PK <c>{keyword}|{bucket}</c>) sort inside the same range and are read alike (<see cref="HourRange"/>).
/// The pseudo-keyword <see cref="AllArticles"/> counts every analyzed article in the bucket (the news volume).
/// </summary>
internal static class MentionKeys
{
    public const string AllArticles = "*";

    public const string BucketFormat = "yyyyMMddHH";

    public static TimeSpan BucketSize { get; } = TimeSpan.FromHours(1);

    public static DateTimeOffset BucketStart(DateTimeOffset time)
    {
        var utc = time.ToUniversalTime();
        return new DateTimeOffset(utc.Year, utc.Month, utc.Day, utc.Hour, 0, 0, TimeSpan.Zero);
    }

    public static string Bucket(DateTimeOffset time) =>
        BucketStart(time).ToString(BucketFormat, CultureInfo.InvariantCulture);

    /// <summary>
    /// Partitions one keyword's hour is spread over. Every analyzed article inserts a row into the volume's hour, so
    /// one partition per hour is the busiest partition there is (on Azure a hot partition in a burst), and an insert
    /// checks the whole partition for the key: Azurite walks every row of it, so a cold run of 20,000 articles made
    /// each insert walk thousands (README, "Scale and cost"). Sixteen shards keep a partition to a sixteenth of the
    /// hour; a range query over hours reads them all the same.
    /// </summary>
    public const int Shards = 16;

    /// <summary>The hour's partition as written before the shards (2026-12-06); still read, and the start of the hour's range.</summary>
    public static string PartitionKey(string keywordKey, DateTimeOffset time) => $"{keywordKey}|{Bucket(time)}";

    /// <summary>The partition of <paramref name="articleId"/>'s row: its hour's, in the article's shard.</summary>
    public static string PartitionKey(string keywordKey, DateTimeOffset time, string articleId) =>
        $"{keywordKey}|{Bucket(time)}|{Shard(articleId)}";

    /// <summary>The article's shard: a stable hash of its id (<see cref="StableHash"/>), one hex digit.</summary>
    public static string Shard(string articleId) =>
        StableHash.Bucket(articleId, Shards).ToString("x1", CultureInfo.InvariantCulture);

    /// <summary>
    /// The partition keys of the hours from <paramref name="first"/> to <paramref name="last"/> (bucket starts): from
    /// the first hour's key (in either layout, it sorts first) up to a bound just after every key of the last hour
    /// ('~' sorts after '|' and after every digit), so rows with and without a shard are both in it.
    /// </summary>
    public static (string From, string To) HourRange(string keywordKey, DateTimeOffset first, DateTimeOffset last) =>
        (PartitionKey(keywordKey, first), PartitionKey(keywordKey, last) + "~");

    /// <summary>The hour of a <c>Mentions</c> partition key in either layout (<c>{keyword}|{bucket}</c> or with <c>|{shard}</c>); null when it is not one.</summary>
    public static DateTimeOffset? BucketOf(string partitionKey)
    {
        // A keyword key never holds '|' (KeywordKey replaces it), so the bucket follows the first one.
        var start = partitionKey.IndexOf('|', StringComparison.Ordinal) + 1;
        if (start == 0)
        {
            return null;
        }

        var end = partitionKey.IndexOf('|', start);
        return Mentions.MentionHoursTable.ParseBucket(partitionKey.AsSpan(start, (end < 0 ? partitionKey.Length : end) - start));
    }

    /// <summary>
    /// A table-key-safe, case- and diacritics-insensitive form of a keyword's name ("Taliban" → "taliban").
    /// Characters the Table service forbids in keys (<c>/ \ # ?</c>, control characters) and the separator <c>|</c>
    /// become '_'.
    /// </summary>
    public static string KeywordKey(string keywordName)
    {
        var decomposed = keywordName.Trim().ToLowerInvariant().Normalize(NormalizationForm.FormD);
        var builder = new StringBuilder(decomposed.Length);
        foreach (var c in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark)
            {
                continue;
            }

            builder.Append(c is '/' or '\\' or '#' or '?' or '|' || char.IsControl(c) ? '_' : c);
        }

        return builder.ToString().Normalize(NormalizationForm.FormC);
    }
}
