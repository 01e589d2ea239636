using ScottPlot;

namespace NewsMonitor.Alerts.Rendering;

/// <summary>
/// The 72-hour chart: one bar per hour, the spike window shaded, drawn with ScottPlot (SkiaSharp, no display
/// needed). All times are UTC, which the axis says, because subscribers read the email in many time zones.
/// </summary>
internal static class SpikeChart
{
    public const int Width = 720;
    public const int Height = 280;

    public static ReadOnlyMemory<byte> Render(SpikeAlert alert, IReadOnlyList<HourlyCount> counts)
    {
        if (counts.Count == 0)
        {
            return ReadOnlyMemory<byte>.Empty;
        }

        var plot = new Plot();
        var hour = 1.0 / 24;
        var positions = counts.Select(count => count.BucketStart.UtcDateTime.ToOADate() + (hour / 2)).ToArray();
        var values = counts.Select(count => (double)count.Count).ToArray();

        var span = plot.Add.HorizontalSpan(alert.WindowStart.UtcDateTime.ToOADate(), alert.WindowEnd.UtcDateTime.ToOADate());
        span.FillStyle.Color = Colors.OrangeRed.WithAlpha(0.18);
        span.LineStyle.Width = 0;
        span.LegendText = "spike window";

        var bars = plot.Add.Bars(positions, values);
        foreach (var bar in bars.Bars)
        {
            bar.Size = hour * 0.85;
            bar.FillColor = bar.Position >= alert.WindowStart.UtcDateTime.ToOADate() && bar.Position <= alert.WindowEnd.UtcDateTime.ToOADate()
                ? Colors.OrangeRed
                : Color.FromHex("#4a6fa5");
            bar.LineWidth = 0;
        }

        if (alert.Expected > 0)
        {
            var expected = plot.Add.HorizontalLine(alert.Expected);
            expected.LineStyle.Pattern = LinePattern.Dashed;
            expected.LineStyle.Color = Colors.Gray;
            expected.LegendText = $"expected {alert.Expected:0.#}/h";
        }

        plot.Axes.DateTimeTicksBottom();
        plot.Axes.Margins(horizontal: 0.01, vertical: 0.05);
        plot.Axes.SetLimitsY(0, (Math.Max(values.Max(), alert.Expected) * 1.15) + 1);
        plot.Title($"{Printable(alert.Keyword)}: articles per hour, last {counts.Count} hours (UTC)", size: 15);
        plot.YLabel("articles");
        plot.ShowLegend(Alignment.UpperLeft);
        return plot.GetImageBytes(Width, Height, ImageFormat.Png);
    }

    private static string Printable(string text) => new(text.Where(c => !char.IsControl(c)).Take(60).ToArray());
}
