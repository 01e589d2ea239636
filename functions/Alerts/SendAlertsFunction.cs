using Microsoft.Azure.Functions.Worker;
using NewsMonitor.Storage;

namespace NewsMonitor.Alerts;

internal sealed class SendAlertsFunction(AlertDispatcher dispatcher)
{
    /// <summary><c>extensions.queues.maxDequeueCount</c> in host.json: the host poisons a message after this many.</summary>
    public const int MaxDequeueCount = 5;

    [Function(nameof(SendAlerts))]
    public Task SendAlerts(
        [QueueTrigger(StorageNames.AlertsQueue, Connection = SettingNames.StorageConnection)] string message,
        long dequeueCount,
        CancellationToken cancellationToken) =>
        dispatcher.DispatchAsync(message, lastAttempt: dequeueCount >= MaxDequeueCount, cancellationToken);
}
