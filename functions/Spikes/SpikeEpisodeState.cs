using Azure;
using Azure.Data.Tables;

namespace NewsMonitor.Spikes;

/// <summary>
/// One row per keyword in <c>Spikes</c> (RK <see cref="StateRowKey"/>, sorting after every alert row): which alert the
/// keyword raised last. Detectors read it before the mentions and rewrite it on condition (ETag) when they alert, so
/// of two detectors that decided on different data at the same time, exactly one sends.
/// </summary>
internal sealed class SpikeEpisodeState : ITableEntity
{
    /// <summary>'~' sorts after the digits that start alert row keys, so range queries over alerts exclude it.</summary>
    public const string StateRowKey = "~state";

    public string PartitionKey { get; set; } = "";

    public string RowKey { get; set; } = StateRowKey;

    public DateTimeOffset? Timestamp { get; set; }

    public ETag ETag { get; set; }

    /// <summary>Row key of the latest alert row.</summary>
    public string AlertRowKey { get; set; } = "";

    public DateTimeOffset EpisodeStart { get; set; }

    public int Level { get; set; }
}
