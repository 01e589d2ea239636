using System.Text.Json;
using Azure.Storage.Queues;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using NewsMonitor.Alerts;
using NewsMonitor.Spikes;
using NewsMonitor.Storage;
using NewsMonitor.Tests.Support;

namespace NewsMonitor.Tests.Spikes;

/// <summary>
/// A <c>Spikes</c> row left pending (inserted, message never enqueued: the queue service was down) must be finished
/// by the sweep even when no article mentions the keyword again.
/// </summary>
public sealed class PendingSpikesTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private static readonly DateTimeOffset Detected = new(2026, 3, 12, 6, 40, 0, TimeSpan.Zero);
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private static PendingSpikes CreateSut(NewsStorage storage, TimeProvider time) =>
        new(storage, Options.Create(new SpikesOptions()), time, NullLogger<PendingSpikes>.Instance);

    /// <summary>What a detector leaves when it stops between the insert and the enqueue.</summary>
    private static async Task<SpikeRecord> InsertPendingAsync(NewsStorage storage, string keywordKey, DateTimeOffset claimedAt)
    {
        var alert = new SpikeAlert
        {
            AlertId = $"{keywordKey}-2026031206",
            Keyword = keywordKey,
            WindowStart = claimedAt.AddMinutes(-40),
            WindowEnd = claimedAt.AddMinutes(20),
            Observed = 12,
            Expected = 1.2,
            Score = 6,
            DetectedAt = claimedAt,
            Reason = "12 articles in the last hour",
        };
        var record = new SpikeRecord
        {
            PartitionKey = keywordKey,
            RowKey = SpikeRecord.EpisodeRowKey(new DateTimeOffset(2026, 3, 12, 6, 0, 0, TimeSpan.Zero), 1),
            Keyword = keywordKey,
            AlertId = alert.AlertId,
            Level = 1,
            DetectedAt = claimedAt,
            ClaimedAt = claimedAt,
            Message = JsonSerializer.Serialize(alert, Json),
        };
        await storage.Table(StorageNames.SpikesTable).AddEntityAsync(record);
        return record;
    }

    private static async Task<List<string>> QueuedAlertIdsAsync(NewsStorage storage) =>
        [.. (await storage.Queue(StorageNames.AlertsQueue).PeekMessagesAsync(32)).Value
            .Select(message => JsonSerializer.Deserialize<SpikeAlert>(message.MessageText, Json)!.AlertId)];

    [Fact]
    public async Task FinishAbandonedAsync_QueueDownWhenRaisedAndNoFurtherArticles_EnqueuesItOnceAfterTheTakeoverDelay()
    {
        var storage = await azurite.ResetAsync();
        var clock = new FakeTimeProvider(Detected);
        var record = await InsertPendingAsync(storage, "taliban", Detected);
        await InsertPendingAsync(storage, "olympics", Detected.AddMinutes(5));

        Assert.Empty(await CreateSut(storage, clock).FinishAbandonedAsync());
        clock.Advance(new SpikesOptions().PendingTakeoverAfter);
        var finished = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => CreateSut(azurite.CreateStorage(), clock).FinishAbandonedAsync()));

        Assert.Equal(record.AlertId, Assert.Single(finished.SelectMany(alerts => alerts)).AlertId);
        Assert.Equal([record.AlertId], await QueuedAlertIdsAsync(storage));
        var rows = storage.Table(StorageNames.SpikesTable);
        Assert.Equal(SpikeRecord.EnqueuedState, (await rows.GetEntityAsync<SpikeRecord>("taliban", record.RowKey)).Value.State);
        Assert.Equal(SpikeRecord.PendingState, (await rows.GetEntityAsync<SpikeRecord>("olympics", record.RowKey)).Value.State);
    }

    [Fact]
    public async Task FinishAbandonedAsync_QueueStillDown_RowStaysPendingForTheNextSweep()
    {
        var storage = await azurite.ResetAsync();
        var clock = new FakeTimeProvider(Detected.AddHours(1));
        var record = await InsertPendingAsync(storage, "taliban", Detected);

        await Assert.ThrowsAnyAsync<Azure.RequestFailedException>(() => CreateSut(new QueuelessStorage(storage), clock).FinishAbandonedAsync());
        clock.Advance(new SpikesOptions().PendingTakeoverAfter);
        var alert = Assert.Single(await CreateSut(storage, clock).FinishAbandonedAsync());

        Assert.Equal(record.AlertId, alert.AlertId);
        Assert.Equal([record.AlertId], await QueuedAlertIdsAsync(storage));
        Assert.Equal(SpikeRecord.EnqueuedState, (await storage.Table(StorageNames.SpikesTable).GetEntityAsync<SpikeRecord>("taliban", record.RowKey)).Value.State);
    }

    /// <summary>Storage whose alerts queue does not exist: every send fails, as with the queue service down.</summary>
    private sealed class QueuelessStorage(NewsStorage inner) : NewsStorage(inner.Blobs, inner.Queues, inner.Tables)
    {
        public override QueueClient Queue(string name) => base.Queue("missing-" + name);
    }
}
