using System.Text.Json;
using NewsMonitor.Tests.Support;
using NewsMonitor.Tests.Trends;

namespace NewsMonitor.Tests.Cli.Commands;

/// <summary><c>newsmon trends</c> against Azurite: a past range (as the demo's July 2021), as a table, JSON and chart.</summary>
public sealed class TrendsCommandTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private static readonly DateTimeOffset Burst = new(2021, 7, 9, 8, 0, 0, TimeSpan.Zero);

    /// <summary>A quiet night, then a burst of Taliban coverage at 08:00 UTC on 9 July 2021 that the detector flagged.</summary>
    private async Task SeedBurstAsync()
    {
        var scenario = new TrendScenario(await azurite.ResetAsync());
        await scenario.RecordAsync(Burst.AddHours(-5).AddMinutes(10), 1, "Taliban");
        await scenario.RecordAsync(Burst.AddMinutes(10), 5, "Taliban");
        await scenario.RecordAsync(Burst.AddHours(2).AddMinutes(10), 2);
        await scenario.AddSpikeAsync("alert-1", Burst);
    }

    private static string[] HourRows(string output) =>
        output.Split('\n').Where(line => line.StartsWith("│ 2021-", StringComparison.Ordinal)).ToArray();

    [Fact]
    public async Task Trends_FromTo_TableOfTheRangesHoursWithCountsAndTheSpikeMarked()
    {
        await SeedBurstAsync();

        var result = await CliRunner.RunWithStorageAsync(azurite, "trends", "Taliban", "--from", "2021-07-09T00:00Z", "--to", "2021-07-09T12:00Z");

        Assert.True(result.ExitCode == 0, result.Error);
        var rows = HourRows(result.Output);
        Assert.Equal(12, rows.Length);
        Assert.StartsWith("│ 2021-07-09 00:00 ", rows[0], StringComparison.Ordinal);
        Assert.StartsWith("│ 2021-07-09 11:00 ", rows[^1], StringComparison.Ordinal);
        var burst = Assert.Single(rows, row => row.Contains('▲', StringComparison.Ordinal));
        Assert.Matches(@"^│ 2021-07-09 08:00 │\s+5 │\s+[0-9.]+ │ ▲ burst", burst);
        Assert.Matches(@"^│ 2021-07-09 03:00 │\s+1 │", rows[3]);
        Assert.Contains("6 mentions of Taliban in 12 hours", result.Output, StringComparison.Ordinal);
        Assert.Contains("1 spike(s)", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Trends_FromWithHours_CoversThatManyHoursFromTheStart()
    {
        await SeedBurstAsync();

        var result = await CliRunner.RunWithStorageAsync(azurite, "trends", "Taliban", "--from", "2021-07-09T07:30", "--hours", "3");

        Assert.True(result.ExitCode == 0, result.Error);
        var rows = HourRows(result.Output);
        Assert.Equal(3, rows.Length);
        Assert.StartsWith("│ 2021-07-09 07:00 ", rows[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Trends_Json_PrintsTheApisJsonForTheRange()
    {
        await SeedBurstAsync();

        var result = await CliRunner.RunWithStorageAsync(azurite, "trends", "taliban", "--from", "2021-07-09", "--to", "2021-07-10", "--json");

        Assert.True(result.ExitCode == 0, result.Error);
        using var json = JsonDocument.Parse(result.Output);
        Assert.Equal("2021-07-09T00:00:00Z", json.RootElement.GetProperty("from").GetString());
        Assert.Equal("2021-07-10T00:00:00Z", json.RootElement.GetProperty("to").GetString());
        var points = json.RootElement.GetProperty("points").EnumerateArray().ToList();
        Assert.Equal(24, points.Count);
        Assert.Equal(5, points[8].GetProperty("count").GetInt32());
        Assert.Equal("alert-1", Assert.Single(json.RootElement.GetProperty("spikes").EnumerateArray().ToList()).GetProperty("alertId").GetString());
    }

    [Fact]
    public async Task Trends_Png_WritesTheChartAsAPngAndStillPrintsTheTable()
    {
        await SeedBurstAsync();
        var file = Path.Combine(Path.GetTempPath(), "newsmon-trend-" + Guid.NewGuid().ToString("N") + ".png");
        try
        {
            var result = await CliRunner.RunWithStorageAsync(azurite, "trends", "Taliban", "--from", "2021-07-09", "--to", "2021-07-10", "--png", file);

            Assert.True(result.ExitCode == 0, result.Error);
            var bytes = await File.ReadAllBytesAsync(file);
            Assert.True(bytes.Length > 1000, $"{bytes.Length} bytes");
            Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], bytes[..4]);
            Assert.Equal(24, HourRows(result.Output).Length);
            Assert.Contains(file, result.Error, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Theory]
    [InlineData("--hours must be a whole number", "--hours", "abc")]
    [InlineData("--hours must be a whole number", "--hours", "-5")]
    [InlineData("--from must be an ISO 8601 date", "--from", "10/07/2021")]
    [InlineData("--to must be an ISO 8601 date", "--from", "2021-07-09", "--to", "yesterday")]
    [InlineData("at most two of --from, --to and --hours", "--from", "2021-07-09", "--to", "2021-07-10", "--hours", "3")]
    [InlineData("the range must end after it starts", "--from", "2021-07-10", "--to", "2021-07-09")]
    [InlineData("at most 720 hours", "--from", "2021-01-01", "--to", "2021-07-01")]
    [InlineData("hours must be a whole number from 1 to 720", "--hours", "0")]
    public async Task Trends_BadRangeOrHours_ExitsTwoWithASentence(string expected, params string[] args)
    {
        await azurite.ResetAsync();

        var result = await CliRunner.RunWithStorageAsync(azurite, ["trends", "Taliban", .. args]);

        Assert.Equal(2, result.ExitCode);
        Assert.Equal("", result.Output);
        Assert.Contains(expected, result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("System.", result.Error, StringComparison.Ordinal);
    }
}
