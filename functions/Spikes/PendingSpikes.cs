using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NewsMonitor.Alerts;
using NewsMonitor.Storage;

namespace NewsMonitor.Spikes;

/// <summary>
/// Finishes <c>Spikes</c> rows left <see cref="SpikeRecord.PendingState"/>: the detector that inserted the row stopped
/// before its alert message was on the queue (a crash, the queue service down). The detector calls
/// <see cref="TakeOverIfAbandonedAsync"/> when it meets such a row; <see cref="FinishAbandonedAsync"/> sweeps the whole
/// table, because a spike whose keyword is never checked again would otherwise stay pending forever
/// (<c>newsmon run</c> every cycle, the <c>FinishPendingSpikes</c> timer in Azure).
/// </summary>
internal sealed class PendingSpikes(
    NewsStorage storage,
    IOptions<SpikesOptions> options,
    TimeProvider timeProvider,
    ILogger<PendingSpikes> logger)
{
    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);

    /// <summary>
    /// Sends every alert pending longer than <see cref="SpikesOptions.PendingTakeoverAfter"/>. Cost: one query over
    /// <c>Spikes</c> filtered on <c>State</c> (one row per alert ever raised, so small), plus one claim, one enqueue and
    /// one update per abandoned row.
    /// </summary>
    /// <returns>The alerts this call enqueued.</returns>
    public async Task<IReadOnlyList<SpikeAlert>> FinishAbandonedAsync(CancellationToken cancellationToken = default)
    {
        var table = storage.Table(StorageNames.SpikesTable);
        var now = timeProvider.GetUtcNow();
        var before = now - options.Value.PendingTakeoverAfter;
        var filter = TableClient.CreateQueryFilter($"State eq {SpikeRecord.PendingState} and ClaimedAt le {before}");
        var pending = new List<(string PartitionKey, string RowKey)>();
        await foreach (var row in table.QueryAsync<SpikeRecord>(filter, select: ["PartitionKey", "RowKey"], cancellationToken: cancellationToken))
        {
            pending.Add((row.PartitionKey, row.RowKey));
        }

        var alerts = new List<SpikeAlert>();
        foreach (var (partitionKey, rowKey) in pending)
        {
            if (await TakeOverIfAbandonedAsync(partitionKey, rowKey, now, cancellationToken) is { } alert)
            {
                alerts.Add(alert);
            }
        }

        return alerts;
    }

    /// <summary>
    /// Finishes an alert whose inserter stopped between the insert and the enqueue: after
    /// <see cref="SpikesOptions.PendingTakeoverAfter"/>, one caller claims the row (If-Match) and sends its stored message.
    /// </summary>
    /// <returns>The alert sent, or null when the row is not abandoned or someone else claimed it first.</returns>
    public async Task<SpikeAlert?> TakeOverIfAbandonedAsync(
        string partitionKey,
        string rowKey,
        DateTimeOffset now,
        CancellationToken cancellationToken = default)
    {
        var table = storage.Table(StorageNames.SpikesTable);
        var existing = (await table.GetEntityAsync<SpikeRecord>(partitionKey, rowKey, cancellationToken: cancellationToken)).Value;
        if (existing.State != SpikeRecord.PendingState || now - existing.ClaimedAt < options.Value.PendingTakeoverAfter)
        {
            return null;
        }

        var claimedAt = existing.ClaimedAt;
        existing.ClaimedAt = now;
        Response claimed;
        try
        {
            claimed = await table.UpdateEntityAsync(existing, existing.ETag, TableUpdateMode.Merge, cancellationToken);
        }
        catch (RequestFailedException exception) when (exception.Status == 412)
        {
            return null;
        }

        SpikesLog.PendingAlertTakenOver(logger, existing.AlertId, claimedAt);
        await storage.Queue(StorageNames.AlertsQueue).SendMessageAsync(existing.Message, cancellationToken);
        existing.State = SpikeRecord.EnqueuedState;
        await table.UpdateEntityAsync(existing, claimed.Headers.ETag ?? ETag.All, TableUpdateMode.Merge, cancellationToken);
        return JsonSerializer.Deserialize<SpikeAlert>(existing.Message, JsonOptions);
    }
}
