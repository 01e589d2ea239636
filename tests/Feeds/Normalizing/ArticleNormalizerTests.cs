using NewsMonitor.Articles;
using NewsMonitor.Feeds;
using NewsMonitor.Feeds.Normalizing;
using NewsMonitor.Feeds.Parsing;
using NewsMonitor.Feeds.State;

namespace NewsMonitor.Tests.Feeds.Normalizing;

public sealed class ArticleNormalizerTests
{
    private static readonly DateTimeOffset FetchedAt = new(2021, 7, 9, 15, 0, 0, TimeSpan.Zero);

    private static readonly FeedDefinition Feed = new() { Id = "livemint-news", Name = "Mint", Url = "https://www.livemint.com/rss/news", Tags = ["world"] };

    private static readonly ParsedFeed Parsed = new() { Format = "rss", Title = "Mint - News", Language = "en" };

    private static ParsedItem Item(string? link = "https://www.livemint.com/news/india/a.html?utm_source=rss", DateTimeOffset? published = null) => new()
    {
        Id = "guid-1",
        Title = " India concerned by Taliban advance ",
        Link = link,
        Published = published,
        Summary = "India says groups taking power by force lack legitimacy.",
        Categories = ["Afghanistan", "Afghanistan", " India "],
        Media = [new ParsedMedia("https://images.livemint.com/a.jpg", null, null)],
    };

    [Fact]
    public void Normalize_ItemWithDate_KeepsItInUtcAndDerivesIdFromCanonicalUrl()
    {
        var published = new DateTimeOffset(2021, 7, 9, 18, 30, 0, TimeSpan.FromHours(5.5));

        var article = ArticleNormalizer.Normalize(Feed, Parsed, Item(published: published), FetchedAt)!;

        Assert.Equal("https://www.livemint.com/news/india/a.html", article.Url);
        Assert.Equal(ArticleId.FromCanonicalUrl(article.Url), article.Id);
        Assert.Equal("https://www.livemint.com/news/india/a.html?utm_source=rss", article.OriginalUrl);
        Assert.Equal(new DateTimeOffset(2021, 7, 9, 13, 0, 0, TimeSpan.Zero), article.Published);
        Assert.Equal(TimeSpan.Zero, article.Published.Offset);
        Assert.False(article.PublishedIsFetchTime);
        Assert.Equal($"2021/07/09/{article.Id}.json", article.BlobName);
        Assert.Equal("India concerned by Taliban advance", article.Title);
        Assert.Equal(["Afghanistan", "India"], article.Categories);
        Assert.Equal("Mint", article.Source);
        Assert.Equal("en", article.Language);
        Assert.Equal("https://images.livemint.com/a.jpg", article.ImageUrl);
        Assert.Equal(article.Summary, article.Content);
    }

    [Fact]
    public void Normalize_ItemWithoutDate_UsesFetchTimeAndFlagsIt()
    {
        var article = ArticleNormalizer.Normalize(Feed, Parsed, Item(published: null), FetchedAt)!;

        Assert.Equal(FetchedAt, article.Published);
        Assert.True(article.PublishedIsFetchTime);
    }

    [Fact]
    public void Normalize_DateFarInTheFuture_UsesFetchTimeAndFlagsIt()
    {
        var article = ArticleNormalizer.Normalize(Feed, Parsed, Item(published: FetchedAt.AddDays(30)), FetchedAt)!;

        Assert.Equal(FetchedAt, article.Published);
        Assert.True(article.PublishedIsFetchTime);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("/relative")]
    [InlineData("mailto:desk@example.com")]
    public void Normalize_ItemWithoutHttpLink_IsNull(string? link)
    {
        Assert.Null(ArticleNormalizer.Normalize(Feed, Parsed, Item(link) with { Id = "urn:x" }, FetchedAt));
    }

    [Fact]
    public void Normalize_FeedWithoutName_UsesFeedTitleThenHost()
    {
        var unnamed = Feed with { Name = null };

        var withTitle = ArticleNormalizer.Normalize(unnamed, Parsed, Item(), FetchedAt)!;
        var withoutTitle = ArticleNormalizer.Normalize(unnamed, Parsed with { Title = null }, Item(), FetchedAt)!;

        Assert.Equal("Mint - News", withTitle.Source);
        Assert.Equal("www.livemint.com", withoutTitle.Source);
    }
}
