using System.ComponentModel.DataAnnotations;

namespace NewsMonitor.Spikes;

/// <summary>Settings of spike detection, bound from the <c>Spikes</c> configuration section (README, "Spike detection").</summary>
internal sealed class SpikesOptions : IValidatableObject
{
    public const string SectionName = "Spikes";

    /// <summary>Hours in the short ("burst") window, ending with the bucket being checked. Default: 1.</summary>
    [Range(1, 24)]
    public int WindowHours { get; set; } = 1;

    /// <summary>Hours in the long ("slow climb") window; not shorter than <see cref="WindowHours"/>. Default: 6.</summary>
    [Range(1, 72)]
    public int SlowWindowHours { get; set; } = 6;

    /// <summary>Days of history before the long window that form the baseline. Default: 7.</summary>
    [Range(1, 60)]
    public int HistoryDays { get; set; } = 7;

    /// <summary>Fewest keyword mentions in a window before it can fire. Default: 5.</summary>
    [Range(1, 100_000)]
    public int MinCount { get; set; } = 5;

    /// <summary>
    /// Count each story once per hour instead of each article (the analysis stage groups copies into stories, README
    /// "Stories"): thirty outlets running one wire story are one report, not thirty, and a burst of many distinct
    /// stories is what fires. Where no story is known every article is its own story, so the counts are the article
    /// counts. Default: true.
    /// </summary>
    public bool CountStories { get; set; } = true;

    /// <summary>Fewest distinct sources (publishers) in a window before it can fire; not applied when sources are unknown (CSV). Default: 2.</summary>
    [Range(1, 1000)]
    public int MinSources { get; set; } = 2;

    /// <summary>Smallest observed ÷ expected ratio that can fire. Default: 1.5.</summary>
    [Range(1.0, 1000.0)]
    public double MinRatio { get; set; } = 1.5;

    /// <summary>Score (−log10 of the upper-tail probability) the short window must reach. Default: 4 (p ≤ 0.0001).</summary>
    [Range(0.5, 300.0)]
    public double Threshold { get; set; } = 4.0;

    /// <summary>
    /// Score the long window must reach. Higher than the short window's because a six-hour sum moves less, so its
    /// measured variability understates how often slow swings happen; it exists for climbs that never jump in one
    /// hour, which still score far above it. Default: 8.
    /// </summary>
    [Range(0.5, 300.0)]
    public double SlowThreshold { get; set; } = 8.0;

    /// <summary>
    /// Negative-binomial overdispersion α (variance = μ + α·μ²) of the count score: a small allowance beyond Poisson
    /// noise, per hourly bucket (a window of n hours uses α/n); 0 means Poisson. How much more a keyword's counts
    /// swing is measured from its own history (the variability score), not assumed here. Default: 0.02.
    /// </summary>
    [Range(0.0, 10.0)]
    public double Overdispersion { get; set; } = 0.02;

    /// <summary>
    /// Pseudo-count per window hour added to observed and expected before their log ratio is taken, so that small
    /// counts (0 → 1) do not read as huge relative jumps. Default: 2.
    /// </summary>
    [Range(0.0, 1000.0)]
    public double PseudoCountPerHour { get; set; } = 2.0;

    /// <summary>Least expected mentions per hour, so a keyword never seen before is not infinitely surprising. Default: 0.2.</summary>
    [Range(0.001, 1000.0)]
    public double MinExpectedPerHour { get; set; } = 0.2;

    /// <summary>Weight, in days of average traffic, pulling each hour-of-day factor towards 1 (no rhythm). Default: 2.</summary>
    [Range(0.0, 60.0)]
    public double ProfilePriorDays { get; set; } = 2.0;

    /// <summary>Hours without a firing window that end a spike episode; a later firing starts a new one. Default: 12.</summary>
    [Range(1, 24 * 30)]
    public int CooldownHours { get; set; } = 12;

    /// <summary>Within an episode, re-alert ("still growing") only when the rate (mentions per hour in a firing window) reaches this multiple of the last alerted rate. Default: 2.</summary>
    [Range(1.01, 1000.0)]
    public double RegrowthFactor { get; set; } = 2.0;

    /// <summary>
    /// Most "still growing" follow-ups per episode, after its onset alert. Default: 0 (on real mention series most
    /// follow-ups landed on stories that had already been alerted and were peaking; set 1 to be told of escalations).
    /// </summary>
    [Range(0, 10)]
    public int MaxFollowUps { get; set; }

    /// <summary>
    /// Onset alerts per keyword within <see cref="BudgetDays"/> before the bar rises: each alert beyond it makes the
    /// next one need a score <see cref="BudgetStep"/> higher (10^step times rarer), and follow-ups wait until the
    /// count is back under the budget. Default: 2 (with the default threshold, on real mention series, about one
    /// alert per keyword-week outside the big stories).
    /// </summary>
    [Range(1, 100)]
    public int AlertBudget { get; set; } = 2;

    /// <summary>Days over which <see cref="AlertBudget"/> counts alerts. Default: 7.</summary>
    [Range(1, 60)]
    public int BudgetDays { get; set; } = 7;

    /// <summary>Score added to the bar per alert beyond the budget (2 = a hundred times rarer). Default: 2.</summary>
    [Range(0.0, 100.0)]
    public double BudgetStep { get; set; } = 2.0;

    /// <summary>
    /// Hourly residuals (each needing a day of history before it) the variability score needs; with fewer, the
    /// cold-start rules apply and the count score decides alone. Default: 24.
    /// </summary>
    [Range(0, 24 * 60)]
    public int ColdStartHours { get; set; } = 24;

    /// <summary>Fewest mentions in a window during cold start. Default: 10.</summary>
    [Range(1, 100_000)]
    public int ColdStartMinCount { get; set; } = 10;

    /// <summary>
    /// Overdispersion of the count score during cold start, while the keyword's own variability is unknown: assume it
    /// swings a lot (a daily peak seen for the first time is not a spike). Default: 0.3.
    /// </summary>
    [Range(0.0, 10.0)]
    public double ColdStartOverdispersion { get; set; } = 0.3;

    /// <summary>Least expected mentions per hour during cold start (a conservative prior). Default: 1.</summary>
    [Range(0.001, 1000.0)]
    public double ColdStartMinExpectedPerHour { get; set; } = 1.0;

    /// <summary>Most article ids listed in one alert (newest first). Default: 50.</summary>
    [Range(1, 1000)]
    public int MaxArticlesPerAlert { get; set; } = 50;

    /// <summary>
    /// A <c>Spikes</c> row still pending (inserted, message not confirmed sent) for this long is taken over by the
    /// next detector, which sends the message: the inserter crashed in between. Default: 2 minutes.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan PendingTakeoverAfter { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// Least time between two checks of one keyword (README, "Scale"): the articles of a burst recorded meanwhile are
    /// checked together, once the interval has passed or at the end of the cycle. At most the fetch interval, so a
    /// burst is alerted within one fetch; zero checks after every article. Default: 1 minute.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:05:00")]
    public TimeSpan CheckInterval { get; set; } = TimeSpan.FromMinutes(1);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (SlowWindowHours < WindowHours)
        {
            yield return new ValidationResult(
                $"{nameof(SlowWindowHours)} ({SlowWindowHours}) must not be shorter than {nameof(WindowHours)} ({WindowHours}).",
                [nameof(SlowWindowHours)]);
        }
    }
}
