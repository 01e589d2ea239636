using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using NewsMonitor.Feeds;
using NewsMonitor.Feeds.Fetching;
using NewsMonitor.Tests.Feeds.Support;
using NewsMonitor.Tests.Support;

namespace NewsMonitor.Tests.Feeds.Fetching;

[Collection(FeedsNetworkTests.Name)]
public sealed class FullTextExtractorTests
{
    [Fact]
    public async Task ExtractAsync_MintArticlePage_ReturnsTheReportWithoutNewsletterPrompt()
    {
        var page = MintPage.Html();
        await using var server = await TestWebServer.StartAsync(app => app.MapGet("/news/taliban.html", () => Results.Content(page, "text/html; charset=utf-8")));
        await using var services = FeedsTestServices.Create();
        var extractor = services.GetRequiredService<FullTextExtractor>();

        var result = await extractor.ExtractAsync(server.Url("/news/taliban.html"));

        Assert.True(result.Succeeded, result.Error);
        Assert.Contains("Jaishankar said at a joint press conference", result.Text, StringComparison.Ordinal);
        Assert.Contains("Lavrov", result.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("Enter a valid email", result.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("Subscribe to Mint Newsletters", result.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("Trending stocks", result.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExtractAsync_PageWithoutArticle_FailsWithoutText()
    {
        await using var server = await TestWebServer.StartAsync(app => app.MapGet("/", () => Results.Content("<html><body><a href='/a'>Home</a></body></html>", "text/html")));
        await using var services = FeedsTestServices.Create();
        var extractor = services.GetRequiredService<FullTextExtractor>();

        var result = await extractor.ExtractAsync(server.Url("/"));

        Assert.False(result.Succeeded);
        Assert.Null(result.Text);
    }

    [Fact]
    public async Task ExtractAsync_NotAWebPage_IsWrongContentType()
    {
        await using var server = await TestWebServer.StartAsync(app => app.MapGet("/a.pdf", () => Results.Bytes(new byte[100], "application/pdf")));
        await using var services = FeedsTestServices.Create();
        var extractor = services.GetRequiredService<FullTextExtractor>();

        var result = await extractor.ExtractAsync(server.Url("/a.pdf"));

        Assert.Equal(FeedFetchStatus.WrongContentType, result.Status);
    }

    [Theory]
    [InlineData("Subscribe to Mint Newsletters * Enter a valid email * Thank you for subscribing to our newsletter.")]
    [InlineData("Sign up for our daily briefing")]
    [InlineData("Also read: Taliban seize border crossing")]
    [InlineData("ADVERTISEMENT")]
    [InlineData("© 2021 HT Media Ltd. All rights reserved.")]
    [InlineData("Follow us on Twitter and Facebook")]
    public void RemoveBoilerplate_PromptParagraph_IsDropped(string prompt)
    {
        var text = $"The Taliban said they control 85% of Afghanistan.\n{prompt}\nIndia backs the Afghan government.";

        Assert.Equal("The Taliban said they control 85% of Afghanistan.\n\nIndia backs the Afghan government.", FullTextExtractor.RemoveBoilerplate(text));
    }

    [Fact]
    public void RemoveBoilerplate_LongParagraphMentioningSubscribers_IsKept()
    {
        var paragraph = "The broadcaster said its subscribers in Kabul " + string.Concat(Enumerable.Repeat("had lost access to news as fighting spread across the provinces, ", 6));

        Assert.Equal(paragraph.Trim(), FullTextExtractor.RemoveBoilerplate(paragraph));
    }
}
