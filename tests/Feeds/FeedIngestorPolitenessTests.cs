using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
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

/// <summary>Polite polling: what a publisher says about its feed is a lower bound on the next fetch, up to a cap.</summary>
[Collection(FeedsNetworkTests.Name)]
public sealed class FeedIngestorPolitenessTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private static readonly DateTimeOffset Start = new(2021, 7, 9, 15, 0, 0, TimeSpan.Zero);

    // case, channel extra (inside <channel>), response header name, header value, expected delay in minutes (null: none),
    // reason. The cap in these tests is 2 hours.
    public static TheoryData<string, string, string?, string?, int?, string?> Declarations => new()
    {
        { "nothing declared", "", null, null, null, null },
        { "RSS ttl", "<ttl>30</ttl>", null, null, 30, "ttl" },
        { "sy hourly twice", "<sy:updatePeriod>hourly</sy:updatePeriod><sy:updateFrequency>2</sy:updateFrequency>", null, null, 30, "ttl" },
        { "sy daily, capped", "<sy:updatePeriod>daily</sy:updatePeriod>", null, null, 120, "ttl" },
        { "max-age", "", "Cache-Control", "public, max-age=1200", 20, "max-age" },
        { "max-age beats a shorter ttl", "<ttl>10</ttl>", "Cache-Control", "max-age=2400", 40, "max-age" },
        { "ttl beats a shorter max-age", "<ttl>45</ttl>", "Cache-Control", "max-age=300", 45, "ttl" },
        { "no-store says nothing", "", "Cache-Control", "no-store, max-age=3000", null, null },
        { "Retry-After on a 200", "", "Retry-After", "3000", 50, "Retry-After" },
        { "Retry-After a week away, capped", "", "Retry-After", "604800", 120, "Retry-After" },
        { "ttl of ten days, capped", "<ttl>14400</ttl>", null, null, 120, "ttl" },
    };

    private async Task<(ServiceProvider Services, FakeTimeProvider Time)> CreateSutAsync(Uri feedUrl)
    {
        var storage = await azurite.ResetAsync();
        var catalog = JsonSerializer.Serialize(new[] { new FeedDefinition { Id = "polite", Name = "Polite", Url = feedUrl.AbsoluteUri } }, ArticleJson.Options);
        await storage.Container(StorageNames.ConfigContainer).UploadBlobAsync(StorageNames.FeedCatalogBlob, BinaryData.FromString(catalog));
        var time = new FakeTimeProvider(Start);
        var services = FeedsTestServices.Create(time, azurite.ConnectionString, settings => settings["Feeds:MaxPublisherDelay"] = "02:00:00");
        return (services, time);
    }

    private static string Feed(string channelExtra, int stories = 1)
    {
        var items = string.Concat(Enumerable.Range(1, stories).Select(i => $"<item><title>Story {i}</title><link>https://polite.example.com/{i}</link></item>"));
        return "<?xml version=\"1.0\"?><rss version=\"2.0\" xmlns:sy=\"http://purl.org/rss/1.0/modules/syndication/\"><channel>"
            + $"<title>Polite</title><link>https://polite.example.com/</link>{channelExtra}{items}</channel></rss>";
    }

    [Theory]
    [MemberData(nameof(Declarations))]
    public async Task RunAsync_PublisherDeclaration_PlansTheNextFetchNoEarlier(
        string scenario, string channelExtra, string? header, string? value, int? expectedMinutes, string? expectedReason)
    {
        await using var server = await TestWebServer.StartAsync(app => app.MapGet("/feed", (HttpContext context) =>
        {
            if (header is not null)
            {
                context.Response.Headers[header] = value;
            }

            return Results.Content(Feed(channelExtra), "application/rss+xml");
        }));
        var (services, time) = await CreateSutAsync(server.Url("/feed"));
        await using var disposeServices = services;
        var ingestor = services.GetRequiredService<FeedIngestor>();

        await ingestor.RunAsync();
        var state = await services.GetRequiredService<FeedStateStore>().GetAsync("polite");
        time.Advance(TimeSpan.FromMinutes(5));
        var fiveMinutesLater = await ingestor.RunAsync();

        Assert.True(Start.AddMinutes(expectedMinutes ?? 0) == (state.NextAttempt ?? Start), $"{scenario}: next attempt {state.NextAttempt:O}");
        Assert.Equal(expectedReason, state.NextAttemptReason);
        Assert.Equal(expectedMinutes is > 5 ? 1 : 2, server.Hits("/feed"));
        Assert.Equal(expectedMinutes is > 5 ? 1 : 0, fiveMinutesLater.FeedsSkipped);
    }

    [Fact]
    public async Task RunAsync_ExpiresHeader_IsReadRelativeToTheResponseDate()
    {
        // The server's clock is the real one, ours is 2021: only Expires - Date can mean anything here.
        await using var server = await TestWebServer.StartAsync(app => app.MapGet("/feed", (HttpContext context) =>
        {
            var date = DateTimeOffset.UtcNow;
            context.Response.Headers.Date = date.ToString("R", CultureInfo.InvariantCulture);
            context.Response.Headers.Expires = date.AddMinutes(25).ToString("R", CultureInfo.InvariantCulture);
            return Results.Content(Feed(string.Empty), "application/rss+xml");
        }));
        var (services, _) = await CreateSutAsync(server.Url("/feed"));
        await using var disposeServices = services;

        await services.GetRequiredService<FeedIngestor>().RunAsync();

        var state = await services.GetRequiredService<FeedStateStore>().GetAsync("polite");
        Assert.InRange(state.NextAttempt!.Value, Start.AddMinutes(24), Start.AddMinutes(26));
        Assert.Equal("max-age", state.NextAttemptReason);
    }

    [Fact]
    public async Task RunAsync_NotModifiedAfterATtl_KeepsHonouringTheTtl()
    {
        await using var server = await TestWebServer.StartAsync(app => app.MapGet("/feed", RssBuilder.ServeWithETag(Feed("<ttl>30</ttl>"))));
        var (services, time) = await CreateSutAsync(server.Url("/feed"));
        await using var disposeServices = services;
        var ingestor = services.GetRequiredService<FeedIngestor>();

        await ingestor.RunAsync();
        time.Advance(TimeSpan.FromMinutes(30));
        var second = await ingestor.RunAsync();
        time.Advance(TimeSpan.FromMinutes(15));
        var third = await ingestor.RunAsync();

        var state = await services.GetRequiredService<FeedStateStore>().GetAsync("polite");
        Assert.Equal(1, second.FeedsNotModified);
        Assert.Equal(1, third.FeedsSkipped);
        Assert.Equal(2, server.Hits("/feed"));
        Assert.Equal(Start.AddMinutes(60), state.NextAttempt);
        Assert.Equal(30, state.DeclaredTimeToLiveMinutes);
    }

    [Fact]
    public async Task RunAsync_ThrottledWithARetryAfterOfDays_IsCappedAtTheMaximum()
    {
        await using var server = await TestWebServer.StartAsync(app => app.MapGet("/feed", (HttpContext context) =>
        {
            context.Response.Headers.RetryAfter = "864000";
            return Results.StatusCode(429);
        }));
        var (services, _) = await CreateSutAsync(server.Url("/feed"));
        await using var disposeServices = services;

        await services.GetRequiredService<FeedIngestor>().RunAsync();

        var state = await services.GetRequiredService<FeedStateStore>().GetAsync("polite");
        Assert.Equal(nameof(FeedFetchStatus.Throttled), state.LastStatus);
        Assert.Equal(Start.AddHours(2), state.NextAttempt);
        Assert.Equal("Retry-After", state.NextAttemptReason);
    }
}
