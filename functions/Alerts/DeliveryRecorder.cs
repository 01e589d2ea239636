using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NewsMonitor.Alerts.Email;
using NewsMonitor.Subscriptions;

namespace NewsMonitor.Alerts;

/// <summary>What became of one claimed delivery: the <see cref="DeliveryStatus"/> recorded, and when to look again.</summary>
internal sealed record DeliveryOutcome(string Status, DateTimeOffset? ContinueAt = null, string? Error = null);

/// <summary>
/// Sends or confirms a claimed delivery and records the outcome in the <c>Deliveries</c> ledger, the same way for
/// instant alerts and daily digests. A delivery ACS accepted (<see cref="DeliveryStatus.Pending"/>) is confirmed, never
/// resent; one an earlier attempt may have reached (a lost response, a crashed worker) is looked up first. Only a
/// recipient-level rejection marks the subscriber bouncing; a configuration error is recorded and thrown. A failure
/// after the server had the whole message (SMTP) is recorded <see cref="DeliveryStatus.Uncertain"/> and never resent;
/// on the last delivery attempt a transient failure is final (<see cref="DeliveryStatus.Failed"/>, "gave up: …").
/// </summary>
internal sealed class DeliveryRecorder(
    DeliveryLedger ledger,
    ISubscriberDirectory directory,
    EmailDelivery email,
    IOptions<EmailOptions> emailOptions,
    TimeProvider timeProvider,
    ILogger<DeliveryRecorder> logger)
{
    /// <summary>
    /// Delivers <paramref name="delivery"/>: confirms it when accepted before, else renders and sends it unless
    /// <paramref name="throttledUntil"/> says the send rate is used up (then it is deferred without trying).
    /// </summary>
    public Task<DeliveryOutcome> DeliverAsync(
        DeliveryEntity delivery,
        Subscriber subscriber,
        Func<Task<EmailMessage>> render,
        DateTimeOffset? throttledUntil,
        CancellationToken cancellationToken = default) =>
        DeliverAsync(delivery, subscriber, render, throttledUntil, lastAttempt: false, cancellationToken);

    /// <param name="delivery">The claimed ledger row.</param>
    /// <param name="subscriber">Its recipient.</param>
    /// <param name="render">Renders the email (only called when it is to be sent).</param>
    /// <param name="throttledUntil">Set when the send rate is used up: the delivery is deferred without trying.</param>
    /// <param name="lastAttempt">No redelivery will follow: a transient failure is final (<c>failed</c>, with its reason).</param>
    /// <param name="cancellationToken">Stops the delivery.</param>
    public async Task<DeliveryOutcome> DeliverAsync(
        DeliveryEntity delivery,
        Subscriber subscriber,
        Func<Task<EmailMessage>> render,
        DateTimeOffset? throttledUntil,
        bool lastAttempt,
        CancellationToken cancellationToken = default)
    {
        if (delivery.OperationId is { } operationId)
        {
            return await ConfirmAsync(delivery, subscriber, operationId, await email.GetStatusAsync(operationId, cancellationToken), cancellationToken);
        }

        if (throttledUntil is { } until)
        {
            return await DeferAsync(delivery, subscriber, until, "an earlier send of this run was throttled", cancellationToken);
        }

        if (delivery.HandedOverAt is { } handedOver && !email.ResendIsHarmless)
        {
            // The worker that held this claim stopped while handing this email to the mail server, before it could
            // record what the server said. SMTP cannot be asked, and the server may hold it: at most once, never resent.
            var why = $"a worker stopped while handing this email to the mail server at {handedOver:u}; it may have been delivered, not resent";
            await ledger.RecordAsync(delivery, DeliveryStatus.Uncertain, 0, why, cancellationToken);
            AlertsLog.Uncertain(logger, delivery.AlertId, subscriber.Id, why);
            return new DeliveryOutcome(DeliveryStatus.Uncertain);
        }

        var message = await render();
        var earlier = delivery.Attempts > 0 || delivery.HandedOverAt is not null
            ? await email.GetStatusAsync(message.OperationId, cancellationToken)
            : EmailOperationStatus.Unknown;
        if (!earlier.Answered)
        {
            // Whether the earlier attempt got through cannot be asked now: sending could make it twice. Try later.
            return await RecordAsync(delivery, subscriber, new EmailDeliveryResult(EmailDeliveryStatus.TransientFailure, 0, earlier.Error), lastAttempt, cancellationToken);
        }

        if (earlier.State != EmailOperationState.Unknown)
        {
            // An earlier attempt reached the service although it was recorded as failed: confirm it, do not send again.
            delivery.OperationId = message.OperationId;
            delivery.AcceptedAt = delivery.UpdatedAt;
            return await ConfirmAsync(delivery, subscriber, message.OperationId, earlier, cancellationToken);
        }

        if (delivery.Attempts > 0)
        {
            AlertsLog.Resending(logger, delivery.AlertId, subscriber.Id, delivery.Attempts);
        }

        await ledger.MarkHandedOverAsync(delivery, cancellationToken);
        return await RecordAsync(delivery, subscriber, await email.SendAsync(message, cancellationToken), lastAttempt, cancellationToken);
    }

    /// <summary>Records a send's result; returns the <see cref="DeliveryStatus"/> recorded.</summary>
    public Task<DeliveryOutcome> RecordAsync(DeliveryEntity delivery, Subscriber subscriber, EmailDeliveryResult result, CancellationToken cancellationToken = default) =>
        RecordAsync(delivery, subscriber, result, lastAttempt: false, cancellationToken);

    /// <param name="delivery">The claimed ledger row.</param>
    /// <param name="subscriber">Its recipient.</param>
    /// <param name="result">What became of the email.</param>
    /// <param name="lastAttempt">No redelivery will follow: a transient failure is final (<c>failed</c>, with its reason),
    /// without marking the address bouncing, since the address was never rejected.</param>
    /// <param name="cancellationToken">Stops the write.</param>
    public async Task<DeliveryOutcome> RecordAsync(DeliveryEntity delivery, Subscriber subscriber, EmailDeliveryResult result, bool lastAttempt, CancellationToken cancellationToken = default)
    {
        switch (result.Status)
        {
            case EmailDeliveryStatus.Sent:
                await ledger.RecordAsync(delivery, DeliveryStatus.Sent, result.Attempts, null, cancellationToken);
                AlertsLog.Sent(logger, delivery.AlertId, subscriber.Id, result.Attempts);
                return new DeliveryOutcome(DeliveryStatus.Sent);
            case EmailDeliveryStatus.Pending:
                var now = timeProvider.GetUtcNow();
                delivery.OperationId = result.OperationId;
                delivery.AcceptedAt = now;
                await ledger.RecordAsync(delivery, DeliveryStatus.Pending, result.Attempts, null, cancellationToken);
                AlertsLog.Accepted(logger, delivery.AlertId, subscriber.Id, result.OperationId);
                return new DeliveryOutcome(DeliveryStatus.Pending, now + emailOptions.Value.ConfirmDelay);
            case EmailDeliveryStatus.Throttled:
                return await DeferAsync(delivery, subscriber, result.RetryAt ?? timeProvider.GetUtcNow().AddMinutes(1), result.Error, cancellationToken);
            case EmailDeliveryStatus.PermanentFailure:
                await ledger.RecordAsync(delivery, DeliveryStatus.Failed, result.Attempts, result.Error, cancellationToken);
                await directory.MarkBouncingAsync(subscriber.Id, result.Error ?? "rejected", cancellationToken);
                AlertsLog.Rejected(logger, delivery.AlertId, subscriber.Id, result.Error);
                return new DeliveryOutcome(DeliveryStatus.Failed);
            case EmailDeliveryStatus.ConfigurationError:
                await ledger.RecordAsync(delivery, DeliveryStatus.Retrying, result.Attempts, "configuration: " + result.Error, cancellationToken);
                AlertsLog.ConfigurationError(logger, delivery.AlertId, result.Error);
                throw new AlertDeliveryException(
                    $"Email is misconfigured; no subscriber was marked bouncing. Fix the Email settings, then requeue: {result.Error}");
            case EmailDeliveryStatus.Uncertain:
                var uncertain = $"may have been delivered, not resent: {result.Error}";
                await ledger.RecordAsync(delivery, DeliveryStatus.Uncertain, result.Attempts, uncertain, cancellationToken);
                AlertsLog.Uncertain(logger, delivery.AlertId, subscriber.Id, result.Error);
                return new DeliveryOutcome(DeliveryStatus.Uncertain);
            case EmailDeliveryStatus.TransientFailure when lastAttempt:
                var reason = $"gave up: still failing transiently at the last delivery attempt: {result.Error}";
                await ledger.RecordAsync(delivery, DeliveryStatus.Failed, result.Attempts, reason, cancellationToken);
                AlertsLog.GaveUp(logger, delivery.AlertId, subscriber.Id, result.Error);
                return new DeliveryOutcome(DeliveryStatus.Failed);
            default:
                await ledger.RecordAsync(delivery, DeliveryStatus.Retrying, result.Attempts, result.Error, cancellationToken);
                AlertsLog.TransientFailure(logger, delivery.AlertId, subscriber.Id, result.Attempts, result.Error);
                return new DeliveryOutcome(DeliveryStatus.Retrying, Error: result.Error);
        }
    }

    private async Task<DeliveryOutcome> ConfirmAsync(
        DeliveryEntity delivery, Subscriber subscriber, string operationId, EmailOperationStatus status, CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        var settings = emailOptions.Value;
        switch (status.State)
        {
            case EmailOperationState.Succeeded:
                await ledger.RecordAsync(delivery, DeliveryStatus.Sent, 0, null, cancellationToken);
                AlertsLog.Confirmed(logger, delivery.AlertId, subscriber.Id, operationId);
                return new DeliveryOutcome(DeliveryStatus.Sent);
            case EmailOperationState.Failed:
                // A finished operation that did not send: the service rejected this message for this recipient.
                return await RecordAsync(delivery, subscriber, new EmailDeliveryResult(EmailDeliveryStatus.PermanentFailure, 0, status.Error), cancellationToken);
            case EmailOperationState.Running when now - (delivery.AcceptedAt ?? now) < settings.ConfirmTimeout:
                await ledger.RecordAsync(delivery, DeliveryStatus.Pending, 0, status.Error, cancellationToken);
                return new DeliveryOutcome(DeliveryStatus.Pending, now + (status.RetryAfter ?? settings.ConfirmDelay));
            default:
                // Accepted, then still running past ConfirmTimeout or forgotten by the service: it took the email, so it
                // counts as sent; the note says it was never confirmed.
                var note = status.State == EmailOperationState.Running
                    ? $"accepted at {delivery.AcceptedAt:u} (operation {operationId}), still running after {settings.ConfirmTimeout}: recorded as sent, unconfirmed"
                    : $"accepted at {delivery.AcceptedAt:u} (operation {operationId}), no longer known to the service: recorded as sent, unconfirmed";
                await ledger.RecordAsync(delivery, DeliveryStatus.Sent, 0, note, cancellationToken);
                AlertsLog.Unconfirmed(logger, delivery.AlertId, subscriber.Id, note);
                return new DeliveryOutcome(DeliveryStatus.Sent);
        }
    }

    private async Task<DeliveryOutcome> DeferAsync(
        DeliveryEntity delivery, Subscriber subscriber, DateTimeOffset until, string? reason, CancellationToken cancellationToken)
    {
        delivery.NotBefore = until;
        var note = $"deferred until {until:u}: {reason}";
        await ledger.RecordAsync(delivery, DeliveryStatus.Deferred, 0, note, cancellationToken);
        AlertsLog.Deferred(logger, delivery.AlertId, subscriber.Id, until, reason);
        return new DeliveryOutcome(DeliveryStatus.Deferred, until, note);
    }
}
