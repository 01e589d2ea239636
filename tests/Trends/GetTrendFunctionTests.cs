using System.Net;
using System.Text.Json;
using NewsMonitor.Tests.Alerts;
using NewsMonitor.Tests.Subscriptions;
using NewsMonitor.Tests.Support;
using NewsMonitor.Trends;

namespace NewsMonitor.Tests.Trends;

/// <summary>The HTTP function invoked directly: status codes and the JSON an API user reads.</summary>
[Collection(AlertsStorage.Name)]
public sealed class GetTrendFunctionTests(AzuriteFixture azurite)
{
    private static readonly DateTimeOffset Hour = new(2026, 3, 10, 0, 0, 0, TimeSpan.Zero);

    private static async Task<(HttpStatusCode Status, string ContentType, JsonElement Body)> GetAsync(TrendScenario scenario, string keyword, string query)
    {
        var request = TestHttpRequest.Get(new Uri($"http://localhost:7071/api/trends/{Uri.EscapeDataString(keyword)}{query}"));
        var response = await new GetTrendFunction(scenario.CreateSut()).GetTrend(request, keyword, default);
        using var json = JsonDocument.Parse(response.ReadBody());
        return (response.StatusCode, string.Join(';', response.Headers.GetValues("Content-Type")), json.RootElement.Clone());
    }

    [Fact]
    public async Task GetTrend_WatchedKeyword_CamelCaseJsonWithUtcTimes()
    {
        var scenario = new TrendScenario(await azurite.ResetAsync());
        await scenario.RecordAsync(Hour.AddHours(10).AddMinutes(15), 3, "Taliban");
        await scenario.AddSpikeAsync("taliban-2026031010", Hour.AddHours(10));

        var (status, contentType, body) = await GetAsync(scenario, "taliban", "?hours=3");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.StartsWith("application/json", contentType, StringComparison.Ordinal);
        Assert.Equal("Taliban", body.GetProperty("keyword").GetString());
        Assert.Equal("2026-03-10T10:00:00Z", body.GetProperty("from").GetString());
        Assert.Equal("2026-03-10T13:00:00Z", body.GetProperty("to").GetString());
        Assert.Equal("PT1H", body.GetProperty("bucket").GetString());
        var point = body.GetProperty("points")[0];
        Assert.Equal("2026-03-10T10:00:00Z", point.GetProperty("time").GetString());
        Assert.Equal(3, point.GetProperty("count").GetInt32());
        Assert.Equal(3, point.GetProperty("total").GetInt32());
        Assert.True(point.GetProperty("expected").GetDouble() > 0);
        var spike = body.GetProperty("spikes")[0];
        Assert.Equal("taliban-2026031010", spike.GetProperty("alertId").GetString());
        Assert.Equal("2026-03-10T10:00:00Z", spike.GetProperty("windowStart").GetString());
        Assert.Equal(7.25, spike.GetProperty("score").GetDouble());
    }

    [Fact]
    public async Task GetTrend_UnknownKeyword_NotFoundWithJsonError()
    {
        var scenario = new TrendScenario(await azurite.ResetAsync());

        var (status, _, body) = await GetAsync(scenario, "Putin", "");

        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Contains("not a watched keyword", body.GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetTrend_BadHours_BadRequestWithJsonError()
    {
        var scenario = new TrendScenario(await azurite.ResetAsync());

        var (status, _, body) = await GetAsync(scenario, "Taliban", "?hours=9999");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("hours must be a whole number from 1 to 720 (default 72).", body.GetProperty("error").GetString());
    }
}
