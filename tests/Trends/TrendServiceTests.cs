using System.Net;
using NewsMonitor.Tests.Alerts;
using NewsMonitor.Tests.Support;
using NewsMonitor.Trends;

namespace NewsMonitor.Tests.Trends;

[Collection(AlertsStorage.Name)]
public sealed class TrendServiceTests(AzuriteFixture azurite)
{
    private static readonly DateTimeOffset Hour = new(2026, 3, 10, 0, 0, 0, TimeSpan.Zero);

    private async Task<TrendScenario> ScenarioAsync() => new(await azurite.ResetAsync());

    private static TrendReport Report(TrendResult result)
    {
        Assert.Equal(HttpStatusCode.OK, result.Status);
        return Assert.IsType<TrendReport>(result.Report);
    }

    [Fact]
    public async Task GetAsync_MentionsAroundTheWindow_CountsPerHourZeroFilledAndBounded()
    {
        var scenario = await ScenarioAsync();
        await scenario.RecordAsync(Hour.AddHours(6).AddMinutes(59), 4, "Taliban");
        await scenario.RecordAsync(Hour.AddHours(7).AddMinutes(10), 2, "Taliban", "Afghanistan");
        await scenario.RecordAsync(Hour.AddHours(7).AddMinutes(50), 1);
        await scenario.RecordAsync(Hour.AddHours(9), 1, "Taliban");
        await scenario.RecordAsync(Hour.AddHours(12).AddMinutes(5), 3, "Taliban");
        await scenario.RecordAsync(Hour.AddHours(13).AddMinutes(30), 5, "Taliban");

        var report = Report(await scenario.CreateSut().GetAsync("Taliban", "6"));

        Assert.Equal("Taliban", report.Keyword);
        Assert.Equal("PT1H", report.Bucket);
        Assert.Equal(Hour.AddHours(7).UtcDateTime, report.From);
        Assert.Equal(Hour.AddHours(13).UtcDateTime, report.To);
        Assert.Equal(Enumerable.Range(7, 6).Select(h => Hour.AddHours(h).UtcDateTime), report.Points.Select(p => p.Time));
        Assert.Equal([2, 0, 1, 0, 0, 3], report.Points.Select(p => p.Count));
        Assert.Equal([3, 0, 1, 0, 0, 3], report.Points.Select(p => p.Total));
        Assert.All(report.Points, p => Assert.True(p.Expected > 0));
        Assert.All(report.Points, p => Assert.Equal(DateTimeKind.Utc, p.Time.Kind));
        Assert.Empty(report.Spikes);
    }

    [Fact]
    public async Task GetAsync_KeywordSpelledDifferently_SameRowsUnderTheConfiguredName()
    {
        var scenario = await ScenarioAsync();
        await scenario.RecordAsync(Hour.AddHours(11), 2, "Taliban");

        var report = Report(await scenario.CreateSut().GetAsync("  TALIBÁN ", "3"));

        Assert.Equal("Taliban", report.Keyword);
        Assert.Equal([0, 2, 0], report.Points.Select(p => p.Count));
    }

    [Fact]
    public async Task GetAsync_HoursBeforeTheFirstArticle_ZeroWithoutExpectation()
    {
        var scenario = await ScenarioAsync();
        await scenario.RecordAsync(Hour.AddHours(11), 1, "Taliban");

        var report = Report(await scenario.CreateSut().GetAsync("Taliban", "4"));

        Assert.Equal([null, null], report.Points.Take(2).Select(p => p.Expected));
        Assert.All(report.Points.Skip(2), p => Assert.NotNull(p.Expected));
    }

    [Fact]
    public async Task GetAsync_LaterBurst_EarlierExpectationsUnchanged()
    {
        var scenario = await ScenarioAsync();
        for (var h = 0; h < 12; h++)
        {
            await scenario.RecordAsync(Hour.AddHours(h), 1, "Taliban");
            await scenario.RecordAsync(Hour.AddHours(h).AddMinutes(30), 3);
        }

        var sut = scenario.CreateSut();
        var before = Report(await sut.GetAsync("Taliban", "12"));
        await scenario.RecordAsync(Hour.AddHours(12).AddMinutes(10), 20, "Taliban");
        var after = Report(await sut.GetAsync("Taliban", "12"));

        Assert.Equal(before.Points.SkipLast(1).Select(p => p.Expected), after.Points.SkipLast(1).Select(p => p.Expected));
        Assert.Equal(20, after.Points[^1].Count);
    }

    [Fact]
    public async Task GetAsync_SpikeRows_OnlyThoseOverlappingTheWindowListed()
    {
        var scenario = await ScenarioAsync();
        await scenario.RecordAsync(Hour.AddHours(9), 12, "Taliban");
        await scenario.AddSpikeAsync("taliban-2026031009", Hour.AddHours(9));
        await scenario.AddSpikeAsync("taliban-2026030909", Hour.AddHours(-15));

        var report = Report(await scenario.CreateSut().GetAsync("taliban", "6"));

        var spike = Assert.Single(report.Spikes);
        Assert.Equal("taliban-2026031009", spike.AlertId);
        Assert.Equal("burst", spike.Window);
        Assert.Equal(Hour.AddHours(9).UtcDateTime, spike.WindowStart);
        Assert.Equal(Hour.AddHours(10).UtcDateTime, spike.WindowEnd);
        Assert.Equal(Hour.AddHours(9).AddMinutes(40).UtcDateTime, spike.DetectedAt);
        Assert.Equal((12, 1.5, 7.25, 4, 1), (spike.Observed, spike.Expected, spike.Score, spike.DistinctSources, spike.Level));
        Assert.StartsWith("12 articles in the last hour", spike.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Afghanistan")]
    [InlineData("lavrov")]
    public async Task GetAsync_WatchedKeywordWithoutMentions_AllZero(string keyword)
    {
        var scenario = await ScenarioAsync();
        await scenario.RecordAsync(Hour.AddHours(10), 2, "Taliban");

        var report = Report(await scenario.CreateSut().GetAsync(keyword, "5"));

        Assert.Equal(5, report.Points.Count);
        Assert.All(report.Points, p => Assert.Equal(0, p.Count));
        Assert.Equal([0, 0, 2, 0, 0], report.Points.Select(p => p.Total));
    }

    [Fact]
    public async Task GetAsync_UnwatchedKeywordWithoutRows_NotFound()
    {
        var scenario = await ScenarioAsync();
        await scenario.RecordAsync(Hour.AddHours(10), 2, "Taliban");

        var result = await scenario.CreateSut().GetAsync("Putin", null);

        Assert.Equal(HttpStatusCode.NotFound, result.Status);
        Assert.Null(result.Report);
        Assert.Contains("'Putin' is not a watched keyword", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetAsync_UnwatchedKeywordWithRows_StillReported()
    {
        var scenario = await ScenarioAsync();
        await scenario.RecordAsync(Hour.AddHours(10), 2, "Putin");

        var report = Report(await scenario.CreateSut().GetAsync("putin", "3"));

        Assert.Equal([2, 0, 0], report.Points.Select(p => p.Count));
    }

    [Fact]
    public async Task GetAsync_NoHours_DefaultSpan()
    {
        var scenario = await ScenarioAsync();

        var report = Report(await scenario.CreateSut().GetAsync("Taliban", " "));

        Assert.Equal(72, report.Points.Count);
        Assert.Equal(Hour.AddHours(13 - 72).UtcDateTime, report.From);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-1")]
    [InlineData("721")]
    [InlineData("1.5")]
    [InlineData("abc")]
    [InlineData("1e3")]
    public async Task GetAsync_BadHours_BadRequest(string hours)
    {
        var scenario = await ScenarioAsync();

        var result = await scenario.CreateSut().GetAsync("Taliban", hours);

        Assert.Equal(HttpStatusCode.BadRequest, result.Status);
        Assert.Equal("hours must be a whole number from 1 to 720 (default 72).", result.Error);
    }

    [Theory]
    [InlineData("*")]
    [InlineData("  ")]
    public async Task GetAsync_NotAKeyword_BadRequest(string keyword)
    {
        var scenario = await ScenarioAsync();

        var result = await scenario.CreateSut().GetAsync(keyword, null);

        Assert.Equal(HttpStatusCode.BadRequest, result.Status);
        Assert.StartsWith("keyword must be", result.Error, StringComparison.Ordinal);
    }
}
