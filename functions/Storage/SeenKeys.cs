using System.IO.Hashing;
using System.Runtime.InteropServices;

namespace NewsMonitor.Storage;

/// <summary>
/// Table keys this instance has seen exist (written or read), in a fixed table of 64-bit hashes: a write of a row it
/// does not remember the content of can then read the row first instead of trying an insert that the service refuses
/// (409) before the read. Lossy both ways, by design: a key forgotten (its slot taken by another) or never seen costs
/// the insert it cost before, and a hash collision (1 in 2^64) a read of a row that is not there. Its memory is fixed
/// (<c>8 × slots</c> bytes) whatever the number of keys, unlike a set, so the process's memory stays flat as the
/// catalogue grows; no package offers a fixed-memory set of this kind, and it is a few lines.
/// </summary>
internal sealed class SeenKeys
{
    private readonly ulong[] _slots;

    /// <param name="slotsLog2">The table holds 2^this hashes (at most one per slot, the latest).</param>
    public SeenKeys(int slotsLog2)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(slotsLog2, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(slotsLog2, 30);
        _slots = new ulong[1 << slotsLog2];
    }

    /// <summary>Whether <paramref name="key"/> was seen and not forgotten since.</summary>
    public bool Contains(string key)
    {
        var hash = Hash(key);
        return Volatile.Read(ref _slots[Slot(hash)]) == hash;
    }

    /// <summary>Remembers <paramref name="key"/>, taking its slot from whatever key held it.</summary>
    public void Add(string key)
    {
        var hash = Hash(key);
        Volatile.Write(ref _slots[Slot(hash)], hash);
    }

    /// <summary>Forgets <paramref name="key"/> (it turned out not to exist).</summary>
    public void Remove(string key)
    {
        var hash = Hash(key);
        Interlocked.CompareExchange(ref _slots[Slot(hash)], 0, hash);
    }

    // Never 0, which marks an empty slot.
    private static ulong Hash(string key) => XxHash64.HashToUInt64(MemoryMarshal.AsBytes(key.AsSpan())) | 1;

    private int Slot(ulong hash) => (int)((hash >> 1) & (ulong)(_slots.Length - 1));
}
