using System.Globalization;
using System.Text;
using NewsMonitor.Trends;

namespace NewsMonitor.Web;

/// <summary>
/// A keyword's trend as a small inline SVG, drawn on the server: no script, no chart library, nothing fetched by the
/// browser (the CSP allows none). Hourly counts as a line, the detector's expectation dashed, spike windows shaded.
/// </summary>
internal static class TrendChart
{
    private const int Width = 600;
    private const int Height = 180;
    private const int Left = 34;
    private const int Right = 8;
    private const int Top = 10;
    private const int Bottom = 24;

    public static string Render(TrendReport report, string id)
    {
        var points = report.Points;
        var max = Math.Max(1, points.Count == 0 ? 1 : points.Max(p => Math.Max(p.Count, p.Expected ?? 0)));
        var plotWidth = Width - Left - Right;
        var plotHeight = Height - Top - Bottom;
        double X(DateTime time) => Left + (plotWidth * (time - report.From).TotalHours / Math.Max(1, (report.To - report.From).TotalHours));
        double Y(double value) => Top + plotHeight - (plotHeight * value / max);

        var total = points.Sum(p => p.Count);
        var peak = points.Count == 0 ? null : points.MaxBy(p => p.Count);
        var summary = peak is null || peak.Count == 0
            ? Invariant($"No mentions of {report.Keyword} from {Time(report.From)} to {Time(report.To)}.")
            : Invariant($"{total} mentions of {report.Keyword} from {Time(report.From)} to {Time(report.To)}; the busiest hour, {Time(peak.Time)}, had {peak.Count}.") +
              (report.Spikes.Count > 0 ? Invariant($" {report.Spikes.Count} spike alert(s) in this range.") : "");

        var svg = new StringBuilder();
        svg.Append(Invariant($"<svg class=\"chart\" viewBox=\"0 0 {Width} {Height}\" role=\"img\" aria-labelledby=\"{id}-title\" aria-describedby=\"{id}-desc\" xmlns=\"http://www.w3.org/2000/svg\">"));
        svg.Append(Invariant($"<title id=\"{id}-title\">{PageLayout.Encode(report.Keyword)}: mentions per hour</title>"));
        svg.Append(Invariant($"<desc id=\"{id}-desc\">{PageLayout.Encode(summary)}</desc>"));
        foreach (var spike in report.Spikes)
        {
            var x1 = Math.Max(Left, X(spike.WindowStart));
            var x2 = Math.Min(Width - Right, X(spike.WindowEnd));
            if (x2 > x1)
            {
                svg.Append(Invariant($"<rect class=\"spike\" x=\"{x1:0.#}\" y=\"{Top}\" width=\"{x2 - x1:0.#}\" height=\"{plotHeight}\" fill=\"#fde2c8\"/>"));
            }
        }

        svg.Append(Invariant($"<line x1=\"{Left}\" y1=\"{Top + plotHeight}\" x2=\"{Width - Right}\" y2=\"{Top + plotHeight}\" stroke=\"#999\"/>"));
        svg.Append(Invariant($"<text x=\"{Left - 4}\" y=\"{Top + 10}\" text-anchor=\"end\" font-size=\"13\" fill=\"#555\">{max:0.#}</text>"));
        svg.Append(Invariant($"<text x=\"{Left - 4}\" y=\"{Top + plotHeight}\" text-anchor=\"end\" font-size=\"13\" fill=\"#555\">0</text>"));
        svg.Append(Invariant($"<text x=\"{Left}\" y=\"{Height - 6}\" font-size=\"13\" fill=\"#555\">{Time(report.From)}</text>"));
        svg.Append(Invariant($"<text x=\"{Width - Right}\" y=\"{Height - 6}\" text-anchor=\"end\" font-size=\"13\" fill=\"#555\">{Time(report.To)}</text>"));
        var hour = TimeSpan.FromHours(0.5);
        var expected = points.Where(p => p.Expected is not null).Select(p => Invariant($"{X(p.Time + hour):0.#},{Y(p.Expected!.Value):0.#}")).ToList();
        if (expected.Count > 1)
        {
            svg.Append(Invariant($"<polyline class=\"expected\" points=\"{string.Join(' ', expected)}\" fill=\"none\" stroke=\"#888\" stroke-width=\"1.5\" stroke-dasharray=\"4 3\"/>"));
        }

        var counts = points.Select(p => Invariant($"{X(p.Time + hour):0.#},{Y(p.Count):0.#}")).ToList();
        if (counts.Count > 0)
        {
            svg.Append(Invariant($"<polyline class=\"counts\" points=\"{string.Join(' ', counts)}\" fill=\"none\" stroke=\"#0b57d0\" stroke-width=\"2\"/>"));
        }

        svg.Append("</svg>");
        return svg.ToString();
    }

    public static string Time(DateTime time) => time.ToString("MMM d HH:mm 'UTC'", CultureInfo.InvariantCulture);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
