using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace NewsMonitor.Feeds.Fetching;

/// <summary>When a failing feed is tried again: exponential in its consecutive failures, capped, with jitter.</summary>
internal static class FeedBackoff
{
    /// <summary>
    /// base × 2^(failures−1), ±20% jitter, capped at <paramref name="max"/>. The jitter is derived from the feed id and
    /// the failure count rather than a random source: it still spreads feeds that failed together (one outage) over
    /// time, and the same inputs give the same schedule, which keeps runs reproducible.
    /// </summary>
    public static TimeSpan Delay(string feedId, int consecutiveFailures, TimeSpan baseDelay, TimeSpan max)
    {
        ArgumentNullException.ThrowIfNull(feedId);
        if (consecutiveFailures <= 0)
        {
            return TimeSpan.Zero;
        }

        var exponent = Math.Min(consecutiveFailures - 1, 30);
        var raw = baseDelay.TotalMilliseconds * Math.Pow(2, exponent);
        var seed = BinaryPrimitives.ReadUInt32LittleEndian(SHA256.HashData(Encoding.UTF8.GetBytes($"{feedId}/{consecutiveFailures}")));
        var jitter = 0.8 + (0.4 * (seed / (double)uint.MaxValue));
        return TimeSpan.FromMilliseconds(Math.Min(raw * jitter, max.TotalMilliseconds));
    }
}
