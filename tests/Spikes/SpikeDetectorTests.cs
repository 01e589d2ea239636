using NewsMonitor.Cli.Commands;
using NewsMonitor.Spikes;
using static NewsMonitor.Tests.Spikes.SyntheticSeries;

namespace NewsMonitor.Tests.Spikes;

public sealed class SpikeDetectorTests
{
    private const int Week = 7 * 24;

    private static List<int> AlertRows(IReadOnlyList<SpikeBucket> series, SpikesOptions? options = null) =>
        [.. SpikeSeriesCsv.Evaluate(series, options ?? Options())
            .Select((row, index) => (row, index))
            .Where(pair => pair.row.Alert)
            .Select(pair => pair.index)];

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Evaluate_FlatNoisySeries_NeverAlerts(int seed)
    {
        var random = new Random(seed);
        var series = Hourly(3 * Week, (_, _) => (Poisson(random, 3), null));

        Assert.Empty(AlertRows(series));
    }

    [Fact]
    public void Evaluate_FlatNoisySeriesWithVolume_NeverAlerts()
    {
        var random = new Random(7);
        var series = Hourly(3 * Week, (_, _) =>
        {
            var total = Poisson(random, 60);
            return (Poisson(random, total * 0.05), total);
        });

        Assert.Empty(AlertRows(series));
    }

    [Fact]
    public void Evaluate_DailySeasonalSeries_NoAlertsAtDailyPeaks()
    {
        var random = new Random(11);
        var series = Hourly(3 * Week, (_, time) => (Poisson(random, 6 * DailyRhythm(time)), null));

        // The first day has no rhythm to learn from yet (cold start); from then on the peaks are expected.
        Assert.DoesNotContain(AlertRows(series), row => row >= 24);
    }

    [Fact]
    public void Evaluate_DailySeasonalVolume_NoAlertsAtDailyPeaks()
    {
        var random = new Random(12);
        var series = Hourly(3 * Week, (_, time) =>
        {
            var total = Poisson(random, 80 * DailyRhythm(time));
            return (Poisson(random, total * 0.06), total);
        });

        Assert.Empty(AlertRows(series));
    }

    [Fact]
    public void Evaluate_SlowClimb_AlertsOnceFromTheSlowWindow()
    {
        // A week at 3 an hour, then a two-day climb to 9 an hour, then level.
        var series = Hourly(Week + 72, (i, _) => (i < Week ? 3 : (int)Math.Round(3 + (6.0 * Math.Min(i - Week, 48) / 48)), null));

        var rows = SpikeSeriesCsv.Evaluate(series, Options());
        var alerts = rows.Where(row => row.Alert).ToList();

        var alert = Assert.Single(alerts);
        Assert.True(alert.Evaluation.SlowClimb.Fired);
        Assert.False(alert.Evaluation.Burst.Fired);
        Assert.InRange(alert.Bucket, Start.AddHours(Week), Start.AddHours(Week + 48));
    }

    [Fact]
    public void Evaluate_SparseZeroToTwo_NoAlert()
    {
        var series = Hourly(2 * Week, (i, _) => (i % 37 == 0 ? 1 : 0, null));
        series.Add(new SpikeBucket(series[^1].Start.AddHours(1), 2));

        Assert.Empty(AlertRows(series));
    }

    [Fact]
    public void Evaluate_ManyMentionsFromOneSource_NoAlert()
    {
        var series = Hourly(2 * Week, (_, _) => (0, null))
            .Select(bucket => bucket with { Sources = [] })
            .ToList();
        series.Add(new SpikeBucket(series[^1].Start.AddHours(1), 12, null, ["Mint"]));

        Assert.Empty(AlertRows(series));
        series[^1] = series[^1] with { Sources = ["Mint", "Reuters"] };
        Assert.Equal([series.Count - 1], AlertRows(series));
    }

    [Fact]
    public void Evaluate_OneBurst_ExactlyOneAlertAtTheBurst()
    {
        var random = new Random(5);
        var burstAt = Week + 30;
        var series = Hourly(2 * Week, (i, _) => (i == burstAt ? 25 : Poisson(random, 3), null));

        Assert.Equal([burstAt], AlertRows(series));
    }

    [Fact]
    public void Evaluate_Plateau_OneAlertAndAnotherOnlyPastTheRegrowthFactor()
    {
        // A week at 2 an hour, half a day at 20, half a day at 30 (1.5x: no new alert), then 45 (past 2x of 20: one
        // more). Half days: after two days a plateau has become the keyword's usual variability, not a story.
        var series = Hourly(Week + 36, (i, _) => (i < Week ? 2 : i < Week + 12 ? 20 : i < Week + 24 ? 30 : 45, null));

        Assert.Equal([Week, Week + 24], AlertRows(series, new SpikesOptions { MaxFollowUps = 1 }));
    }

    [Fact]
    public void Evaluate_BusyNewsDay_NoAlertWhenTheVolumeExplainsIt()
    {
        // Every keyword is 5% of the news; then a day when the news volume triples, and the keyword with it.
        var random = new Random(21);
        var series = Hourly(Week + 48, (i, _) =>
        {
            var total = Poisson(random, i >= Week && i < Week + 24 ? 180 : 60);
            return (Poisson(random, total * 0.05), total);
        });

        Assert.Empty(AlertRows(series));

        // The same counts without the volume column do look like a spike: the volume is what explains them.
        Assert.NotEmpty(AlertRows([.. series.Select(bucket => bucket with { Total = null })]));
    }

    [Fact]
    public void Evaluate_QuietSunday_NoAlertOnTheDropNorOnTheRecovery()
    {
        // Two weeks in which Sundays carry a third of the usual news, the keyword following the volume.
        var random = new Random(22);
        var series = Hourly(2 * Week + 48, (_, time) =>
        {
            var total = Poisson(random, (time.DayOfWeek == DayOfWeek.Sunday ? 0.35 : 1) * 80 * DailyRhythm(time));
            return (Poisson(random, total * 0.05), total);
        });

        Assert.Empty(AlertRows(series));
    }

    [Fact]
    public void Evaluate_ColdStart_ModerateCountIsNotASpikeButALargeBurstIs()
    {
        var quiet = Hourly(6, (_, _) => (1, null));
        quiet.Add(new SpikeBucket(quiet[^1].Start.AddHours(1), 8));
        var loud = Hourly(6, (_, _) => (1, null));
        loud.Add(new SpikeBucket(loud[^1].Start.AddHours(1), 30));

        var detector = new SpikeDetector(Microsoft.Extensions.Options.Options.Create(Options()));
        var evaluation = detector.Evaluate(quiet, quiet.Count - 1);

        Assert.True(evaluation.ColdStart);
        Assert.False(evaluation.Fired);
        Assert.True(detector.Evaluate(loud, loud.Count - 1).Fired);
    }

    [Fact]
    public void Evaluate_Burst_ExplainsObservedExpectedScoreAndWindow()
    {
        var series = Hourly(Week + 24, (_, _) => (3, null));
        series.Add(new SpikeBucket(series[^1].Start.AddHours(1), 15));
        var detector = new SpikeDetector(Microsoft.Extensions.Options.Options.Create(Options()));

        var evaluation = detector.Evaluate(series, series.Count - 1);

        Assert.True(evaluation.Burst.Fired);
        Assert.Equal(15, evaluation.Burst.Observed);
        Assert.Equal(3, evaluation.Burst.Expected, 3);
        Assert.Equal(series[^1].Start, evaluation.Burst.Start);
        Assert.Equal(series[^1].Start.AddHours(1), evaluation.Burst.End);
        Assert.True(evaluation.Burst.Score > 4);
        Assert.Equal(
            "15 articles in the last hour, about 5x the usual 3 for this hour; by chance, " + SpikeReason.Rarity(evaluation.Burst.Score) + ".",
            SpikeReason.Describe(evaluation, evaluation.Primary, 1, 0));
    }
}
