using Microsoft.Azure.Functions.Worker;

namespace NewsMonitor.Alerts.Digest;

/// <summary>Timer adapter of the daily digest (schedule from the <c>DigestSchedule</c> setting, default 07:00 UTC).</summary>
internal sealed class SendDigestsFunction(DigestDispatcher dispatcher)
{
    [Function(nameof(SendDigests))]
    public Task SendDigests([TimerTrigger("%DigestSchedule%")] TimerInfo timer, CancellationToken cancellationToken) =>
        dispatcher.SendAsync(cancellationToken);
}
