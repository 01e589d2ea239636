using NewsMonitor.Articles;
using NewsMonitor.Feeds;

namespace NewsMonitor.Tests.Analysis;

/// <summary>Articles for analysis tests; the default is the Mint sample (cli/Demo/Data, linked into TestData/Samples).</summary>
internal static class TestArticles
{
    public static readonly DateTimeOffset MintPublished = new(2021, 7, 9, 12, 30, 0, TimeSpan.Zero);

    public static string MintText { get; } =
        File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "TestData", "Samples", "mint-2021-07-09-afghanistan.txt"));

    public static Article Mint(DateTimeOffset? published = null, string url = "https://www.livemint.com/news/india/afghanistan-taliban", string source = "Mint") =>
        new()
        {
            Id = ArticleId.FromCanonicalUrl(url),
            Url = url,
            Title = "Groups taking Afghanistan by force will lack legitimacy, says India",
            Content = MintText,
            Published = published ?? MintPublished,
            FetchedAt = (published ?? MintPublished).AddMinutes(5),
            FeedId = "mint",
            FeedName = "Mint",
            Source = source,
        };
}
