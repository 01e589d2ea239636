using System.Globalization;
using System.Text;

namespace NewsMonitor.Analysis;

/// <summary>
/// Keys of the <c>Mentions</c> table: PK <c>{keyword}|{bucket}</c>, RK articleId. Buckets are UTC hours of the
/// article's published time (<c>yyyyMMddHH</c>), so a partition-key range is a time range.
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

    public static string PartitionKey(string keywordKey, DateTimeOffset time) => $"{keywordKey}|{Bucket(time)}";

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
