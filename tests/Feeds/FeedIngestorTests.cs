using System.Text.Json;
using Azure.Storage.Blobs.Models;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using NewsMonitor.Articles;
using NewsMonitor.Feeds;
using NewsMonitor.Feeds.Fetching;
using NewsMonitor.Feeds.State;
using NewsMonitor.Storage;
using NewsMonitor.Tests.Feeds.Support;
using NewsMonitor.Tests.Support;
namespace NewsMonitor.Tests.Feeds;

[Collection(FeedsNetworkTests.Name)]
public sealed class FeedIngestorTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private static readonly DateTimeOffset Start = new(2021, 7, 9, 15, 0, 0, TimeSpan.Zero);

    private sealed record Context(ServiceProvider Services, NewsStorage Storage, FakeTimeProvider Time) : IAsyncDisposable
    {
        public FeedIngestor Ingestor => Services.GetRequiredService<FeedIngestor>();

        public ValueTask DisposeAsync() => Services.DisposeAsync();
    }

    private async Task<Context> CreateAsync(params FeedDefinition[] feeds)
    {
        var storage = await azurite.ResetAsync();
        var json = JsonSerializer.Serialize(feeds, ArticleJson.Options);
        await storage.Container(StorageNames.ConfigContainer).UploadBlobAsync(StorageNames.FeedCatalogBlob, BinaryData.FromString(json));
        var time = new FakeTimeProvider(Start);
        return new Context(FeedsTestServices.Create(time, azurite.ConnectionString), storage, time);
    }

    private static FeedDefinition Feed(string id, Uri url, bool fullText = false) => new() { Id = id, Name = $"Feed {id}", Url = url.AbsoluteUri, FullText = fullText };

    private static async Task<List<BlobItem>> ArticleBlobsAsync(NewsStorage storage)
    {
        var blobs = new List<BlobItem>();
        await foreach (var blob in storage.Container(StorageNames.ArticlesContainer).GetBlobsAsync())
        {
            blobs.Add(blob);
        }

        return blobs;
    }

    private static async Task<FeedState> StateAsync(Context context, string feedId)
        => await context.Services.GetRequiredService<FeedStateStore>().GetAsync(feedId);

    [Fact]
    public async Task FetchFeedsFunction_RunTwice_StoresEachArticleOnceAndCountsDuplicates()
    {
        await using var server = await TestWebServer.StartAsync(app => app.MapGet("/feed", () => Results.Content(RssBuilder.Sample(3), "application/rss+xml")));
        await using var context = await CreateAsync(Feed("world", server.Url("/feed")));
        var function = ActivatorUtilities.CreateInstance<FetchFeedsFunction>(context.Services);

        await function.FetchFeeds(new TimerInfo(), CancellationToken.None);
        var afterFirst = await ArticleBlobsAsync(context.Storage);
        await function.FetchFeeds(new TimerInfo(), CancellationToken.None);
        var afterSecond = await ArticleBlobsAsync(context.Storage);

        Assert.Equal(3, afterFirst.Count);
        Assert.Equal(afterFirst.Select(blob => (blob.Name, blob.Properties.ETag)), afterSecond.Select(blob => (blob.Name, blob.Properties.ETag)));
        Assert.All(afterSecond, blob => Assert.Equal("application/json", blob.Properties.ContentType));
        var state = await StateAsync(context, "world");
        Assert.Equal(nameof(FeedFetchStatus.Ok), state.LastStatus);
        Assert.Equal(6, state.ItemsSeen);
        Assert.Equal(3, state.ArticlesStored);
    }

    [Fact]
    public async Task RunAsync_SecondRunOfSameFeed_ReportsDuplicatesAndNoNewArticles()
    {
        await using var server = await TestWebServer.StartAsync(app => app.MapGet("/feed", () => Results.Content(RssBuilder.Sample(3), "application/rss+xml")));
        await using var context = await CreateAsync(Feed("world", server.Url("/feed")));

        var first = await context.Ingestor.RunAsync();
        var second = await context.Ingestor.RunAsync();

        Assert.Equal((1, 3, 3, 0), (first.FeedsTried, first.ItemsSeen, first.NewArticles, first.Duplicates));
        Assert.Equal(3, first.NewArticleBlobNames.Count);
        Assert.Equal((1, 3, 0, 3), (second.FeedsTried, second.ItemsSeen, second.NewArticles, second.Duplicates));
        Assert.Empty(second.NewArticleBlobNames);
    }

    [Fact]
    public async Task RunAsync_StoredArticle_HasTheDocumentedJsonShape()
    {
        await using var server = await TestWebServer.StartAsync(app => app.MapGet("/feed", () => Results.Content(RssBuilder.Sample(1), "application/rss+xml")));
        await using var context = await CreateAsync(Feed("world", server.Url("/feed")) with { Tags = ["world"] });

        var summary = await context.Ingestor.RunAsync();

        var name = Assert.Single(summary.NewArticleBlobNames);
        var json = (await context.Storage.Container(StorageNames.ArticlesContainer).GetBlobClient(name).DownloadContentAsync()).Value.Content;
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        Assert.Equal("https://news.example.com/world/story-1?id=1", root.GetProperty("url").GetString());
        Assert.Equal(ArticleId.FromCanonicalUrl("https://news.example.com/world/story-1?id=1"), root.GetProperty("id").GetString());
        Assert.Equal("2021-07-09T10:01:00+00:00", root.GetProperty("published").GetString());
        Assert.False(root.GetProperty("publishedIsFetchTime").GetBoolean());
        Assert.Equal("world", root.GetProperty("feedId").GetString());
        Assert.Equal("Feed world", root.GetProperty("source").GetString());
        Assert.Equal(1, root.GetProperty("schemaVersion").GetInt32());
        Assert.Equal($"2021/07/09/{root.GetProperty("id").GetString()}.json", name);
        var article = ArticleJson.Deserialize(json)!;
        Assert.Equal(["world"], article.Tags);
        Assert.Equal("Taliban claim control of 81% of Afghanistan", article.Title);
    }

    [Fact]
    public async Task RunAsync_UndatedItemFetchedAgainNextDay_IsStillADuplicate()
    {
        await using var server = await TestWebServer.StartAsync(app => app.MapGet("/feed", () =>
            Results.Content(new RssBuilder().Item("Undated story", "https://news.example.com/undated").Build(), "application/rss+xml")));
        await using var context = await CreateAsync(Feed("world", server.Url("/feed")));
        context.Time.SetUtcNow(new DateTimeOffset(2021, 7, 9, 23, 50, 0, TimeSpan.Zero));

        var first = await context.Ingestor.RunAsync();
        context.Time.Advance(TimeSpan.FromMinutes(20));
        var nextDay = await context.Ingestor.RunAsync();

        Assert.StartsWith("2021/07/09/", Assert.Single(first.NewArticleBlobNames), StringComparison.Ordinal);
        Assert.Equal((0, 1), (nextDay.NewArticles, nextDay.Duplicates));
        Assert.Single(await ArticleBlobsAsync(context.Storage));
    }

    [Fact]
    public async Task RunAsync_SameStoryInTwoFeeds_IsStoredOnce()
    {
        await using var server = await TestWebServer.StartAsync(app =>
        {
            app.MapGet("/a", () => Results.Content(RssBuilder.Sample(2), "application/rss+xml"));
            app.MapGet("/b", () => Results.Content(RssBuilder.Sample(2).Replace("utm_source=rss", "fbclid=xyz", StringComparison.Ordinal), "application/rss+xml"));
        });
        await using var context = await CreateAsync(Feed("a", server.Url("/a")), Feed("b", server.Url("/b")));

        var summary = await context.Ingestor.RunAsync();

        Assert.Equal(2, summary.NewArticles);
        Assert.Equal(2, summary.Duplicates);
        Assert.Equal(2, (await ArticleBlobsAsync(context.Storage)).Count);
    }

    // The same five stories through two feeds that date them differently: across midnight UTC, and a publisher that
    // labels its New York time as GMT beside one that gives the zone.
    [Theory]
    [InlineData("Thu, 08 Jul 2021 23:59:00 GMT", "Fri, 09 Jul 2021 00:01:00 GMT")]
    [InlineData("Thu, 08 Jul 2021 23:30:00 EDT", "Thu, 08 Jul 2021 23:30:00 GMT")]
    [InlineData("Fri, 09 Jul 2021 01:00:00 +0530", "Fri, 09 Jul 2021 01:00:00 +0000")]
    public async Task RunAsync_SameStoriesDatedOnDifferentDays_AreStoredOnce(string firstDate, string secondDate)
    {
        await using var server = await TestWebServer.StartAsync(app =>
        {
            app.MapGet("/a", () => Results.Content(FiveStories(firstDate), "application/rss+xml"));
            app.MapGet("/b", () => Results.Content(FiveStories(secondDate), "application/rss+xml"));
        });
        await using var context = await CreateAsync(Feed("a", server.Url("/a")), Feed("b", server.Url("/b")));

        var summary = await context.Ingestor.RunAsync();

        Assert.Equal((10, 5, 5), (summary.ItemsSeen, summary.NewArticles, summary.Duplicates));
        Assert.Equal(5, (await ArticleBlobsAsync(context.Storage)).Count);
    }

    [Fact]
    public async Task RunAsync_TwoConcurrentRunsSeeingStoriesOnDifferentDays_StoreEachOnce()
    {
        await using var server = await TestWebServer.StartAsync(app =>
        {
            app.MapGet("/a", () => Results.Content(FiveStories("Thu, 08 Jul 2021 23:59:00 GMT"), "application/rss+xml"));
            app.MapGet("/b", () => Results.Content(FiveStories("Fri, 09 Jul 2021 00:01:00 GMT"), "application/rss+xml"));
        });
        await using var first = await CreateAsync(Feed("a", server.Url("/a")), Feed("b", server.Url("/b")));
        await using var second = FeedsTestServices.Create(first.Time, azurite.ConnectionString);

        var summaries = await Task.WhenAll(first.Ingestor.RunAsync(), second.GetRequiredService<FeedIngestor>().RunAsync());

        Assert.Equal(5, summaries.Sum(summary => summary.NewArticles));
        var blobs = await ArticleBlobsAsync(first.Storage);
        Assert.Equal(5, blobs.Count);
        Assert.Equal(blobs.Select(blob => blob.Name).Order(), summaries.SelectMany(summary => summary.NewArticleBlobNames).Order());
    }

    private static string FiveStories(string date)
    {
        var xml = new System.Text.StringBuilder("<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Dated</title><link>https://news.example.com/</link>");
        for (var i = 1; i <= 5; i++)
        {
            xml.Append(System.Globalization.CultureInfo.InvariantCulture, $"<item><title>Story {i}</title><link>https://news.example.com/story-{i}</link><pubDate>{date}</pubDate></item>");
        }

        return xml.Append("</channel></rss>").ToString();
    }

    [Fact]
    public async Task RunAsync_FeedWithETag_SecondRunIsNotModifiedAndCostsNothingDownstream()
    {
        await using var server = await TestWebServer.StartAsync(app => app.MapGet("/feed", RssBuilder.ServeWithETag(RssBuilder.Sample(3))));
        await using var context = await CreateAsync(Feed("world", server.Url("/feed")));

        await context.Ingestor.RunAsync();
        var second = await context.Ingestor.RunAsync();

        Assert.Equal((1, 0, 0, 0), (second.FeedsNotModified, second.ItemsSeen, second.NewArticles, second.Duplicates));
        var state = await StateAsync(context, "world");
        Assert.Equal(nameof(FeedFetchStatus.NotModified), state.LastStatus);
        Assert.Equal("\"v1\"", state.HttpETag);
    }

    [Fact]
    public async Task RunAsync_OneBadFeedAmongGoodOnes_StoresTheGoodAndRecordsTheBad()
    {
        await using var server = await TestWebServer.StartAsync(app =>
        {
            app.MapGet("/good1", () => Results.Content(RssBuilder.Sample(2), "application/rss+xml"));
            app.MapGet("/good2", () => Results.Content(new RssBuilder().Item("Lavrov meets Jaishankar", "https://other.example.org/lavrov").Build(), "application/rss+xml"));
            app.MapGet("/gone", () => Results.StatusCode(404));
            app.MapGet("/page", () => Results.Content("<html><body><p>Not a feed</p></body></html>", "text/html"));
        });
        await using var context = await CreateAsync(
            Feed("good1", server.Url("/good1")), Feed("bad", server.Url("/gone")), Feed("good2", server.Url("/good2")), Feed("html", server.Url("/page")));

        var summary = await context.Ingestor.RunAsync();

        Assert.Equal((4, 2, 3), (summary.FeedsTried, summary.FeedsFailed, summary.NewArticles));
        Assert.Equal(3, (await ArticleBlobsAsync(context.Storage)).Count);
        var bad = await StateAsync(context, "bad");
        Assert.Equal(nameof(FeedFetchStatus.NotFound), bad.LastStatus);
        Assert.Equal(404, bad.LastHttpStatus);
        Assert.Equal(1, bad.ConsecutiveFailures);
        Assert.True(bad.NextAttempt > Start);
        Assert.Equal(nameof(FeedFetchStatus.WrongContentType), (await StateAsync(context, "html")).LastStatus);
    }

    [Fact]
    public async Task RunAsync_FailingFeed_BacksOffIsSkippedAndRecoversBySuccess()
    {
        var healthy = false;
        await using var server = await TestWebServer.StartAsync(app => app.MapGet("/feed", () =>
            Volatile.Read(ref healthy) ? Results.Content(RssBuilder.Sample(1), "application/rss+xml") : Results.StatusCode(500)));
        await using var context = await CreateAsync(Feed("world", server.Url("/feed")));

        var failed = await context.Ingestor.RunAsync();
        var afterFailure = await StateAsync(context, "world");
        var hitsAfterFailure = server.Hits("/feed");
        context.Time.Advance(TimeSpan.FromSeconds(30));
        var skipped = await context.Ingestor.RunAsync();
        context.Time.Advance(TimeSpan.FromMinutes(2));
        Volatile.Write(ref healthy, true);
        var recovered = await context.Ingestor.RunAsync();
        var afterRecovery = await StateAsync(context, "world");

        Assert.Equal(1, failed.FeedsFailed);
        Assert.Equal(nameof(FeedFetchStatus.ServerError), afterFailure.LastStatus);
        Assert.Equal(1, afterFailure.ConsecutiveFailures);
        // BackoffBase is one minute in tests: 48 to 72 seconds with the jitter.
        Assert.InRange(afterFailure.NextAttempt!.Value, Start.AddSeconds(48), Start.AddSeconds(72));
        Assert.Equal((0, 1), (skipped.FeedsTried, skipped.FeedsSkipped));
        Assert.Equal(hitsAfterFailure, server.Hits("/feed") - 1);
        Assert.Equal((1, 1), (recovered.FeedsTried, recovered.NewArticles));
        Assert.Equal(0, afterRecovery.ConsecutiveFailures);
        Assert.Null(afterRecovery.NextAttempt);
        Assert.Equal(Start.AddSeconds(150), afterRecovery.LastSuccess);
    }

    [Fact]
    public async Task RunAsync_ConsecutiveFailures_GrowTheBackOff()
    {
        await using var server = await TestWebServer.StartAsync(app => app.MapGet("/feed", () => Results.StatusCode(404)));
        await using var context = await CreateAsync(Feed("world", server.Url("/feed")));

        var delays = new List<TimeSpan>();
        for (var run = 0; run < 3; run++)
        {
            await context.Ingestor.RunAsync();
            var state = await StateAsync(context, "world");
            delays.Add(state.NextAttempt!.Value - context.Time.GetUtcNow());
            context.Time.SetUtcNow(state.NextAttempt.Value);
        }

        Assert.Equal(3, (await StateAsync(context, "world")).ConsecutiveFailures);
        Assert.True(delays[0] < delays[1] && delays[1] < delays[2], string.Join(", ", delays));
    }

    [Fact]
    public async Task RunAsync_ThrottledWithRetryAfter_IsNotTriedBeforeThen()
    {
        await using var server = await TestWebServer.StartAsync(app => app.MapGet("/feed", (HttpContext http) =>
        {
            http.Response.Headers.RetryAfter = "7200";
            return Results.StatusCode(429);
        }));
        await using var context = await CreateAsync(Feed("world", server.Url("/feed")));

        await context.Ingestor.RunAsync();
        context.Time.Advance(TimeSpan.FromHours(1));
        var stillWaiting = await context.Ingestor.RunAsync();

        var state = await StateAsync(context, "world");
        Assert.Equal(nameof(FeedFetchStatus.Throttled), state.LastStatus);
        Assert.Equal(Start.AddHours(2), state.NextAttempt);
        Assert.Equal(1, stillWaiting.FeedsSkipped);
        Assert.Equal(1, server.Hits("/feed"));
    }

    [Fact]
    public async Task RunAsync_FullTextFeed_StoresThePageTextAndKeepsFeedContentWhenThePageFails()
    {
        var page = MintPage.Html();
        TestWebServer? self = null;
        await using var server = await TestWebServer.StartAsync(app =>
        {
            app.MapGet("/feed", () => Results.Content(
                new RssBuilder()
                    .Item("India concerned by Taliban advance", self!.Url("/news/taliban.html?utm_source=rss").AbsoluteUri, Start, "Feed summary about the Taliban.")
                    .Item("Missing page", self!.Url("/news/missing.html").AbsoluteUri, Start, "Feed summary of a missing page.")
                    .Build(),
                "application/rss+xml"));
            app.MapGet("/news/taliban.html", () => Results.Content(page, "text/html"));
        });
        self = server;
        await using var context = await CreateAsync(Feed("mint", server.Url("/feed"), fullText: true));

        var summary = await context.Ingestor.RunAsync();
        var again = await context.Ingestor.RunAsync();

        Assert.Equal((2, 1), (summary.NewArticles, summary.FullTextFailures));
        var articles = new List<Article>();
        foreach (var name in summary.NewArticleBlobNames)
        {
            var json = (await context.Storage.Container(StorageNames.ArticlesContainer).GetBlobClient(name).DownloadContentAsync()).Value.Content;
            articles.Add(ArticleJson.Deserialize(json)!);
        }

        var full = Assert.Single(articles, article => article.IsFullText);
        Assert.Contains("Jaishankar said at a joint press conference", full.Content, StringComparison.Ordinal);
        Assert.DoesNotContain("newsletter", full.Content, StringComparison.OrdinalIgnoreCase);
        Assert.Equal("Feed summary about the Taliban.", full.Summary);
        var fallback = Assert.Single(articles, article => !article.IsFullText);
        Assert.Equal("Feed summary of a missing page.", fallback.Content);
        Assert.Equal((0, 2, 0), (again.NewArticles, again.Duplicates, again.FullTextFailures));
        Assert.Equal(1, server.Hits("/news/taliban.html"));
    }
}
