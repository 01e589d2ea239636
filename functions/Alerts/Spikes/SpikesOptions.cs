using System.ComponentModel.DataAnnotations;

namespace NewsMonitor.Alerts.Spikes;

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

    /// <summary>Fewest distinct sources (publishers) in a window before it can fire; not applied when sources are unknown (CSV). Default: 2.</summary>
    [Range(1, 1000)]
    public int MinSources { get; set; } = 2;

    /// <summary>Smallest observed ÷ expected ratio that can fire. Default: 2.</summary>
    [Range(1.0, 1000.0)]
    public double MinRatio { get; set; } = 2.0;

    /// <summary>Score (−log10 of the upper-tail probability) the short window must reach. Default: 4 (p ≤ 0.0001).</summary>
    [Range(0.5, 300.0)]
    public double Threshold { get; set; } = 4.0;

    /// <summary>Score the long window must reach. Default: 4 (p ≤ 0.0001).</summary>
    [Range(0.5, 300.0)]
    public double SlowThreshold { get; set; } = 4.0;

    /// <summary>
    /// Negative-binomial overdispersion α (variance = μ + α·μ²): news counts vary more than Poisson, so large counts
    /// need a larger relative jump to be significant. 0 means Poisson. Default: 0.1.
    /// </summary>
    [Range(0.0, 10.0)]
    public double Overdispersion { get; set; } = 0.1;

    /// <summary>Least expected mentions per hour, so a keyword never seen before is not infinitely surprising. Default: 0.2.</summary>
    [Range(0.001, 1000.0)]
    public double MinExpectedPerHour { get; set; } = 0.2;

    /// <summary>Weight, in days of average traffic, pulling each hour-of-day factor towards 1 (no rhythm). Default: 2.</summary>
    [Range(0.0, 60.0)]
    public double ProfilePriorDays { get; set; } = 2.0;

    /// <summary>Hours without a firing window that end a spike episode; a later firing starts a new one. Default: 12.</summary>
    [Range(1, 24 * 30)]
    public int CooldownHours { get; set; } = 12;

    /// <summary>Within an episode, re-alert only when the rate (mentions per hour in a firing window) reaches this multiple of the last alerted rate. Default: 2.</summary>
    [Range(1.01, 1000.0)]
    public double RegrowthFactor { get; set; } = 2.0;

    /// <summary>Baseline hours needed before the normal rules apply; with less the cold-start rules apply. Default: 24.</summary>
    [Range(0, 24 * 60)]
    public int ColdStartHours { get; set; } = 24;

    /// <summary>Fewest mentions in a window during cold start. Default: 10.</summary>
    [Range(1, 100_000)]
    public int ColdStartMinCount { get; set; } = 10;

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
