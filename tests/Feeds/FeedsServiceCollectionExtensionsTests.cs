using System.Net;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;
using NewsMonitor.Feeds;
using NewsMonitor.Feeds.Fetching;
using NewsMonitor.Tests.Feeds.Support;
using NewsMonitor.Tests.Support;
using Polly;

namespace NewsMonitor.Tests.Feeds;

/// <summary>The feed client's retry decisions read Retry-After against the injected clock, not the machine's.</summary>
[Collection(FeedsNetworkTests.Name)]
public sealed class FeedsServiceCollectionExtensionsTests
{
    /// <summary>Years before the real clock: a date relative to it would lie in the past.</summary>
    private static readonly DateTimeOffset Past = new(2021, 7, 9, 12, 0, 0, TimeSpan.Zero);

    /// <summary>Years after the real clock: a date relative to it would lie far in the future.</summary>
    private static readonly DateTimeOffset Future = new(2040, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static readonly FeedsOptions Settings = new() { MaxRetryAfterInRun = TimeSpan.FromSeconds(30) };

    private static HttpResponseMessage Unavailable(DateTimeOffset retryAt, DateTimeOffset? date = null)
    {
        var response = new HttpResponseMessage(HttpStatusCode.ServiceUnavailable);
        response.Headers.RetryAfter = new RetryConditionHeaderValue(retryAt);
        response.Headers.Date = date;
        return response;
    }

    [Fact]
    public void RetryAfterWait_HttpDateWithoutDateHeader_MeasuredFromInjectedClock()
    {
        using var response = Unavailable(Future.AddSeconds(10));

        var wait = FeedsServiceCollectionExtensions.RetryAfterWait(response, new FakeTimeProvider(Future));

        Assert.Equal(TimeSpan.FromSeconds(10), wait);
    }

    [Fact]
    public void RetryAfterWait_HttpDateWithDateHeader_MeasuredFromServerDate()
    {
        using var response = Unavailable(Past.AddSeconds(20), date: Past.AddSeconds(5));

        var wait = FeedsServiceCollectionExtensions.RetryAfterWait(response, new FakeTimeProvider(Past));

        Assert.Equal(TimeSpan.FromSeconds(15), wait);
    }

    [Fact]
    public void RetryAfterWait_NoRetryAfter_Null()
    {
        using var response = new HttpResponseMessage(HttpStatusCode.ServiceUnavailable);

        Assert.Null(FeedsServiceCollectionExtensions.RetryAfterWait(response, new FakeTimeProvider(Past)));
    }

    [Fact]
    public void ShouldRetry_ShortWaitOnInjectedClock_Retries()
    {
        using var response = Unavailable(Future.AddSeconds(10));

        Assert.True(FeedsServiceCollectionExtensions.ShouldRetry(Outcome.FromResult(response), Settings, new FakeTimeProvider(Future)));
    }

    [Fact]
    public void ShouldRetry_LongWaitOnInjectedClock_DoesNotRetry()
    {
        using var response = Unavailable(Past.AddHours(1));

        Assert.False(FeedsServiceCollectionExtensions.ShouldRetry(Outcome.FromResult(response), Settings, new FakeTimeProvider(Past)));
    }

    [Fact]
    public async Task FeedHttpClient_RetryAfterDateAnHourAfterInjectedClock_DoesNotRetry()
    {
        var clock = new FakeTimeProvider(Past);
        var calls = 0;
        await using var server = await TestWebServer.StartAsync(app => app.MapGet("/feed", (HttpContext context) =>
        {
            if (Interlocked.Increment(ref calls) > 1)
            {
                return Results.Text(RssBuilder.Sample(), "application/rss+xml");
            }

            context.Response.Headers.RetryAfter = Past.AddHours(1).ToString("r");
            return Results.StatusCode(503);
        }));
        // Without the server's Date the client can only measure the date against its own clock. Kestrel always
        // sends one, so a handler inside the resilience handler takes it away.
        await using var services = FeedsTestServices.Create(
            clock,
            configureServices: collection => collection.AddHttpClient<FeedHttpClient>().AddHttpMessageHandler(() => new WithoutDateHeader()));

        var result = await services.GetRequiredService<FeedHttpClient>()
            .GetAsync(server.Url("/feed"), FeedHttpClient.FeedAccept, etag: null, lastModified: null);

        Assert.Equal(FeedFetchStatus.ServerError, result.Status);
        Assert.Equal(Past.AddHours(1), result.RetryAfter);
        Assert.Equal(1, server.Hits("/feed"));
    }

    [Fact]
    public async Task FeedHttpClient_EveryAttemptFails_LogsNothingAtWarningFromTheResiliencePipeline()
    {
        await using var server = await TestWebServer.StartAsync(app => app.MapGet("/feed", () => Results.StatusCode(503)));
        await using var services = FeedsTestServices.Create(
            configureServices: collection => collection.AddLogging(logging => logging.AddFakeLogging()));

        var result = await services.GetRequiredService<FeedHttpClient>()
            .GetAsync(server.Url("/feed"), FeedHttpClient.FeedAccept, etag: null, lastModified: null);

        Assert.Equal(FeedFetchStatus.ServerError, result.Status);
        Assert.Equal(3, server.Hits("/feed"));
        // The ingest stage logs the failed feed once; the retries' own events (with a stack trace each) stay below Warning.
        Assert.DoesNotContain(
            services.GetFakeLogCollector().GetSnapshot(),
            record => record.Level >= LogLevel.Warning && record.Category?.StartsWith("Polly", StringComparison.Ordinal) == true);
    }

    private sealed class WithoutDateHeader : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = await base.SendAsync(request, cancellationToken);
            response.Headers.Date = null;
            return response;
        }
    }
}
