using System.IO.Hashing;
using System.Text;

namespace NewsMonitor.Storage;

/// <summary>
/// Spreads table keys over a fixed number of partitions by a hash that every process and version computes alike
/// (XxHash32 of the key's UTF-8; <see cref="string.GetHashCode()"/> differs per process): stored rows' keys depend on
/// it, so it must never change. Used for the backlog's partitions and the <c>Mentions</c> shards.
/// </summary>
internal static class StableHash
{
    /// <summary>The bucket of <paramref name="key"/> among <paramref name="buckets"/> (0 to buckets − 1).</summary>
    public static uint Bucket(string key, int buckets)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(buckets);
        return XxHash32.HashToUInt32(Encoding.UTF8.GetBytes(key)) % (uint)buckets;
    }
}
