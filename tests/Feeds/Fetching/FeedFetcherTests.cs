using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using NewsMonitor.Feeds;
using NewsMonitor.Feeds.Fetching;
using NewsMonitor.Feeds.State;
using NewsMonitor.Tests.Feeds.Support;
using NewsMonitor.Tests.Support;

namespace NewsMonitor.Tests.Feeds.Fetching;

[Collection(FeedsNetworkTests.Name)]
public sealed class FeedFetcherTests
{
    private const string HtmlPage = "<!DOCTYPE html><html><head><title>Moved</title></head><body><p>Our feeds moved.</p></body></html>";

    private static async Task<FeedFetchOutcome> FetchAsync(
        string url, FeedState? state = null, Action<Dictionary<string, string?>>? configure = null)
    {
        await using var services = FeedsTestServices.Create(configure: configure);
        var fetcher = services.GetRequiredService<FeedFetcher>();
        return await fetcher.FetchAsync(new FeedDefinition { Id = "test", Url = url }, state ?? new FeedState { RowKey = "test" });
    }

    /// <summary>The check ahead of time and the fetch itself agree: refused exactly when the fetch ends Blocked.</summary>
    [Theory]
    [InlineData("file:///tmp/newsmon-no-such-feed.xml", false, false, "Feeds:AllowFileUrls")]
    [InlineData("file:///tmp/newsmon-no-such-feed.xml", true, false, null)]
    [InlineData("http://127.0.0.1:9/rss", false, true, "Feeds:AllowLoopback")]
    [InlineData("http://[::1]:9/rss", false, true, "Feeds:AllowLoopback")]
    [InlineData("http://127.0.0.1:9/rss", false, false, null)]
    [InlineData("http://10.0.0.1:9/rss", false, true, "")]
    [InlineData("http://169.254.169.254/latest", false, false, "")]
    [InlineData("ftp://example.com/rss", false, false, "")]
    public async Task CheckAsync_Url_RefusesExactlyWhatFetchAsyncBlocks(string url, bool allowFiles, bool refuseLoopback, string? setting)
    {
        void Configure(Dictionary<string, string?> settings)
        {
            settings["Feeds:AllowFileUrls"] = allowFiles ? "true" : "false";
            settings["Feeds:AllowLoopback"] = refuseLoopback ? "false" : "true";
            settings["Feeds:RetryCount"] = "0";
        }

        await using var services = FeedsTestServices.Create(configure: Configure);
        var fetcher = services.GetRequiredService<FeedFetcher>();

        var refusal = await fetcher.CheckAsync(new Uri(url));
        var outcome = await fetcher.FetchAsync(new FeedDefinition { Id = "test", Url = url }, new FeedState { RowKey = "test" });

        Assert.Equal(setting is not null, outcome.Status == FeedFetchStatus.Blocked);
        Assert.Equal(setting is not null, refusal is not null);
        Assert.Equal(string.IsNullOrEmpty(setting) ? null : setting, refusal?.Setting);
    }

    [Fact]
    public async Task FetchAsync_HtmlPageServedAsHtml_IsWrongContentType()
    {
        await using var server = await TestWebServer.StartAsync(app => app.MapGet("/feed", () => Results.Content(HtmlPage, "text/html")));

        var outcome = await FetchAsync(server.Url("/feed").AbsoluteUri);

        Assert.Equal(FeedFetchStatus.WrongContentType, outcome.Status);
        Assert.Null(outcome.Feed);
        Assert.Contains("text/html", outcome.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FetchAsync_FeedServedAsHtml_IsParsedAnyway()
    {
        await using var server = await TestWebServer.StartAsync(app => app.MapGet("/feed", () => Results.Content(RssBuilder.Sample(3), "text/html")));

        var outcome = await FetchAsync(server.Url("/feed").AbsoluteUri);

        Assert.Equal(FeedFetchStatus.Ok, outcome.Status);
        Assert.Equal(3, outcome.Feed!.Items.Count);
    }

    [Fact]
    public async Task FetchAsync_NotAFeedServedAsXml_IsParseError()
    {
        await using var server = await TestWebServer.StartAsync(app =>
            app.MapGet("/feed", () => Results.Content("<?xml version=\"1.0\"?><invoice><total>3</total></invoice>", "application/xml")));

        var outcome = await FetchAsync(server.Url("/feed").AbsoluteUri);

        Assert.Equal(FeedFetchStatus.ParseError, outcome.Status);
    }

    [Fact]
    public async Task FetchAsync_StateOfAnotherUrl_SendsNoValidators()
    {
        await using var server = await TestWebServer.StartAsync(app => app.MapGet("/feed", () => Results.Content(RssBuilder.Sample(), "application/rss+xml")));
        var state = new FeedState { RowKey = "test", Url = "https://old.example.com/rss", HttpETag = "\"old\"", HttpLastModified = "Fri, 09 Jul 2021 10:00:00 GMT" };

        var outcome = await FetchAsync(server.Url("/feed").AbsoluteUri, state);

        Assert.Equal(FeedFetchStatus.Ok, outcome.Status);
        Assert.False(server.LastHeaders["/feed"].ContainsKey("If-None-Match"));
        Assert.False(server.LastHeaders["/feed"].ContainsKey("If-Modified-Since"));
    }

    [Fact]
    public async Task FetchAsync_FileUrlWhenAllowed_IsParsedThenNotModifiedWhileUnchanged()
    {
        var path = Path.Combine(Path.GetTempPath(), $"newsmon-feed-{Guid.NewGuid():N}.xml");
        await File.WriteAllTextAsync(path, RssBuilder.Sample(2));
        try
        {
            var url = new Uri(path).AbsoluteUri;
            var first = await FetchAsync(url, configure: settings => settings["Feeds:AllowFileUrls"] = "true");
            var second = await FetchAsync(
                url,
                new FeedState { RowKey = "test", Url = url, HttpLastModified = first.LastModified },
                settings => settings["Feeds:AllowFileUrls"] = "true");

            Assert.Equal(FeedFetchStatus.Ok, first.Status);
            Assert.Equal(2, first.Feed!.Items.Count);
            Assert.Equal(FeedFetchStatus.NotModified, second.Status);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task FetchAsync_FileUrlByDefault_IsBlocked()
    {
        var outcome = await FetchAsync(new Uri(Path.Combine(Path.GetTempPath(), "feed.xml")).AbsoluteUri);

        Assert.Equal(FeedFetchStatus.Blocked, outcome.Status);
    }
}
