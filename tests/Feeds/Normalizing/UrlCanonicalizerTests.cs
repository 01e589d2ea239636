using NewsMonitor.Articles;
using NewsMonitor.Feeds;
using NewsMonitor.Feeds.Normalizing;

namespace NewsMonitor.Tests.Feeds.Normalizing;

public sealed class UrlCanonicalizerTests
{
    [Theory]
    [InlineData("HTTPS://WWW.LiveMint.com/news/india/story.html", "https://www.livemint.com/news/india/story.html")]
    [InlineData("https://example.com:443/a", "https://example.com/a")]
    [InlineData("http://example.com:80/a", "http://example.com/a")]
    [InlineData("http://example.com:8080/a", "http://example.com:8080/a")]
    [InlineData("https://example.com", "https://example.com/")]
    [InlineData("https://example.com/a#comments", "https://example.com/a")]
    [InlineData("https://example.com/a?utm_source=rss&utm_medium=feed&utm_campaign=x", "https://example.com/a")]
    [InlineData("https://example.com/a?id=7&utm_source=rss&page=2", "https://example.com/a?id=7&page=2")]
    [InlineData("https://example.com/a?b=2&a=1", "https://example.com/a?b=2&a=1")]
    [InlineData("https://example.com/a?fbclid=abc&gclid=def&mc_cid=1&mc_eid=2&igshid=3&_ga=4&ref=rss", "https://example.com/a")]
    [InlineData("https://example.com/a?UTM_Source=rss&x=1", "https://example.com/a?x=1")]
    [InlineData("https://example.com/a?reference=keep", "https://example.com/a?reference=keep")]
    [InlineData("https://example.com/a?", "https://example.com/a")]
    [InlineData("https://example.com/a?&&x=1&", "https://example.com/a?x=1")]
    [InlineData("https://example.com/Path/Case", "https://example.com/Path/Case")]
    [InlineData("https://bücher.example/a", "https://xn--bcher-kva.example/a")]
    [InlineData("  https://example.com/a  ", "https://example.com/a")]
    public void Canonicalize_Url_ReturnsCanonicalForm(string input, string expected)
    {
        Assert.Equal(expected, UrlCanonicalizer.Canonicalize(input));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("/relative/path")]
    [InlineData("ftp://example.com/a")]
    [InlineData("javascript:alert(1)")]
    [InlineData("urn:uuid:1225c695-cfb8-4ebb-aaaa-80da344efa6a")]
    public void Canonicalize_NotAnHttpUrl_ReturnsNull(string? input)
    {
        Assert.Null(UrlCanonicalizer.Canonicalize(input));
    }

    [Fact]
    public void FromCanonicalUrl_SameStoryThroughTwoCampaigns_GivesOneId()
    {
        var first = UrlCanonicalizer.Canonicalize("https://www.livemint.com/news/a.html?utm_source=twitter#x")!;
        var second = UrlCanonicalizer.Canonicalize("HTTPS://www.livemint.com:443/news/a.html?fbclid=1")!;

        Assert.Equal(ArticleId.FromCanonicalUrl(first), ArticleId.FromCanonicalUrl(second));
    }
}
