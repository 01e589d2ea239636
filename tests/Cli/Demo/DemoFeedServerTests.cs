using System.Net;
using NewsMonitor.Cli.Demo;

namespace NewsMonitor.Tests.Cli.Demo;

public sealed class DemoFeedServerTests
{
    [Fact]
    public async Task Get_UnchangedFeed_304ThenNewItems200()
    {
        var scenario = DemoScenario.Load(DemoScenario.DefaultFolder);
        var clock = new SimulatedClock(new DateTimeOffset(2021, 7, 5, 12, 0, 0, TimeSpan.Zero));
        await using var server = await DemoFeedServer.StartAsync(scenario, clock, CancellationToken.None);
        using var client = new HttpClient();
        var source = scenario.Sources[0];

        using var first = await client.GetAsync(server.FeedUrl(source));
        var etag = first.Headers.ETag!;
        using var conditional = new HttpRequestMessage(HttpMethod.Get, server.FeedUrl(source));
        conditional.Headers.IfNoneMatch.Add(etag);
        using var unchanged = await client.SendAsync(conditional);
        clock.Set(clock.GetUtcNow().AddDays(1));
        using var later = new HttpRequestMessage(HttpMethod.Get, server.FeedUrl(source));
        later.Headers.IfNoneMatch.Add(etag);
        using var changed = await client.SendAsync(later);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.NotModified, unchanged.StatusCode);
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        Assert.NotEqual(etag, changed.Headers.ETag);
        Assert.Equal(1, server.NotModified);
    }

    [Fact]
    public async Task Get_UnknownPath_404()
    {
        var scenario = DemoScenario.Load(DemoScenario.DefaultFolder);
        await using var server = await DemoFeedServer.StartAsync(scenario, new SimulatedClock(scenario.Start), CancellationToken.None);
        using var client = new HttpClient();

        using var response = await client.GetAsync(new Uri(server.BaseAddress, "/feeds/nope"));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
