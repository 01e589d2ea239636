using System.Globalization;
using System.Text;

namespace NewsMonitor.Alerts.Spikes;

/// <summary>The sentence that tells a subscriber why an alert fired.</summary>
internal static class SpikeReason
{
    /// <example>"14 articles in the last hour from 6 sources, about 5x the usual 2.8 for this hour (score 7.1)."</example>
    public static string Describe(SpikeEvaluation evaluation, SpikeWindow window, int level, double previousRate)
    {
        var text = new StringBuilder();
        var culture = CultureInfo.InvariantCulture;
        if (level > 1)
        {
            text.Append("Still growing: ");
        }

        text.Append(culture, $"{window.Observed} {(window.Observed == 1 ? "article" : "articles")} in the last ");
        text.Append(window.Hours == 1 ? "hour" : string.Create(culture, $"{window.Hours} hours"));
        if (window.DistinctSources is { } sources)
        {
            text.Append(culture, $" from {sources} {(sources == 1 ? "source" : "sources")}");
        }

        var usual = window.Hours == 1 ? "for this hour" : "for these hours";
        text.Append(window.Kind == SpikeWindowKind.SlowClimb
            ? string.Create(culture, $", a sustained climb to about {window.Ratio:0.#}x the usual {window.Expected:0.#} {usual}")
            : string.Create(culture, $", about {window.Ratio:0.#}x the usual {window.Expected:0.#} {usual}"));
        text.Append(culture, $" (score {window.Score:0.0})");
        if (level > 1)
        {
            text.Append(culture, $"; up from {previousRate:0.#} an hour at the previous alert");
        }

        if (evaluation.ColdStart)
        {
            text.Append("; little history yet, so judged against a cautious baseline");
        }

        return text.Append('.').ToString();
    }
}
