using Microsoft.Azure.Functions.Worker;

namespace NewsMonitor.Spikes;

/// <summary>
/// Timer adapter of <see cref="PendingSpikes.FinishAbandonedAsync"/>, on the ingest's schedule (<c>FetchSchedule</c>):
/// a spike whose alert was never enqueued is finished within one period after its takeover delay, even when no later
/// article mentions the keyword.
/// </summary>
internal sealed class FinishPendingSpikesFunction(PendingSpikes pending)
{
    [Function(nameof(FinishPendingSpikes))]
    public Task FinishPendingSpikes([TimerTrigger("%FetchSchedule%")] TimerInfo timer, CancellationToken cancellationToken) =>
        pending.FinishAbandonedAsync(cancellationToken);
}
