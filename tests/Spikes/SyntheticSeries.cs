using NewsMonitor.Spikes;

namespace NewsMonitor.Tests.Spikes;

/// <summary>Builds hourly test series with known answers.</summary>
internal static class SyntheticSeries
{
    /// <summary>A Monday, midnight UTC.</summary>
    public static DateTimeOffset Start { get; } = new(2026, 1, 5, 0, 0, 0, TimeSpan.Zero);

    public static List<SpikeBucket> Hourly(int hours, Func<int, DateTimeOffset, (int Count, int? Total)> bucket)
    {
        var series = new List<SpikeBucket>(hours);
        for (var i = 0; i < hours; i++)
        {
            var start = Start.AddHours(i);
            var (count, total) = bucket(i, start);
            series.Add(new SpikeBucket(start, count, total));
        }

        return series;
    }

    /// <summary>A Poisson draw (Knuth's method; fine for the small means of these tests).</summary>
    public static int Poisson(Random random, double mean)
    {
        var limit = Math.Exp(-mean);
        var product = random.NextDouble();
        var count = 0;
        while (product > limit)
        {
            count++;
            product *= random.NextDouble();
        }

        return count;
    }

    /// <summary>The daily rhythm of news: quiet at night, busiest around 13:00 UTC (factor 0.2 to 1.8).</summary>
    public static double DailyRhythm(DateTimeOffset time) =>
        1 + (0.8 * Math.Sin((time.Hour - 7) * Math.PI / 12));

    public static SpikesOptions Options() => new();
}
