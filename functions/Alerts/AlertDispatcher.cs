using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NewsMonitor.Alerts.Email;
using NewsMonitor.Alerts.Rendering;
using NewsMonitor.Subscriptions;

namespace NewsMonitor.Alerts;

/// <summary>What one dispatch did, per outcome (the ledger holds the per-subscriber detail).</summary>
internal sealed record DispatchSummary(int Subscribers, int Sent, int AlreadyDone, int Skipped, int Failed, int Retrying)
{
    /// <summary>Accepted by the transport, outcome not known yet (ACS).</summary>
    public int Pending { get; init; }

    /// <summary>Not sent yet: the send rate was used up.</summary>
    public int Deferred { get; init; }

    /// <summary>The mail server may have accepted it (the connection failed after the whole message): not resent.</summary>
    public int Uncertain { get; init; }

    /// <summary>When the alert was queued again to send the deferred and confirm the pending; null when nothing is left.</summary>
    public DateTimeOffset? ContinueAt { get; init; }
}

/// <summary>
/// The alerts stage: one alert → one email per confirmed instant subscriber of its keyword (daily subscribers get it
/// in their digest instead, see <see cref="Digest.DigestDispatcher"/>). Each recipient is claimed in the
/// <c>Deliveries</c> ledger before sending and recorded after, so a redelivered queue message sends only to those
/// not yet sent. A permanent rejection is recorded and marks the subscriber bouncing while the others still get
/// theirs; transient failures are retried in-process, then recorded, and the dispatch throws so the queue retries.
/// When the send rate is used up the remaining recipients are deferred, and when ACS accepted emails whose outcome is
/// not known yet they are pending: either way the alert is queued again for later (<see cref="AlertQueue"/>) and this
/// invocation succeeds, so waiting never uses up the message's dequeues. On the message's last dequeue a transient
/// failure is recorded <c>failed</c> ("gave up: …"); when only claims held by other workers are left, the thrown
/// <see cref="AlertDeliveryException.RetryAfter"/> says when the last of them expires.
/// </summary>
internal sealed class AlertDispatcher(
    ISubscriberDirectory directory,
    DeliveryLedger ledger,
    AlertContentLoader contentLoader,
    AlertEmailRenderer renderer,
    DeliveryRecorder recorder,
    AlertQueue queue,
    IOptions<AlertsOptions> options,
    TimeProvider timeProvider,
    ILogger<AlertDispatcher> logger)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>The queue message as it arrives. Unreadable JSON throws: after five tries it waits in alerts-poison.</summary>
    public Task<DispatchSummary> DispatchAsync(string message, CancellationToken cancellationToken = default) =>
        DispatchAsync(message, lastAttempt: false, cancellationToken);

    /// <param name="message">The queue message.</param>
    /// <param name="lastAttempt">The queue will not deliver the message again: a transient failure is recorded as
    /// <c>failed</c> with its reason, since no later attempt would change the ledger.</param>
    /// <param name="cancellationToken">Stops the dispatch.</param>
    public Task<DispatchSummary> DispatchAsync(string message, bool lastAttempt, CancellationToken cancellationToken = default)
    {
        var alert = JsonSerializer.Deserialize<SpikeAlert>(message, Json)
            ?? throw new JsonException("The alerts message is empty.");
        return DispatchAsync(alert, lastAttempt, cancellationToken);
    }

    public Task<DispatchSummary> DispatchAsync(SpikeAlert alert, CancellationToken cancellationToken = default) =>
        DispatchAsync(alert, lastAttempt: false, cancellationToken);

    public async Task<DispatchSummary> DispatchAsync(SpikeAlert alert, bool lastAttempt, CancellationToken cancellationToken = default)
    {
        var subscribers = (await directory.GetConfirmedSubscribersAsync(alert.Keyword, cancellationToken))
            .Where(subscriber => subscriber.Frequency != SubscriberFrequency.Daily)
            .ToList();
        AlertsLog.Dispatching(logger, alert.AlertId, alert.Keyword, subscribers.Count);
        AlertContent? content = null;
        int sent = 0, done = 0, skipped = 0, failed = 0, retrying = 0, busy = 0, pending = 0, deferred = 0, uncertain = 0;
        DateTimeOffset? throttledUntil = null;
        DateTimeOffset? continueAt = null;
        DateTimeOffset? busyUntil = null;
        foreach (var subscriber in subscribers)
        {
            var claim = await ledger.TryClaimAsync(alert, subscriber.Id, cancellationToken);
            if (claim.Outcome == ClaimOutcome.AlreadyDone)
            {
                done++;
                continue;
            }

            if (claim.Outcome == ClaimOutcome.Busy)
            {
                AlertsLog.Busy(logger, alert.AlertId, subscriber.Id);
                busy++;
                var expires = claim.Entity!.ClaimedAt + options.Value.ClaimTimeout;
                busyUntil = busyUntil is { } latest && latest > expires ? latest : expires;
                continue;
            }

            var delivery = claim.Entity!;
            try
            {
                // An accepted email is confirmed whatever the subscriber's state now: it may already be in their inbox.
                if (delivery.OperationId is null && await SkipReasonAsync(alert, subscriber, cancellationToken) is { } reason)
                {
                    await ledger.RecordAsync(delivery, DeliveryStatus.Skipped, 0, reason, cancellationToken);
                    AlertsLog.Skipped(logger, alert.AlertId, subscriber.Id, reason);
                    skipped++;
                    continue;
                }

                var wasAccepted = delivery.OperationId is not null;
                var outcome = await recorder.DeliverAsync(
                    delivery,
                    subscriber,
                    async () => renderer.Render(content ??= await contentLoader.LoadAsync(alert, cancellationToken), subscriber),
                    throttledUntil,
                    lastAttempt,
                    cancellationToken);
                if (outcome.Status is DeliveryStatus.Sent or DeliveryStatus.Pending && !wasAccepted)
                {
                    // Cooldown from the moment the service took the email, not from its confirmation.
                    await ledger.RecordSentAsync(alert.Keyword, subscriber.Id, alert.AlertId, cancellationToken);
                }

                switch (outcome.Status)
                {
                    case DeliveryStatus.Sent:
                        sent++;
                        break;
                    case DeliveryStatus.Pending:
                        pending++;
                        break;
                    case DeliveryStatus.Deferred:
                        deferred++;
                        throttledUntil ??= outcome.ContinueAt;
                        break;
                    case DeliveryStatus.Failed:
                        failed++;
                        break;
                    case DeliveryStatus.Uncertain:
                        uncertain++;
                        break;
                    default:
                        retrying++;
                        break;
                }

                if (outcome.ContinueAt is { } at && (continueAt is null || at < continueAt))
                {
                    continueAt = at;
                }
            }
            catch (AlertDeliveryException)
            {
                // Configuration error: already recorded on the delivery; fail the invocation loudly.
                throw;
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                // Release the claim at once (instead of after ClaimTimeout) so the queue's retry, or a requeue from
                // alerts-poison once the cause is fixed, can send it; rethrow.
                await ledger.RecordAsync(delivery, DeliveryStatus.Retrying, 0, exception.Message, CancellationToken.None);
                throw;
            }
        }

        if (retrying == 0 && busyUntil is { } claimsExpire)
        {
            // Only claims held elsewhere (a live worker, or one that died mid-send): come back once they expire, as a
            // delayed continuation. Throwing instead would let the host redeliver within seconds, find them busy
            // again and burn the message's dequeues into alerts-poison.
            var retryAt = claimsExpire + TimeSpan.FromSeconds(1);
            continueAt = continueAt is { } earlier && earlier < retryAt ? earlier : retryAt;
        }

        if (continueAt is { } next)
        {
            // Retrying and busy deliveries are not final either: the continuation takes them up with the rest.
            await queue.ScheduleAsync(alert, next, cancellationToken);
            AlertsLog.Continuing(logger, alert.AlertId, deferred, pending, next);
            return new DispatchSummary(subscribers.Count, sent, done, skipped, failed, retrying)
            {
                Pending = pending,
                Deferred = deferred,
                Uncertain = uncertain,
                ContinueAt = next,
            };
        }

        if (retrying + busy > 0)
        {
            // Only busy claims: retrying before the holder's claim expires would find it busy again.
            var retryAfter = retrying == 0 && busyUntil is { } until ? until - timeProvider.GetUtcNow() + TimeSpan.FromSeconds(1) : (TimeSpan?)null;
            throw new AlertDeliveryException(
                $"Alert {alert.AlertId}: {retrying} deliveries failed transiently and {busy} are in progress elsewhere; " +
                "the queue will redeliver and only those still owed an email will be sent.")
            {
                RetryAfter = retryAfter is { } delay && delay > TimeSpan.Zero ? delay : null,
            };
        }

        return new DispatchSummary(subscribers.Count, sent, done, skipped, failed, retrying) { Uncertain = uncertain };
    }

    private async Task<string?> SkipReasonAsync(SpikeAlert alert, Subscriber subscriber, CancellationToken cancellationToken)
    {
        if (subscriber.Bouncing)
        {
            return "the address is marked bouncing (an earlier email was rejected)";
        }

        var cooldown = options.Value.SubscriberCooldown;
        var last = await ledger.GetLastSentAsync(alert.Keyword, subscriber.Id, cancellationToken);
        return last is not null && last.LastAlertId != alert.AlertId && timeProvider.GetUtcNow() - last.LastSentAt < cooldown
            ? $"cooldown: an alert for this keyword went out at {last.LastSentAt:u} (cooldown {cooldown})"
            : null;
    }
}
