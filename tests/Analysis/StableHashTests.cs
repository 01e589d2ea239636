using NewsMonitor.Storage;

namespace NewsMonitor.Tests.Analysis;

public sealed class StableHashTests
{
    /// <summary>
    /// Stored keys depend on these buckets (the backlog's partitions, the Mentions shards): they are pinned, so a change
    /// of hash (another algorithm, UTF-16 instead of UTF-8) fails here instead of leaving rows where no run looks.
    /// </summary>
    [Theory]
    [InlineData("2021/07/09/3f2a9c.json", 64, 35u)]
    [InlineData("3f2a9c", 16, 10u)]
    [InlineData("", 16, 5u)] // XxHash32 of nothing, seed 0: 0x02CC5D05
    public void Bucket_KnownKeys_PinnedValues(string key, int buckets, uint expected) =>
        Assert.Equal(expected, StableHash.Bucket(key, buckets));

    [Fact]
    public void Bucket_NoBuckets_Refused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => StableHash.Bucket("key", 0));
}
