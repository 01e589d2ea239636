using Microsoft.Azure.Functions.Worker;
using NewsMonitor.Storage;

namespace NewsMonitor.Alerts;

internal sealed class SendAlertsFunction(AlertDispatcher dispatcher)
{
    [Function(nameof(SendAlerts))]
    public Task SendAlerts(
        [QueueTrigger(StorageNames.AlertsQueue, Connection = SettingNames.StorageConnection)] string message,
        CancellationToken cancellationToken) =>
        dispatcher.DispatchAsync(message, cancellationToken);
}
