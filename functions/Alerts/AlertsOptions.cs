using System.ComponentModel.DataAnnotations;

namespace NewsMonitor.Alerts;

/// <summary>Alert delivery and the alert email's content (section <c>Alerts</c>).</summary>
internal sealed class AlertsOptions
{
    public const string SectionName = "Alerts";

    /// <summary>At most one alert per keyword per subscriber within this time. Default: 6 hours.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "7.00:00:00")]
    public TimeSpan SubscriberCooldown { get; set; } = TimeSpan.FromHours(6);

    /// <summary>
    /// A delivery claimed ("sending") longer ago than this is taken to be abandoned by a crashed worker and is sent
    /// again. Longer than one send with all its retries. Default: 10 minutes.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan ClaimTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Headlines listed in the email. Default: 10.</summary>
    [Range(1, 50)]
    public int MaxHeadlines { get; set; } = 10;

    /// <summary>Headlines listed per spike in the daily digest. Default: 5.</summary>
    [Range(1, 50)]
    public int DigestHeadlinesPerSpike { get; set; } = 5;

    /// <summary>Entities listed as "mentioned with the keyword". Default: 8.</summary>
    [Range(0, 30)]
    public int MaxEntities { get; set; } = 8;

    /// <summary>Hours of history the chart shows. Default: 72.</summary>
    [Range(6, 336)]
    public int ChartHours { get; set; } = 72;
}
