using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Serialization;

namespace NewsMonitor.Articles;

/// <summary>
/// A normalized article as stored in <c>articles/{yyyy}/{MM}/{dd}/{articleId}.json</c> (schema in README).
/// Written once, never rewritten.
/// </summary>
internal sealed record Article
{
    public const int CurrentSchemaVersion = 1;

    public int SchemaVersion { get; init; } = CurrentSchemaVersion;

    /// <summary>Derived from <see cref="Url"/>: see <see cref="ArticleId.FromCanonicalUrl"/>.</summary>
    public required string Id { get; init; }

    /// <summary>Canonical URL: lowercase scheme and host, tracking parameters and fragment removed.</summary>
    public required string Url { get; init; }

    /// <summary>The link exactly as the feed gave it.</summary>
    public string? OriginalUrl { get; init; }

    public required string Title { get; init; }

    /// <summary>Clean text (markup, scripts and styles removed; entities decoded).</summary>
    public string? Summary { get; init; }

    /// <summary>The best body text we have: extracted full text, else content:encoded as text, else the summary.</summary>
    public string? Content { get; init; }

    /// <summary>True when <see cref="Content"/> was extracted from the article page (the feed's <c>fullText</c>).</summary>
    public bool IsFullText { get; init; }

    public string? Author { get; init; }

    public IReadOnlyList<string> Categories { get; init; } = [];

    /// <summary>Publication time in UTC; the fetch time when the feed gave none it could parse.</summary>
    public required DateTimeOffset Published { get; init; }

    /// <summary>True when <see cref="Published"/> is the fetch time because the feed had no usable date.</summary>
    public bool PublishedIsFetchTime { get; init; }

    public required DateTimeOffset FetchedAt { get; init; }

    /// <summary>The catalogue id of the feed this copy came through.</summary>
    public required string FeedId { get; init; }

    public string? FeedName { get; init; }

    /// <summary>The publisher, for display and for counting distinct sources: the feed title or the article host.</summary>
    public required string Source { get; init; }

    public IReadOnlyList<string> Tags { get; init; } = [];

    public string? Language { get; init; }

    public string? ImageUrl { get; init; }

    /// <summary>The blob name under the <c>articles</c> container: <c>{yyyy}/{MM}/{dd}/{articleId}.json</c> (UTC date).</summary>
    [JsonIgnore]
    public string BlobName => ArticleId.BlobName(Published, Id);
}

internal static class ArticleId
{
    /// <summary>First 128 bits of SHA-256 over the canonical URL, lowercase hex: stable, URL- and key-safe.</summary>
    public static string FromCanonicalUrl(string canonicalUrl)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(canonicalUrl), hash);
        return Convert.ToHexStringLower(hash[..16]);
    }

    public static string BlobName(DateTimeOffset published, string articleId)
    {
        var utc = published.UtcDateTime;
        return string.Create(CultureInfo.InvariantCulture, $"{utc:yyyy}/{utc:MM}/{utc:dd}/{articleId}.json");
    }
}
