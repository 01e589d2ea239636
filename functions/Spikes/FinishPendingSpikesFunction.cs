using Microsoft.Azure.Functions.Worker;

namespace NewsMonitor.Spikes;

/// <summary>
/// Timer adapter of <see cref="PendingSpikes.FinishAbandonedAsync"/>, on the ingest's schedule (<c>FetchSchedule</c>):
/// a spike whose alert was never enqueued is finished within one period after its takeover delay, even when no later
/// article mentions the keyword. It also runs the keyword checks this instance still owes (<see cref="DebouncedSpikeMonitor"/>).
/// </summary>
internal sealed class FinishPendingSpikesFunction(PendingSpikes pending, DebouncedSpikeMonitor checks)
{
    [Function(nameof(FinishPendingSpikes))]
    public async Task FinishPendingSpikes([TimerTrigger("%FetchSchedule%")] TimerInfo timer, CancellationToken cancellationToken)
    {
        await checks.FlushAsync(cancellationToken).ConfigureAwait(false);
        await pending.FinishAbandonedAsync(cancellationToken).ConfigureAwait(false);
    }
}
