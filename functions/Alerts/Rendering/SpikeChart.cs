using ScottPlot;
using SkiaSharp;

namespace NewsMonitor.Alerts.Rendering;

/// <summary>
/// The 72-hour chart: one bar per hour, the spike window shaded, drawn with ScottPlot (SkiaSharp, no display
/// needed). All times are UTC, which the axis says, because subscribers read the email in many time zones.
/// </summary>
internal static class SpikeChart
{
    public const int Width = 720;
    public const int Height = 280;

    /// <summary>
    /// The chart's font is embedded (DejaVu Sans) because a Functions host may have no fonts at all, and SkiaSharp's
    /// NoDependencies build then draws no text. ScottPlot resolves font names through a global list, so the
    /// resolver is added once, here.
    /// </summary>
    private const string FontName = "NewsMonitor Chart Sans";

    static SpikeChart() => Fonts.FontResolvers.Add(new EmbeddedFontResolver());

    public static ReadOnlyMemory<byte> Render(SpikeAlert alert, IReadOnlyList<HourlyCount> counts) =>
        Render(alert.Keyword, counts, [(alert.WindowStart, alert.WindowEnd)], alert.Expected, $"last {counts.Count} hours", alert.Observed);

    /// <summary>
    /// The same chart for any range (<c>newsmon trends --png</c>): every spike window shaded, <paramref name="expected"/>
    /// as the dashed line (none when 0), <paramref name="range"/> in the title ("last 72 hours").
    /// </summary>
    public static ReadOnlyMemory<byte> Render(
        string keyword,
        IReadOnlyList<HourlyCount> counts,
        IReadOnlyList<(DateTimeOffset Start, DateTimeOffset End)> windows,
        double expected,
        string range,
        int? spikeObserved = null)
    {
        if (counts.Count == 0)
        {
            return ReadOnlyMemory<byte>.Empty;
        }

        var plot = new Plot();
        plot.Font.Set(FontName);
        var hour = 1.0 / 24;
        var positions = counts.Select(count => count.BucketStart.UtcDateTime.ToOADate() + (hour / 2)).ToArray();
        var values = counts.Select(count => (double)count.Count).ToArray();

        foreach (var (window, index) in windows.Select((window, index) => (window, index)))
        {
            var span = plot.Add.HorizontalSpan(window.Start.UtcDateTime.ToOADate(), window.End.UtcDateTime.ToOADate());
            span.FillStyle.Color = Colors.OrangeRed.WithAlpha(0.18);
            span.LineStyle.Width = 0;
            span.LegendText = index == 0 ? "spike window" : "";
        }

        var bars = plot.Add.Bars(positions, values);
        foreach (var bar in bars.Bars)
        {
            bar.Size = hour * 0.85;
            bar.FillColor = windows.Any(window => bar.Position >= window.Start.UtcDateTime.ToOADate() && bar.Position <= window.End.UtcDateTime.ToOADate())
                ? Colors.OrangeRed
                : Color.FromHex("#4a6fa5");
            bar.LineWidth = 0;
        }

        if (expected > 0)
        {
            var line = plot.Add.HorizontalLine(expected);
            line.LineStyle.Pattern = LinePattern.Dashed;
            line.LineStyle.Color = Colors.Gray;
            line.LegendText = $"expected {expected:0.#}/h";
        }

        var bottom = plot.Axes.DateTimeTicksBottom();
        if (bottom.TickGenerator is ScottPlot.TickGenerators.DateTimeAutomatic ticks)
        {
            ticks.LabelFormatter = time => time.ToString("d MMM\nHH:mm", System.Globalization.CultureInfo.InvariantCulture);
        }

        // A spike is often the newest data, so without room on its right it is one bar squeezed against the frame:
        // leave a margin after the last window and name the spike above its bars.
        var lastWindow = windows.Count > 0 ? windows.MaxBy(window => window.End) : default;
        var (left, right) = XLimits(counts, windows.Count > 0 ? lastWindow.End : counts[^1].BucketStart.AddHours(1));
        var top = (Math.Max(values.Max(), expected) * 1.3) + 1;
        plot.Axes.SetLimits(left, right, 0, top);
        if (spikeObserved is { } observed && windows.Count > 0)
        {
            var peak = values.Where((_, i) => positions[i] >= lastWindow.Start.UtcDateTime.ToOADate()).DefaultIfEmpty(values[^1]).Max();
            var label = plot.Add.Text(
                $"spike: {observed} {(observed == 1 ? "article" : "articles")}",
                (lastWindow.Start.UtcDateTime.ToOADate() + lastWindow.End.UtcDateTime.ToOADate()) / 2,
                peak + (top * 0.04));
            label.LabelFontName = FontName;
            label.LabelFontSize = 13;
            label.LabelBold = true;
            label.LabelFontColor = Colors.OrangeRed;
            label.LabelAlignment = Alignment.LowerCenter;
        }

        plot.Title($"{Printable(keyword)}: articles per hour, {range} (UTC)", size: 15);
        plot.YLabel("articles");
        plot.ShowLegend(Alignment.UpperLeft);
        return plot.GetImageBytes(Width, Height, ImageFormat.Png);
    }

    /// <summary>The x-axis range (OLE automation dates): the counts, then room after the spike window, a sixth of the span at least six hours.</summary>
    internal static (double Left, double Right) XLimits(SpikeAlert alert, IReadOnlyList<HourlyCount> counts) =>
        XLimits(counts.Count > 0 ? counts : [new HourlyCount(alert.WindowStart, 0)], alert.WindowEnd);

    private static (double Left, double Right) XLimits(IReadOnlyList<HourlyCount> counts, DateTimeOffset windowEnd)
    {
        var first = counts[0].BucketStart;
        var end = windowEnd > first ? windowEnd : first.AddHours(1);
        var margin = TimeSpan.FromHours(Math.Max(6, (end - first).TotalHours / 6));
        return (first.AddMinutes(-30).UtcDateTime.ToOADate(), (end + margin).UtcDateTime.ToOADate());
    }

    private static string Printable(string text) => new(text.Where(c => !char.IsControl(c)).Take(60).ToArray());

    private sealed class EmbeddedFontResolver : IFontResolver
    {
        private static readonly Lazy<byte[]> Font = new(() =>
        {
            using var stream = typeof(SpikeChart).Assembly.GetManifestResourceStream("NewsMonitor.functions.Alerts.Resources.DejaVuSans.ttf")
                ?? throw new InvalidOperationException("The embedded chart font is missing.");
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            return copy.ToArray();
        });

        public SKTypeface? CreateTypeface(string fontName, FontWeight weight, FontSlant slant, FontSpacing spacing) =>
            CreateTypeface(fontName, bold: false, italic: false);

        public SKTypeface? CreateTypeface(string fontName, bool bold, bool italic) =>
            fontName == FontName ? SKTypeface.FromData(SKData.CreateCopy(Font.Value)) : null;
    }
}
