using System.Globalization;
using System.Text;
using NewsMonitor.Cli.Commands;
using NewsMonitor.Spikes;
using NewsMonitor.Tests.Spikes;

namespace NewsMonitor.Tests.Cli.Commands;

public sealed class SpikeSeriesCsvTests
{
    private static string Run(string csv, SpikesOptions? options = null)
    {
        var output = new StringWriter();
        SpikeSeriesCsv.Run(new StringReader(csv), output, options ?? new SpikesOptions());
        return output.ToString();
    }

    private static string Csv(IEnumerable<(DateTimeOffset Time, int Count, int? Total)> rows, bool header = true)
    {
        var text = new StringBuilder();
        if (header)
        {
            text.Append("timestamp,count\n");
        }

        foreach (var (time, count, total) in rows)
        {
            text.Append(CultureInfo.InvariantCulture, $"{time:yyyy-MM-ddTHH:mm:ssZ},{count}");
            if (total is not null)
            {
                text.Append(CultureInfo.InvariantCulture, $",{total}");
            }

            text.Append('\n');
        }

        return text.ToString();
    }

    private static List<(DateTimeOffset Time, int Count, int? Total)> Burst(int hours, int burstAt, bool withTotal = false) =>
        [.. Enumerable.Range(0, hours).Select(i => (
            SyntheticSeries.Start.AddHours(i),
            i == burstAt ? 30 : 3,
            withTotal ? (int?)60 : null))];

    [Fact]
    public void Run_Burst_OneOutputRowPerInputRowAndOneAlertAtTheBurst()
    {
        var lines = Run(Csv(Burst(200, 190))).TrimEnd('\n').Split('\n');

        Assert.Equal(SpikeSeriesCsv.OutputHeader, lines[0]);
        Assert.Equal(201, lines.Length);
        var alerts = lines.Skip(1).Select((line, index) => (line, index)).Where(pair => pair.line.EndsWith(",1", StringComparison.Ordinal)).ToList();
        var alert = Assert.Single(alerts);
        Assert.Equal(190, alert.index);
        Assert.StartsWith("2026-01-12T22:00:00Z,30,3.00,", alert.line, StringComparison.Ordinal);
        Assert.Equal("2026-01-05T00:00:00Z,3,3.00,0.00,0", lines[1]);
    }

    [Fact]
    public void Run_WithoutHeaderAndWithTotals_SameVerdicts()
    {
        var withHeader = Run(Csv(Burst(200, 190)));
        var bare = Run(Csv(Burst(200, 190, withTotal: true), header: false));

        Assert.Equal(
            withHeader.Split('\n').Select(line => line.Split(',').Last()),
            bare.Split('\n').Select(line => line.Split(',').Last()));
    }

    [Fact]
    public void Run_OffsetTimestampsAndBlankLines_NormalizedToUtc()
    {
        var output = Run("timestamp,count,total\n\n2026-01-05T02:00:00+02:00,1,10\n2026-01-05T01:00:00Z , 2 , 10\n");

        Assert.Equal(
            "timestamp,count,expected,score,alert\n2026-01-05T00:00:00Z,1,1.00,0.00,0\n2026-01-05T01:00:00Z,2,1.50,0.39,0\n",
            output.Replace("\r\n", "\n", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("timestamp,count\n2026-01-05T00:00:00Z,1\nyesterday,2\n", "line 3:", "ISO 8601")]
    [InlineData("2026-01-05T01:00:00Z,1\n2026-01-05T00:00:00Z,2\n", "line 2:", "not after")]
    [InlineData("2026-01-05T00:00:00Z,1\n2026-01-05T00:00:00Z,2\n", "line 2:", "not after")]
    [InlineData("2026-01-05T00:00:00Z,1\n2026-01-05T01:00:00Z,-3\n", "line 2:", "negative")]
    [InlineData("2026-01-05T00:00:00Z,1,-1\n", "line 1:", "negative")]
    [InlineData("2026-01-05T00:00:00Z,2.5\n", "line 1:", "whole number")]
    [InlineData("2026-01-05T00:00:00Z\n", "line 1:", "2 or 3 fields")]
    [InlineData("2026-01-05T00:00:00Z,1,2,3\n", "line 1:", "2 or 3 fields")]
    [InlineData("2026-01-05T00:00:00Z,1,10\n2026-01-05T01:00:00Z,1\n", "line 2:", "total column is missing")]
    [InlineData("2026-01-05T00:00:00Z,1\n2026-01-05T01:00:00Z,1,10\n", "line 2:", "every row or none")]
    [InlineData("time,value\n2026-01-05T00:00:00Z,1\n", "line 1:", "ISO 8601")]
    public void Run_BadInput_FormatExceptionNamingTheLine(string csv, string line, string reason)
    {
        var output = new StringWriter();

        var exception = Assert.Throws<FormatException>(() => SpikeSeriesCsv.Run(new StringReader(csv), output, new SpikesOptions()));

        Assert.StartsWith(line, exception.Message, StringComparison.Ordinal);
        Assert.Contains(reason, exception.Message, StringComparison.Ordinal);
        Assert.Empty(output.ToString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("timestamp,count\n")]
    public void Run_NoRows_IsAnErrorNotAnEmptyResult(string csv)
    {
        // An empty series is a mistake upstream (a wrong file, an empty export): exit 0 with no rows would hide it.
        var exception = Assert.Throws<FormatException>(() => Run(csv));

        Assert.Contains("no rows", exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("10/01/2026,4")]
    [InlineData("01.10.2026 10:00,4")]
    public void Run_NotIso8601_NamesTheLine(string row)
    {
        var exception = Assert.Throws<FormatException>(() => Run("timestamp,count\n" + row + "\n"));

        Assert.Contains("line 2", exception.Message, StringComparison.Ordinal);
        Assert.Contains("ISO 8601", exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1, false)]
    [InlineData(2, true)]
    [InlineData(3, false)]
    [InlineData(4, true)]
    public void Run_RandomSeries_RowComputedOnThePrefixEqualsRowComputedOnTheWholeSeries(int seed, bool withTotal)
    {
        // No look-ahead: what the detector says about a row never depends on the rows after it.
        var random = new Random(seed);
        var rows = Enumerable.Range(0, 260).Select(i =>
        {
            var total = SyntheticSeries.Poisson(random, 50);
            var count = random.Next(25) == 0 ? random.Next(10, 40) : SyntheticSeries.Poisson(random, random.Next(4) == 0 ? 6 : 2);
            return (SyntheticSeries.Start.AddHours(i + random.Next(2)), count, withTotal ? (int?)Math.Max(total, count) : null);
        }).ToList();
        for (var i = 1; i < rows.Count; i++)
        {
            // Keep the (occasionally skipped) timestamps strictly increasing.
            if (rows[i].Item1 <= rows[i - 1].Item1)
            {
                rows[i] = (rows[i - 1].Item1.AddHours(1), rows[i].count, rows[i].Item3);
            }
        }

        var whole = Run(Csv(rows)).Split('\n');
        for (var i = 0; i < rows.Count; i += 1 + random.Next(12))
        {
            var prefix = Run(Csv(rows.Take(i + 1))).Split('\n');
            Assert.Equal(whole[i + 1], prefix[i + 1]);
        }

        Assert.Contains(whole, line => line.EndsWith(",1", StringComparison.Ordinal));
    }
}
