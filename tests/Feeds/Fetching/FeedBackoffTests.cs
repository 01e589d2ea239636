using NewsMonitor.Feeds;
using NewsMonitor.Feeds.Fetching;

namespace NewsMonitor.Tests.Feeds.Fetching;

public sealed class FeedBackoffTests
{
    private static readonly TimeSpan Base = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan Max = TimeSpan.FromHours(6);

    [Fact]
    public void Delay_NoFailures_IsZero()
    {
        Assert.Equal(TimeSpan.Zero, FeedBackoff.Delay("bbc-world", 0, Base, Max));
    }

    [Theory]
    [InlineData(1, 5)]
    [InlineData(2, 10)]
    [InlineData(3, 20)]
    [InlineData(5, 80)]
    public void Delay_ConsecutiveFailures_GrowsExponentiallyWithinJitter(int failures, double expectedMinutes)
    {
        var delay = FeedBackoff.Delay("bbc-world", failures, Base, Max);

        Assert.InRange(delay.TotalMinutes, expectedMinutes * 0.8, expectedMinutes * 1.2);
    }

    [Fact]
    public void Delay_ManyFailures_IsCappedAtMax()
    {
        Assert.Equal(Max, FeedBackoff.Delay("bbc-world", 50, Base, Max));
    }

    [Fact]
    public void Delay_TwoFeedsFailingTogether_AreSpreadApart()
    {
        var delays = Enumerable.Range(0, 20).Select(i => FeedBackoff.Delay($"feed-{i}", 1, Base, Max)).Distinct().Count();

        Assert.True(delays > 10, $"only {delays} distinct delays");
    }
}
