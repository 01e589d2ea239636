using System.IO.Compression;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using NewsMonitor.Feeds;
using NewsMonitor.Feeds.Fetching;
using NewsMonitor.Tests.Feeds.Support;
using NewsMonitor.Tests.Support;

namespace NewsMonitor.Tests.Feeds.Fetching;

[Collection(FeedsNetworkTests.Name)]
public sealed class FeedHttpClientTests
{
    private static readonly DateTimeOffset Now = new(2021, 7, 9, 12, 0, 0, TimeSpan.Zero);

    private static async Task<HttpFetchResult> GetAsync(
        TestWebServer server, string path, Action<Dictionary<string, string?>>? configure = null, string? etag = null,
        string? lastModified = null, TimeProvider? timeProvider = null)
    {
        await using var services = FeedsTestServices.Create(timeProvider, configure: configure);
        var client = services.GetRequiredService<FeedHttpClient>();
        return await client.GetAsync(server.Url(path), FeedHttpClient.FeedAccept, etag, lastModified);
    }

    [Fact]
    public async Task GetAsync_ETagRoundTrip_SecondFetchIsNotModified()
    {
        await using var server = await TestWebServer.StartAsync(app => app.MapGet("/feed", RssBuilder.ServeWithETag(RssBuilder.Sample(3))));

        var first = await GetAsync(server, "/feed");
        var second = await GetAsync(server, "/feed", etag: first.ETag);

        Assert.Equal(FeedFetchStatus.Ok, first.Status);
        Assert.Equal("\"v1\"", first.ETag);
        Assert.Equal(FeedFetchStatus.NotModified, second.Status);
        Assert.Equal("\"v1\"", second.ETag);
        Assert.True(second.Body.IsEmpty);
    }

    [Fact]
    public async Task GetAsync_LastModifiedRoundTrip_SendsItBackVerbatimAndGetsNotModified()
    {
        const string lastModified = "Fri, 09 Jul 2021 10:00:00 GMT";
        await using var server = await TestWebServer.StartAsync(app => app.MapGet("/feed", (HttpContext context) =>
        {
            if (context.Request.Headers.IfModifiedSince == lastModified)
            {
                return Results.StatusCode(304);
            }

            context.Response.Headers.LastModified = lastModified;
            return Results.Text(RssBuilder.Sample(), "application/rss+xml");
        }));

        var first = await GetAsync(server, "/feed");
        var second = await GetAsync(server, "/feed", lastModified: first.LastModified);

        Assert.Equal(lastModified, first.LastModified);
        Assert.Equal(FeedFetchStatus.NotModified, second.Status);
    }

    [Fact]
    public async Task GetAsync_TooManyRequestsWithLongRetryAfter_IsThrottledUntilThenWithoutRetrying()
    {
        await using var server = await TestWebServer.StartAsync(app => app.MapGet("/feed", (HttpContext context) =>
        {
            context.Response.Headers.RetryAfter = "3600";
            return Results.StatusCode(429);
        }));

        var result = await GetAsync(server, "/feed", timeProvider: new FakeTimeProvider(Now));

        Assert.Equal(FeedFetchStatus.Throttled, result.Status);
        Assert.Equal(Now.AddHours(1), result.RetryAfter);
        Assert.Equal(1, server.Hits("/feed"));
    }

    [Fact]
    public async Task GetAsync_TooManyRequestsWithShortRetryAfter_RetriesAndSucceeds()
    {
        var calls = 0;
        await using var server = await TestWebServer.StartAsync(app => app.MapGet("/feed", (HttpContext context) =>
        {
            if (Interlocked.Increment(ref calls) == 1)
            {
                context.Response.Headers.RetryAfter = "0";
                return Results.StatusCode(429);
            }

            return Results.Text(RssBuilder.Sample(), "application/rss+xml");
        }));

        var result = await GetAsync(server, "/feed");

        Assert.Equal(FeedFetchStatus.Ok, result.Status);
        Assert.Equal(2, server.Hits("/feed"));
    }

    [Fact]
    public async Task GetAsync_ServerErrorThenSuccess_RetriesAndSucceeds()
    {
        var calls = 0;
        await using var server = await TestWebServer.StartAsync(app => app.MapGet("/feed", () =>
            Interlocked.Increment(ref calls) == 1 ? Results.StatusCode(500) : Results.Text(RssBuilder.Sample(), "application/rss+xml")));

        var result = await GetAsync(server, "/feed");

        Assert.Equal(FeedFetchStatus.Ok, result.Status);
        Assert.Equal(2, server.Hits("/feed"));
        Assert.Contains("Taliban", Encoding.UTF8.GetString(result.Body.Span), StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetAsync_ServerErrorEveryTime_IsServerErrorAfterTheRetries()
    {
        await using var server = await TestWebServer.StartAsync(app => app.MapGet("/feed", () => Results.StatusCode(503)));

        var result = await GetAsync(server, "/feed");

        Assert.Equal(FeedFetchStatus.ServerError, result.Status);
        Assert.Equal(503, result.HttpStatus);
        Assert.Equal(3, server.Hits("/feed"));
    }

    [Theory]
    [InlineData(404, nameof(FeedFetchStatus.NotFound))]
    [InlineData(410, nameof(FeedFetchStatus.Gone))]
    [InlineData(403, nameof(FeedFetchStatus.ClientError))]
    public async Task GetAsync_ClientErrorStatus_IsClassifiedWithoutRetrying(int status, string expected)
    {
        await using var server = await TestWebServer.StartAsync(app => app.MapGet("/feed", () => Results.StatusCode(status)));

        var result = await GetAsync(server, "/feed");

        Assert.Equal(expected, result.Status.ToString());
        Assert.Equal(1, server.Hits("/feed"));
    }

    [Fact]
    public async Task GetAsync_ServerNeverAnswers_IsTimeout()
    {
        await using var server = await TestWebServer.StartAsync(app => app.MapGet("/feed", async (HttpContext context) =>
        {
            await Task.Delay(TimeSpan.FromSeconds(30), context.RequestAborted);
            return Results.Ok();
        }));

        var result = await GetAsync(server, "/feed", settings =>
        {
            settings["Feeds:AttemptTimeout"] = "00:00:00.200";
            settings["Feeds:RetryCount"] = "0";
        });

        Assert.Equal(FeedFetchStatus.Timeout, result.Status);
    }

    [Fact]
    public async Task GetAsync_BodySlowerThanTotalTimeout_IsTimeout()
    {
        await using var server = await TestWebServer.StartAsync(app => app.MapGet("/feed", async (HttpContext context) =>
        {
            context.Response.ContentType = "application/rss+xml";
            await context.Response.WriteAsync("<rss>", context.RequestAborted);
            await context.Response.Body.FlushAsync(context.RequestAborted);
            await Task.Delay(TimeSpan.FromSeconds(30), context.RequestAborted);
        }));

        var result = await GetAsync(server, "/feed", settings => settings["Feeds:TotalTimeout"] = "00:00:00.300");

        Assert.Equal(FeedFetchStatus.Timeout, result.Status);
    }

    [Fact]
    public async Task GetAsync_EndlessBody_IsAbortedAsTooLargeOnceOverTheCap()
    {
        await using var server = await TestWebServer.StartAsync(app => app.MapGet("/feed", async (HttpContext context) =>
        {
            // Never ends by itself: only a client that stops reading at the cap gets an answer before the timeout.
            context.Response.ContentType = "application/rss+xml";
            var chunk = Encoding.UTF8.GetBytes(new string('x', 1024));
            while (!context.RequestAborted.IsCancellationRequested)
            {
                await context.Response.Body.WriteAsync(chunk, context.RequestAborted);
            }
        }));

        var result = await GetAsync(server, "/feed", settings =>
        {
            settings["Feeds:MaxBodyBytes"] = "65536";
            settings["Feeds:TotalTimeout"] = "00:00:30";
        });

        Assert.Equal(FeedFetchStatus.TooLarge, result.Status);
        Assert.True(result.Body.IsEmpty);
    }

    [Fact]
    public async Task GetAsync_ContentLengthOverTheCap_IsTooLarge()
    {
        await using var server = await TestWebServer.StartAsync(app => app.MapGet("/feed", () =>
            Results.Bytes(new byte[200_000], "application/rss+xml")));

        var result = await GetAsync(server, "/feed", settings => settings["Feeds:MaxBodyBytes"] = "100000");

        Assert.Equal(FeedFetchStatus.TooLarge, result.Status);
    }

    [Fact]
    public async Task GetAsync_GzipBody_IsDecompressed()
    {
        var feed = RssBuilder.Sample();
        await using var server = await TestWebServer.StartAsync(app => app.MapGet("/feed", (HttpContext context) =>
        {
            context.Response.Headers.ContentEncoding = "gzip";
            return Results.Bytes(Gzip(Encoding.UTF8.GetBytes(feed)), "application/rss+xml");
        }));

        var result = await GetAsync(server, "/feed");

        Assert.Equal(FeedFetchStatus.Ok, result.Status);
        Assert.Equal(feed, Encoding.UTF8.GetString(result.Body.Span));
        var acceptEncoding = server.LastHeaders["/feed"].AcceptEncoding.ToString();
        Assert.Contains("gzip", acceptEncoding, StringComparison.Ordinal);
        Assert.Contains("br", acceptEncoding, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetAsync_GzipBombOverTheCapOnceDecompressed_IsTooLarge()
    {
        var bomb = Gzip(new byte[4 * 1024 * 1024]);
        await using var server = await TestWebServer.StartAsync(app => app.MapGet("/feed", (HttpContext context) =>
        {
            context.Response.Headers.ContentEncoding = "gzip";
            return Results.Bytes(bomb, "application/rss+xml");
        }));

        var result = await GetAsync(server, "/feed", settings => settings["Feeds:MaxBodyBytes"] = "1048576");

        Assert.True(bomb.Length < 1024 * 1024);
        Assert.Equal(FeedFetchStatus.TooLarge, result.Status);
    }

    [Fact]
    public async Task GetAsync_Redirect_IsFollowedAndFinalUrlReported()
    {
        await using var server = await TestWebServer.StartAsync(app =>
        {
            app.MapGet("/old", () => Results.Redirect("/new", permanent: true));
            app.MapGet("/new", () => Results.Text(RssBuilder.Sample(), "application/rss+xml"));
        });

        var result = await GetAsync(server, "/old");

        Assert.Equal(FeedFetchStatus.Ok, result.Status);
        Assert.Equal(server.Url("/new"), result.FinalUrl);
        Assert.Equal(1, server.Hits("/new"));
    }

    [Fact]
    public async Task GetAsync_AnyRequest_SendsTheAppUserAgentAndFeedAccept()
    {
        await using var server = await TestWebServer.StartAsync(app => app.MapGet("/feed", () => Results.Text(RssBuilder.Sample())));

        await GetAsync(server, "/feed");

        var headers = server.LastHeaders["/feed"];
        Assert.Equal("NewsMonitor/1.0 (+https://github.com/newsmonitor)", headers.UserAgent.ToString());
        Assert.Contains("application/rss+xml", headers.Accept.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetAsync_ManyRequestsToOneHost_KeepsAtMostThePerHostLimitInFlight()
    {
        var inFlight = 0;
        var maxInFlight = 0;
        await using var server = await TestWebServer.StartAsync(app => app.MapGet("/feed", async () =>
        {
            var now = Interlocked.Increment(ref inFlight);
            InterlockedMax(ref maxInFlight, now);
            await Task.Delay(50);
            Interlocked.Decrement(ref inFlight);
            return Results.Text(RssBuilder.Sample(), "application/rss+xml");
        }));
        await using var services = FeedsTestServices.Create(configure: settings => settings["Feeds:MaxConcurrencyPerHost"] = "2");
        var client = services.GetRequiredService<FeedHttpClient>();

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => client.GetAsync(server.Url("/feed"), FeedHttpClient.FeedAccept)));

        Assert.All(results, result => Assert.Equal(FeedFetchStatus.Ok, result.Status));
        Assert.InRange(maxInFlight, 1, 2);
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while (value > (current = Volatile.Read(ref target)) && Interlocked.CompareExchange(ref target, value, current) != current)
        {
        }
    }

    private static byte[] Gzip(byte[] data)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.SmallestSize))
        {
            gzip.Write(data);
        }

        return output.ToArray();
    }
}
