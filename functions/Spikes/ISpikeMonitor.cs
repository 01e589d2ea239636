using NewsMonitor.Alerts;

namespace NewsMonitor.Spikes;

/// <summary>
/// Runs spike detection right after the analysis stage has recorded mentions. The first detector to see a spike
/// inserts its <c>Spikes</c> row (conditional insert) and only it enqueues the <c>alerts</c> message.
/// </summary>
internal interface ISpikeMonitor
{
    /// <param name="keywordNames">The keywords (as configured) the article mentioned.</param>
    /// <param name="bucketTime">The article's published time: the bucket whose counts just changed.</param>
    /// <returns>The alerts this call enqueued (empty when nothing new fired).</returns>
    Task<IReadOnlyList<SpikeAlert>> CheckAsync(
        IReadOnlyCollection<string> keywordNames,
        DateTimeOffset bucketTime,
        CancellationToken cancellationToken = default);
}
