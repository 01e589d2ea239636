using Microsoft.Extensions.Logging;
using NewsMonitor.Alerts.Email;
using NewsMonitor.Subscriptions;

namespace NewsMonitor.Alerts;

/// <summary>
/// Records what became of a claimed delivery in the <c>Deliveries</c> ledger, the same way for instant alerts and
/// daily digests: sent; rejected for good (the subscriber is marked bouncing); or failed transiently (the claim is
/// released so the next run sends it).
/// </summary>
internal sealed class DeliveryRecorder(DeliveryLedger ledger, ISubscriberDirectory directory, ILogger<DeliveryRecorder> logger)
{
    /// <summary>Returns the <see cref="DeliveryStatus"/> recorded.</summary>
    public Task<string> RecordAsync(DeliveryEntity delivery, Subscriber subscriber, EmailDeliveryResult result, CancellationToken cancellationToken = default) =>
        RecordAsync(delivery, subscriber, result, lastAttempt: false, cancellationToken);

    /// <param name="delivery">The claimed ledger row.</param>
    /// <param name="subscriber">Its recipient.</param>
    /// <param name="result">What became of the email.</param>
    /// <param name="lastAttempt">No redelivery will follow: a transient failure is final (<c>failed</c>, with its reason),
    /// without marking the address bouncing, since the address was never rejected.</param>
    /// <param name="cancellationToken">Stops the write.</param>
    public async Task<string> RecordAsync(DeliveryEntity delivery, Subscriber subscriber, EmailDeliveryResult result, bool lastAttempt, CancellationToken cancellationToken = default)
    {
        switch (result.Status)
        {
            case EmailDeliveryStatus.Sent:
                await ledger.RecordAsync(delivery, DeliveryStatus.Sent, result.Attempts, null, cancellationToken);
                AlertsLog.Sent(logger, delivery.AlertId, subscriber.Id, result.Attempts);
                return DeliveryStatus.Sent;
            case EmailDeliveryStatus.PermanentFailure:
                await ledger.RecordAsync(delivery, DeliveryStatus.Failed, result.Attempts, result.Error, cancellationToken);
                await directory.MarkBouncingAsync(subscriber.Id, result.Error ?? "rejected", cancellationToken);
                AlertsLog.Rejected(logger, delivery.AlertId, subscriber.Id, result.Error);
                return DeliveryStatus.Failed;
            case EmailDeliveryStatus.Uncertain:
                var uncertain = $"may have been delivered, not resent: {result.Error}";
                await ledger.RecordAsync(delivery, DeliveryStatus.Uncertain, result.Attempts, uncertain, cancellationToken);
                AlertsLog.Uncertain(logger, delivery.AlertId, subscriber.Id, result.Error);
                return DeliveryStatus.Uncertain;
            case EmailDeliveryStatus.TransientFailure when lastAttempt:
                var reason = $"gave up: still failing transiently at the last delivery attempt: {result.Error}";
                await ledger.RecordAsync(delivery, DeliveryStatus.Failed, result.Attempts, reason, cancellationToken);
                AlertsLog.GaveUp(logger, delivery.AlertId, subscriber.Id, result.Error);
                return DeliveryStatus.Failed;
            default:
                await ledger.RecordAsync(delivery, DeliveryStatus.Retrying, result.Attempts, result.Error, cancellationToken);
                AlertsLog.TransientFailure(logger, delivery.AlertId, subscriber.Id, result.Attempts, result.Error);
                return DeliveryStatus.Retrying;
        }
    }
}
