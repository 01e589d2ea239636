using System.Net;
using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;
using NewsMonitor.Analysis;
using NewsMonitor.Storage;

namespace NewsMonitor.Alerts;

internal static class DeliveryStatus
{
    /// <summary>Claimed by a worker that is sending it now.</summary>
    public const string Sending = "sending";

    public const string Sent = "sent";

    /// <summary>Rejected for good (e.g. SMTP 550); never retried.</summary>
    public const string Failed = "failed";

    /// <summary>Failed transiently after the in-process retries; the next delivery of the queue message sends it.</summary>
    public const string Retrying = "retrying";

    /// <summary>Deliberately not sent (cooldown, bouncing address), with the reason.</summary>
    public const string Skipped = "skipped";

    /// <summary>Accepted by the transport (ACS 202, <see cref="DeliveryEntity.OperationId"/>); its outcome is checked later, never sent again.</summary>
    public const string Pending = "pending";

    /// <summary>Not sent yet because the send rate is used up; the alert is queued again for <see cref="DeliveryEntity.NotBefore"/>.</summary>
    public const string Deferred = "deferred";

    /// <summary>
    /// The mail server may or may not have accepted it (the connection failed after the whole message was sent): never
    /// resent, so it arrives at most once (README, "Delivery guarantees"); the reason says what happened.
    /// </summary>
    public const string Uncertain = "uncertain";

    public static bool IsFinal(string status) => status is Sent or Failed or Skipped or Uncertain;
}

/// <summary>A row of the <c>Deliveries</c> table: PK alert id, RK subscriber id.</summary>
internal sealed class DeliveryEntity : ITableEntity
{
    public string PartitionKey { get; set; } = string.Empty;

    public string RowKey { get; set; } = string.Empty;

    public DateTimeOffset? Timestamp { get; set; }

    public ETag ETag { get; set; }

    public string AlertId { get; set; } = string.Empty;

    public string Keyword { get; set; } = string.Empty;

    public string Status { get; set; } = DeliveryStatus.Sending;

    public int Attempts { get; set; }

    public string? LastError { get; set; }

    public DateTimeOffset ClaimedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public DateTimeOffset? SentAt { get; set; }

    /// <summary>The transport's operation id once it accepted the email (ACS); a later run confirms it instead of resending.</summary>
    public string? OperationId { get; set; }

    public DateTimeOffset? AcceptedAt { get; set; }

    /// <summary>
    /// Set (with the claim's ETag) just before the email is handed to the transport, cleared when the outcome is
    /// recorded: a claim taken over with this set belonged to a worker that stopped mid-send (docs/invariants.md).
    /// </summary>
    public DateTimeOffset? HandedOverAt { get; set; }

    /// <summary>A deferred delivery's earliest next try (the send rate's next free slot).</summary>
    public DateTimeOffset? NotBefore { get; set; }
}

/// <summary>The row remembering a subscriber's last alert for a keyword (cooldown): PK <c>cooldown|{keywordKey}</c>.</summary>
internal sealed class CooldownEntity : ITableEntity
{
    public string PartitionKey { get; set; } = string.Empty;

    public string RowKey { get; set; } = string.Empty;

    public DateTimeOffset? Timestamp { get; set; }

    public ETag ETag { get; set; }

    public string LastAlertId { get; set; } = string.Empty;

    public DateTimeOffset LastSentAt { get; set; }
}

internal enum ClaimOutcome
{
    /// <summary>This worker owns the delivery now and must send it and record the result.</summary>
    Claimed,

    /// <summary>Already sent, failed for good, or skipped: nothing to do.</summary>
    AlreadyDone,

    /// <summary>Another worker claimed it recently; the queue will redeliver and look again.</summary>
    Busy,
}

internal sealed record DeliveryClaim(ClaimOutcome Outcome, DeliveryEntity? Entity);

/// <summary>
/// The <c>Deliveries</c> ledger: one row per (alert, subscriber), claimed by a conditional insert before sending, so
/// an email goes out once however often the queue message is delivered. A claim older than
/// <see cref="AlertsOptions.ClaimTimeout"/> is taken to be abandoned and may be taken over (ETag-conditional).
/// </summary>
internal class DeliveryLedger(NewsStorage storage, IOptions<AlertsOptions> options, TimeProvider timeProvider)
{
    private TableClient Table => storage.Table(StorageNames.DeliveriesTable);

    public Task<DeliveryClaim> TryClaimAsync(SpikeAlert alert, string subscriberId, CancellationToken cancellationToken = default) =>
        TryClaimAsync(alert.AlertId, alert.Keyword, subscriberId, cancellationToken);

    /// <summary>Claims the delivery of any email keyed like an alert (a daily digest uses <c>digest-{yyyy-MM-dd}</c>).</summary>
    public async Task<DeliveryClaim> TryClaimAsync(string alertId, string keyword, string subscriberId, CancellationToken cancellationToken = default)
    {
        var now = timeProvider.GetUtcNow();
        var entity = new DeliveryEntity
        {
            PartitionKey = Key(alertId),
            RowKey = subscriberId,
            AlertId = alertId,
            Keyword = keyword,
            Status = DeliveryStatus.Sending,
            ClaimedAt = now,
            UpdatedAt = now,
        };
        try
        {
            var added = await Table.AddEntityAsync(entity, cancellationToken);
            entity.ETag = added.Headers.ETag ?? ETag.All;
            return new DeliveryClaim(ClaimOutcome.Claimed, entity);
        }
        catch (RequestFailedException exception) when (exception.Status == (int)HttpStatusCode.Conflict)
        {
            // Someone recorded this delivery before: decide from what they recorded.
        }

        var existing = (await Table.GetEntityAsync<DeliveryEntity>(entity.PartitionKey, entity.RowKey, cancellationToken: cancellationToken)).Value;
        if (DeliveryStatus.IsFinal(existing.Status))
        {
            return new DeliveryClaim(ClaimOutcome.AlreadyDone, existing);
        }

        if (existing.Status == DeliveryStatus.Sending && now - existing.ClaimedAt < options.Value.ClaimTimeout)
        {
            return new DeliveryClaim(ClaimOutcome.Busy, existing);
        }

        existing.Status = DeliveryStatus.Sending;
        existing.ClaimedAt = now;
        existing.UpdatedAt = now;
        try
        {
            var updated = await Table.UpdateEntityAsync(existing, existing.ETag, TableUpdateMode.Replace, cancellationToken);
            existing.ETag = updated.Headers.ETag ?? ETag.All;
            return new DeliveryClaim(ClaimOutcome.Claimed, existing);
        }
        catch (RequestFailedException exception) when (exception.Status == (int)HttpStatusCode.PreconditionFailed)
        {
            return new DeliveryClaim(ClaimOutcome.Busy, existing);
        }
    }

    public async Task RecordAsync(DeliveryEntity claimed, string status, int attempts, string? error, CancellationToken cancellationToken = default)
    {
        var now = timeProvider.GetUtcNow();
        claimed.Status = status;
        claimed.Attempts += attempts;
        claimed.LastError = error is { Length: > 1000 } ? error[..1000] : error;
        claimed.UpdatedAt = now;
        claimed.HandedOverAt = null;
        if (status == DeliveryStatus.Sent)
        {
            claimed.SentAt = now;
        }

        // Our claim is the only writer until ClaimTimeout; the ETag check guards the rare take-over after it.
        var updated = await Table.UpdateEntityAsync(claimed, claimed.ETag, TableUpdateMode.Replace, cancellationToken);
        claimed.ETag = updated.Headers.ETag ?? ETag.All;
    }

    /// <summary>
    /// Writes down, on one's own claim (ETag-conditional), that the email is being handed to the transport now: if
    /// this worker stops before recording the outcome, whoever takes the claim over knows a send may have happened.
    /// </summary>
    public async Task MarkHandedOverAsync(DeliveryEntity claimed, CancellationToken cancellationToken = default)
    {
        var now = timeProvider.GetUtcNow();
        claimed.HandedOverAt = now;
        claimed.UpdatedAt = now;
        var updated = await Table.UpdateEntityAsync(claimed, claimed.ETag, TableUpdateMode.Replace, cancellationToken);
        claimed.ETag = updated.Headers.ETag ?? ETag.All;
    }

    public async Task<IReadOnlyList<DeliveryEntity>> GetAsync(string alertId, CancellationToken cancellationToken = default)
    {
        var rows = new List<DeliveryEntity>();
        await foreach (var row in Table.QueryAsync<DeliveryEntity>(
            TableClient.CreateQueryFilter($"PartitionKey eq {Key(alertId)}"), cancellationToken: cancellationToken))
        {
            rows.Add(row);
        }

        return rows;
    }

    /// <summary>When this subscriber last got an alert for this keyword, and which one.</summary>
    public async Task<CooldownEntity?> GetLastSentAsync(string keyword, string subscriberId, CancellationToken cancellationToken = default)
    {
        var response = await Table.GetEntityIfExistsAsync<CooldownEntity>(CooldownKey(keyword), subscriberId, cancellationToken: cancellationToken);
        return response.HasValue ? response.Value : null;
    }

    public Task RecordSentAsync(string keyword, string subscriberId, string alertId, CancellationToken cancellationToken = default) =>
        Table.UpsertEntityAsync(
            new CooldownEntity
            {
                PartitionKey = CooldownKey(keyword),
                RowKey = subscriberId,
                LastAlertId = alertId,
                LastSentAt = timeProvider.GetUtcNow(),
            },
            TableUpdateMode.Replace,
            cancellationToken);

    /// <summary>Alert ids are key-safe by construction; this keeps a stray '/', '\', '#' or '?' from failing a write.</summary>
    public static string Key(string alertId) =>
        new(alertId.Select(c => c is '/' or '\\' or '#' or '?' || char.IsControl(c) ? '_' : c).ToArray());

    private static string CooldownKey(string keyword) => $"cooldown|{MentionKeys.KeywordKey(keyword)}";
}
