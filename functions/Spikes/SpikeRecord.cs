using System.Globalization;
using Azure;
using Azure.Data.Tables;

namespace NewsMonitor.Spikes;

/// <summary>
/// A row of the <c>Spikes</c> table: one alert of one spike episode. PK keyword key, RK
/// <c>{episodeStart:yyyyMMddHH}-{level:D2}</c>: detectors that see the same episode at the same level compute the same
/// keys, so the conditional insert lets exactly one of them through. The row keeps the hysteresis state.
/// </summary>
internal sealed class SpikeRecord : ITableEntity
{
    public const string PendingState = "Pending";
    public const string EnqueuedState = "Enqueued";

    public string PartitionKey { get; set; } = "";

    public string RowKey { get; set; } = "";

    public DateTimeOffset? Timestamp { get; set; }

    public ETag ETag { get; set; }

    public string Keyword { get; set; } = "";

    public string AlertId { get; set; } = "";

    public DateTimeOffset EpisodeStart { get; set; }

    public int Level { get; set; }

    /// <summary>The latest bucket that fired in this episode: the cooldown runs from here.</summary>
    public DateTimeOffset LastFired { get; set; }

    /// <summary>Mentions per hour in the firing window when this alert was raised: regrowth is measured against it.</summary>
    public double AlertedRate { get; set; }

    public string Window { get; set; } = "";

    public DateTimeOffset WindowStart { get; set; }

    public DateTimeOffset WindowEnd { get; set; }

    public int Observed { get; set; }

    /// <summary>True when <see cref="Observed"/> counts stories (copies of one wire story once), not articles.</summary>
    public bool CountsStories { get; set; }

    public double Expected { get; set; }

    public double Score { get; set; }

    public int DistinctSources { get; set; }

    public string Reason { get; set; } = "";

    public DateTimeOffset DetectedAt { get; set; }

    /// <summary><see cref="PendingState"/> until the alert message is on the queue, then <see cref="EnqueuedState"/>.</summary>
    public string State { get; set; } = PendingState;

    /// <summary>When the current sender took the row on; a pending row claimed long ago was abandoned.</summary>
    public DateTimeOffset ClaimedAt { get; set; }

    /// <summary>The alert message (JSON), so whoever finishes an abandoned row sends exactly what was decided.</summary>
    public string Message { get; set; } = "";

    public static string EpisodeRowKey(DateTimeOffset episodeStart, int level) =>
        string.Create(CultureInfo.InvariantCulture, $"{episodeStart.UtcDateTime:yyyyMMddHH}-{level:D2}");
}
