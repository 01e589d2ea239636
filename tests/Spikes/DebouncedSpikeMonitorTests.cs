using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Moq;
using NewsMonitor.Alerts;
using NewsMonitor.Spikes;

namespace NewsMonitor.Tests.Spikes;

public sealed class DebouncedSpikeMonitorTests
{
    private static readonly DateTimeOffset Bucket = new(2026, 3, 12, 6, 0, 0, TimeSpan.Zero);

    private readonly Mock<ISpikeMonitor> _inner = new();
    private readonly List<(string Keyword, DateTimeOffset Bucket)> _checks = [];
    private readonly FakeTimeProvider _clock = new(Bucket.AddMinutes(10));

    public DebouncedSpikeMonitorTests() =>
        _inner.Setup(m => m.CheckAsync(It.IsAny<IReadOnlyCollection<string>>(), It.IsAny<DateTimeOffset>(), It.IsAny<CancellationToken>()))
            .Callback<IReadOnlyCollection<string>, DateTimeOffset, CancellationToken>((names, bucket, _) => _checks.AddRange(names.Select(n => (n, bucket))))
            .ReturnsAsync([]);

    private DebouncedSpikeMonitor CreateSut(TimeSpan? interval = null) =>
        new(_inner.Object, Options.Create(new SpikesOptions { CheckInterval = interval ?? TimeSpan.FromMinutes(1) }), _clock);

    [Fact]
    public async Task CheckAsync_BurstOfArticlesWithinTheInterval_FirstCheckedAtOnceTheRestOnceAtTheFlush()
    {
        var sut = CreateSut();

        for (var i = 0; i < 500; i++)
        {
            await sut.CheckAsync(["Taliban"], Bucket.AddMinutes(i % 10));
        }

        Assert.Equal([("Taliban", Bucket)], _checks);
        Assert.Equal(1, sut.Owed);
        await sut.FlushAsync();
        Assert.Equal([("Taliban", Bucket), ("Taliban", Bucket)], _checks);
        Assert.Equal(0, sut.Owed);
        await sut.FlushAsync();
        Assert.Equal(2, _checks.Count);
    }

    [Fact]
    public async Task CheckAsync_IntervalPassed_OwedChecksRunWithTheNextCallOfAnyKeyword()
    {
        var sut = CreateSut();
        await sut.CheckAsync(["Taliban"], Bucket);
        await sut.CheckAsync(["Taliban"], Bucket);
        _clock.Advance(TimeSpan.FromSeconds(61));

        await sut.CheckAsync(["Kabul"], Bucket);

        Assert.Equal([("Taliban", Bucket), ("Kabul", Bucket), ("Taliban", Bucket)], _checks);
    }

    [Fact]
    public async Task CheckAsync_NewerBucket_CheckedAtOnceOlderOneOwed()
    {
        _clock.SetUtcNow(Bucket.AddHours(1).AddMinutes(5));
        var sut = CreateSut();
        await sut.CheckAsync(["Taliban"], Bucket);

        await sut.CheckAsync(["taliban"], Bucket.AddHours(1).AddMinutes(1));
        await sut.CheckAsync(["Taliban"], Bucket.AddMinutes(30));

        Assert.Equal([("Taliban", Bucket), ("taliban", Bucket.AddHours(1))], _checks);
        await sut.FlushAsync();
        Assert.Equal(("Taliban", Bucket), _checks[^1]);
    }

    [Fact]
    public async Task CheckAsync_ZeroInterval_EveryArticleChecked()
    {
        var sut = CreateSut(TimeSpan.Zero);

        for (var i = 0; i < 5; i++)
        {
            await sut.CheckAsync(["Taliban"], Bucket);
        }

        Assert.Equal(5, _checks.Count);
    }

    [Fact]
    public async Task FlushAsync_CheckFails_StaysOwedAndRunsNextTime()
    {
        var sut = CreateSut();
        await sut.CheckAsync(["Taliban"], Bucket);
        await sut.CheckAsync(["Taliban"], Bucket);
        _inner.Setup(m => m.CheckAsync(It.IsAny<IReadOnlyCollection<string>>(), It.IsAny<DateTimeOffset>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new InvalidOperationException("storage down"));

        await Assert.ThrowsAsync<InvalidOperationException>(() => sut.FlushAsync());

        Assert.Equal(1, sut.Owed);
        _inner.Setup(m => m.CheckAsync(It.IsAny<IReadOnlyCollection<string>>(), It.IsAny<DateTimeOffset>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync([new SpikeAlert
            {
                AlertId = "taliban-2026031206", Keyword = "Taliban", WindowStart = Bucket, WindowEnd = Bucket.AddHours(1),
                Observed = 12, Expected = 1, Score = 5, DetectedAt = Bucket, Reason = "12 articles in the last hour",
            }]);
        Assert.Single(await sut.FlushAsync());
        Assert.Equal(0, sut.Owed);
    }
}
