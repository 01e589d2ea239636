using System.Text.Json;
using NewsMonitor.Storage;

namespace NewsMonitor.Alerts;

/// <summary>
/// Puts an alert back on the <c>alerts</c> queue to continue later: the rest of its recipients once the send rate has
/// room again, or the confirmation of emails ACS accepted. A new message (invisible until then) rather than a failed
/// invocation, so waiting never uses up the original message's five dequeues and never ends in <c>alerts-poison</c>.
/// </summary>
internal class AlertQueue(NewsStorage storage, TimeProvider timeProvider)
{
    /// <summary>Queue messages live seven days by default; a visibility delay must stay below that.</summary>
    public static readonly TimeSpan MaxDelay = TimeSpan.FromDays(6);

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public virtual async Task ScheduleAsync(SpikeAlert alert, DateTimeOffset notBefore, CancellationToken cancellationToken = default)
    {
        var delay = notBefore - timeProvider.GetUtcNow();
        delay = delay < TimeSpan.Zero ? TimeSpan.Zero : delay > MaxDelay ? MaxDelay : delay;
        await storage.Queue(StorageNames.AlertsQueue).SendMessageAsync(
            JsonSerializer.Serialize(alert, Json), visibilityTimeout: delay, cancellationToken: cancellationToken);
    }
}
