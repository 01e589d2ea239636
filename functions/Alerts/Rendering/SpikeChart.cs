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
        Render(alert.Keyword, counts, [(alert.WindowStart, alert.WindowEnd)], alert.Expected, $"last {counts.Count} hours");

    /// <summary>
    /// The same chart for any range (<c>newsmon trends --png</c>): every spike window shaded, <paramref name="expected"/>
    /// as the dashed line (none when 0), <paramref name="range"/> in the title ("last 72 hours").
    /// </summary>
    public static ReadOnlyMemory<byte> Render(
        string keyword,
        IReadOnlyList<HourlyCount> counts,
        IReadOnlyList<(DateTimeOffset Start, DateTimeOffset End)> windows,
        double expected,
        string range)
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

        plot.Axes.Margins(horizontal: 0.01, vertical: 0.05);
        plot.Axes.SetLimitsY(0, (Math.Max(values.Max(), expected) * 1.15) + 1);
        plot.Title($"{Printable(keyword)}: articles per hour, {range} (UTC)", size: 15);
        plot.YLabel("articles");
        plot.ShowLegend(Alignment.UpperLeft);
        return plot.GetImageBytes(Width, Height, ImageFormat.Png);
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
