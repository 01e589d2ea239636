using System.Globalization;
using System.Text;

namespace NewsMonitor.Spikes;

/// <summary>The sentence that tells a subscriber why an alert fired.</summary>
internal static class SpikeReason
{
    /// <example>"14 articles in the last hour from 6 sources, about 5x the usual 2.8 for this hour; by chance, less than once a year."</example>
    public static string Describe(SpikeEvaluation evaluation, SpikeWindow window, int level, double previousRate, bool countsStories = false)
    {
        var text = new StringBuilder();
        var culture = CultureInfo.InvariantCulture;
        if (level > 1)
        {
            text.Append("Still growing: ");
        }

        text.Append(culture, $"{window.Observed} {Unit(window.Observed, countsStories)} in the last ");
        text.Append(window.Hours == 1 ? "hour" : string.Create(culture, $"{window.Hours} hours"));
        if (window.DistinctSources is { } sources)
        {
            text.Append(culture, $" from {sources} {(sources == 1 ? "source" : "sources")}");
        }

        var usual = window.Hours == 1 ? "for this hour" : "for these hours";
        text.Append(window.Kind == SpikeWindowKind.SlowClimb
            ? string.Create(culture, $", a sustained climb to about {window.Ratio:0.#}x the usual {window.Expected:0.#} {usual}")
            : string.Create(culture, $", about {window.Ratio:0.#}x the usual {window.Expected:0.#} {usual}"));
        text.Append("; by chance, ").Append(Rarity(window.Score));
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

    /// <summary>"1 article", "3 stories": what the count counts.</summary>
    public static string Unit(int count, bool stories) =>
        stories ? (count == 1 ? "story" : "stories") : (count == 1 ? "article" : "articles");

    /// <summary>
    /// The score is −log10 of the chance per hour of so large a jump under the keyword's usual pattern and ups and
    /// downs: 10^score hours is how long one would wait, on average, to see it by chance.
    /// </summary>
    public static string Rarity(double score)
    {
        var hours = Math.Pow(10, Math.Min(score, 12));
        const double Day = 24, Week = 7 * Day, Month = 30 * Day, Year = 365 * Day;
        return hours >= 100 * Year ? "less than once a century"
            : hours >= 10 * Year ? "less than once a decade"
            : hours >= Year ? "less than once a year"
            : hours >= 2 * Month ? string.Create(CultureInfo.InvariantCulture, $"about once in {hours / Month:0} months")
            : hours >= 2 * Week ? string.Create(CultureInfo.InvariantCulture, $"about once in {hours / Week:0} weeks")
            : hours >= 2 * Day ? string.Create(CultureInfo.InvariantCulture, $"about once in {hours / Day:0} days")
            : hours >= Day ? "about once a day"
            : "more than once a day";
    }

}
