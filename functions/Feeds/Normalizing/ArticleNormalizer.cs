using NewsMonitor.Articles;
using NewsMonitor.Feeds.Parsing;
using NewsMonitor.Feeds.State;

namespace NewsMonitor.Feeds.Normalizing;

/// <summary>Turns a parsed feed item into the stored <see cref="Article"/> shape.</summary>
internal static class ArticleNormalizer
{
    private const int MaxDerivedTitleLength = 140;

    /// <summary>A publication date further ahead than this is a publisher's clock or time-zone bug: the fetch time is used.</summary>
    private static readonly TimeSpan MaxFutureSkew = TimeSpan.FromDays(1);

    /// <summary>Null when the item has no absolute http(s) link (nothing to identify or open it by).</summary>
    public static Article? Normalize(FeedDefinition feed, ParsedFeed parsed, ParsedItem item, DateTimeOffset fetchedAt)
    {
        ArgumentNullException.ThrowIfNull(feed);
        ArgumentNullException.ThrowIfNull(parsed);
        ArgumentNullException.ThrowIfNull(item);

        var originalUrl = UrlCanonicalizer.Canonicalize(item.Link) is not null ? item.Link
            : UrlCanonicalizer.Canonicalize(item.Id) is not null ? item.Id
            : null;
        var url = UrlCanonicalizer.Canonicalize(originalUrl);
        if (originalUrl is null || url is null)
        {
            return null;
        }

        var published = (item.Published ?? item.Updated)?.ToUniversalTime();
        var publishedIsFetchTime = published is null || published > fetchedAt + MaxFutureSkew;
        var host = new Uri(url).Host;
        var summary = Clean(item.Summary);
        var content = Clean(item.Content) ?? summary;

        return new Article
        {
            Id = ArticleId.FromCanonicalUrl(url),
            Url = url,
            OriginalUrl = originalUrl.Trim(),
            Title = Clean(item.Title) ?? Truncate(summary ?? content, MaxDerivedTitleLength) ?? host,
            Summary = summary,
            Content = content,
            Author = Clean(item.Author),
            Categories = item.Categories.Select(Clean).OfType<string>().Distinct(StringComparer.Ordinal).ToList(),
            Published = publishedIsFetchTime ? fetchedAt.ToUniversalTime() : published!.Value,
            PublishedIsFetchTime = publishedIsFetchTime,
            FetchedAt = fetchedAt.ToUniversalTime(),
            FeedId = feed.Id,
            FeedName = feed.Name ?? Clean(parsed.Title),
            Source = Clean(feed.Name) ?? Clean(parsed.Title) ?? host,
            Tags = feed.Tags,
            Language = Clean(parsed.Language),
            ImageUrl = item.Media.FirstOrDefault(IsImage)?.Url,
        };
    }

    private static bool IsImage(ParsedMedia media)
        => media.Type is { } type
            ? type.StartsWith("image/", StringComparison.OrdinalIgnoreCase)
            : Path.GetExtension(new Uri(media.Url, UriKind.RelativeOrAbsolute) is { IsAbsoluteUri: true } uri ? uri.AbsolutePath : media.Url)
                .ToLowerInvariant() is ".jpg" or ".jpeg" or ".png" or ".webp" or ".gif" or ".avif";

    private static string? Clean(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    private static string? Truncate(string? text, int length)
    {
        if (text is null || text.Length <= length)
        {
            return text;
        }

        var cut = text.LastIndexOf(' ', length);
        return string.Concat(text.AsSpan(0, cut > length / 2 ? cut : length), "…");
    }
}
