using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using NewsMonitor.Alerts;
using NewsMonitor.Storage;
using NewsMonitor.Tests.Support;

namespace NewsMonitor.Tests.Alerts;

[Collection(AlertsStorage.Name)]
public sealed class AlertQueueTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private NewsStorage _storage = null!;

    public async Task InitializeAsync() => _storage = await azurite.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task ScheduleAsync_AnHourAhead_IsQueuedButInvisibleUntilThen()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var sut = new AlertQueue(_storage, time);
        var queue = _storage.Queue(StorageNames.AlertsQueue);

        await sut.ScheduleAsync(Alert(), time.GetUtcNow().AddHours(1));

        Assert.Equal(1, (await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount);
        Assert.Empty((await queue.ReceiveMessagesAsync(maxMessages: 32)).Value);
    }

    [Fact]
    public async Task ScheduleAsync_DueNow_IsVisibleAsTheSameAlert()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var sut = new AlertQueue(_storage, time);

        await sut.ScheduleAsync(Alert(), time.GetUtcNow().AddMinutes(-1));

        var message = Assert.Single((await _storage.Queue(StorageNames.AlertsQueue).ReceiveMessagesAsync(maxMessages: 32)).Value);
        var alert = JsonSerializer.Deserialize<SpikeAlert>(message.Body.ToString(), Json);
        Assert.Equal("taliban|2021070910", alert?.AlertId);
    }

    private static SpikeAlert Alert() => new()
    {
        AlertId = "taliban|2021070910",
        Keyword = "Taliban",
        WindowStart = new DateTimeOffset(2021, 7, 9, 10, 0, 0, TimeSpan.Zero),
        WindowEnd = new DateTimeOffset(2021, 7, 9, 11, 0, 0, TimeSpan.Zero),
        Observed = 14,
        Expected = 2.8,
        Score = 7.4,
        DetectedAt = new DateTimeOffset(2021, 7, 9, 10, 50, 0, TimeSpan.Zero),
        Reason = "14 articles in one hour against about 2.8 expected.",
    };
}
