using System.Text.Json;
using NewsMonitor.Alerts;
using NewsMonitor.Storage;
using NewsMonitor.Tests.Support;

namespace NewsMonitor.Tests.Alerts;

[Collection(AlertsStorage.Name)]
public sealed class PoisonQueueTests(AzuriteFixture azurite)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    [Fact]
    public async Task ListAsync_PoisonMessages_ShowsKeywordAlertIdAndDequeueCount()
    {
        var storage = await azurite.ResetAsync();
        await using var host = new AlertsTestHost(azurite);
        await Poison(storage, "taliban|2021070910", "Taliban");
        await storage.Queue(StorageNames.AlertsPoisonQueue).SendMessageAsync("{broken");

        var messages = await host.Get<PoisonQueue>().ListAsync();

        Assert.Equal(2, messages.Count);
        Assert.Contains(messages, m => m.AlertId == "taliban|2021070910" && m.Keyword == "Taliban");
        Assert.Contains(messages, m => m.AlertId is null && m.Body == "{broken");
    }

    [Fact]
    public async Task RequeueAsync_OneById_MovesOnlyThatMessageBack()
    {
        var storage = await azurite.ResetAsync();
        await using var host = new AlertsTestHost(azurite);
        await Poison(storage, "a", "Taliban");
        await Poison(storage, "b", "Lavrov");
        var sut = host.Get<PoisonQueue>();
        var target = (await sut.ListAsync()).Single(m => m.AlertId == "b");

        Assert.Equal(1, await sut.RequeueAsync(target.MessageId));

        var requeued = Assert.Single((await storage.Queue(StorageNames.AlertsQueue).ReceiveMessagesAsync(32)).Value);
        Assert.Equal("b", JsonSerializer.Deserialize<SpikeAlert>(requeued.Body.ToString(), Json)!.AlertId);
        Assert.Equal("a", Assert.Single(await sut.ListAsync()).AlertId);
    }

    [Fact]
    public async Task RequeueAsync_All_EmptiesThePoisonQueue()
    {
        var storage = await azurite.ResetAsync();
        await using var host = new AlertsTestHost(azurite);
        await Poison(storage, "a", "Taliban");
        await Poison(storage, "b", "Lavrov");

        Assert.Equal(2, await host.Get<PoisonQueue>().RequeueAsync());

        Assert.Empty(await host.Get<PoisonQueue>().ListAsync());
        Assert.Equal(2, (await storage.Queue(StorageNames.AlertsQueue).PeekMessagesAsync(32)).Value.Length);
    }

    private static async Task Poison(NewsStorage storage, string alertId, string keyword) =>
        await storage.Queue(StorageNames.AlertsPoisonQueue).SendMessageAsync(JsonSerializer.Serialize(new SpikeAlert
        {
            AlertId = alertId,
            Keyword = keyword,
            WindowStart = DateTimeOffset.UnixEpoch,
            WindowEnd = DateTimeOffset.UnixEpoch.AddHours(1),
            Observed = 10,
            Expected = 1,
            Score = 5,
            DetectedAt = DateTimeOffset.UnixEpoch,
            Reason = "test",
        }, Json));
}
