using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using NewsMonitor.Alerts.Email;
using NewsMonitor.Storage;
using NewsMonitor.Tests.Support;

namespace NewsMonitor.Tests.Alerts.Email;

/// <summary>The send-rate limiter against Azurite: two instances share one budget.</summary>
[Collection(NewsMonitor.Tests.Alerts.AlertsStorage.Name)]
public sealed class EmailRateLimiterTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2021, 7, 9, 12, 0, 30, TimeSpan.Zero));
    private NewsStorage _storage = null!;

    public async Task InitializeAsync() => _storage = await azurite.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task TryAcquireAsync_TwoInstancesShareTheMinute_ThirdSendWaitsForTheNextMinute()
    {
        var first = CreateSut(perMinute: 2, perHour: 10);
        var second = CreateSut(perMinute: 2, perHour: 10);

        Assert.Null(await first.TryAcquireAsync());
        Assert.Null(await second.TryAcquireAsync());
        var retryAt = await first.TryAcquireAsync();

        Assert.Equal(new DateTimeOffset(2021, 7, 9, 12, 1, 0, TimeSpan.Zero), retryAt);
        _time.Advance(TimeSpan.FromMinutes(1));
        Assert.Null(await second.TryAcquireAsync());
    }

    [Fact]
    public async Task TryAcquireAsync_HourUsedUp_WaitsForTheNextHour()
    {
        var sut = CreateSut(perMinute: 0, perHour: 3);
        for (var i = 0; i < 3; i++)
        {
            Assert.Null(await sut.TryAcquireAsync());
        }

        Assert.Equal(new DateTimeOffset(2021, 7, 9, 13, 0, 0, TimeSpan.Zero), await sut.TryAcquireAsync());
    }

    [Fact]
    public async Task BlockUntilAsync_ServiceSaid429_OtherInstancesWaitToo()
    {
        var first = CreateSut(perMinute: 5, perHour: 10);
        var second = CreateSut(perMinute: 5, perHour: 10);
        var until = _time.GetUtcNow().AddMinutes(20);

        await first.BlockUntilAsync(until);

        Assert.Equal(until, await second.TryAcquireAsync());
    }

    [Fact]
    public async Task TryAcquireAsync_NoLimitConfigured_NeverTouchesStorage()
    {
        var sut = new EmailRateLimiter(() => throw new InvalidOperationException("storage used"), Options.Create(new EmailOptions()), _time);

        Assert.Null(await sut.TryAcquireAsync());
    }

    private EmailRateLimiter CreateSut(int perMinute, int perHour) =>
        new(() => _storage, Options.Create(new EmailOptions { MaxPerMinute = perMinute, MaxPerHour = perHour }), _time);
}
