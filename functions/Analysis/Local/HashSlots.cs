using System.Numerics;
using System.Runtime.CompilerServices;

namespace NewsMonitor.Analysis.Local;

/// <summary>
/// A frozen open-addressing table from a 64-bit hash to a small value, probed linearly. The word classes and the
/// entity tagger's weights are looked up by hashes that are already well mixed (FNV-1a words, splitmix features),
/// so the hash's low bits pick the slot directly: usually one probe and no string kept, against a
/// <see cref="Dictionary{TKey, TValue}"/>'s bucket-then-entry hops and per-entry overhead. The tagger looks up about
/// 90 features per scored token, so this is its hot loop. A struct, so that the owner's field holds the arrays
/// directly and a lookup makes no extra hop through a table object. Immutable after construction, so one instance
/// serves every thread.
/// </summary>
/// <remarks>
/// A key of 0 marks an empty slot, so 0 is no real key; the callers' hashes are 64-bit and well mixed, so 0 does not
/// occur in practice. Lookups do not test for it (no extra branch in the hot loop): a lookup of 0 ends at the first
/// empty slot from slot 0 and reports that slot's value as found, the default unless an entry with hash 0 was added.
/// Adding the same hash twice keeps the last value, in one slot.
/// </remarks>
internal readonly struct HashSlots<TValue>
    where TValue : struct
{
    private const int MinimumCapacity = 16;

    private readonly ulong[] _keys;
    private readonly TValue[] _values;
    private readonly int _mask;

    /// <summary>Builds the table. <paramref name="minimumSlots"/> is rounded up to a power of two (at least 16):
    /// each caller picks its own load, as more empty slots shorten the probes of misses but cost memory.</summary>
    /// <exception cref="ArgumentException">The entries leave no slot empty: a lookup of a missing hash would never
    /// end.</exception>
    public HashSlots(int minimumSlots, IEnumerable<(ulong Hash, TValue Value)> entries)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(minimumSlots);
        var capacity = (int)BitOperations.RoundUpToPowerOf2((uint)Math.Max(MinimumCapacity, minimumSlots));
        _keys = new ulong[capacity];
        _values = new TValue[capacity];
        _mask = capacity - 1;
        var filled = 0;
        foreach (var (hash, value) in entries)
        {
            var slot = (int)hash & _mask;
            while (_keys[slot] != 0 && _keys[slot] != hash)
            {
                slot = (slot + 1) & _mask;
            }

            if (_keys[slot] == 0 && hash != 0 && ++filled == capacity)
            {
                throw new ArgumentException($"More distinct hashes than {capacity - 1} for {capacity} slots.", nameof(minimumSlots));
            }

            _keys[slot] = hash;
            _values[slot] = value;
        }
    }

    /// <summary>Number of slots (a power of two).</summary>
    public int Capacity => _keys.Length;

    /// <summary>Bytes held by the keys and values, for the callers' memory reports.</summary>
    public long Bytes => (_keys.Length * (long)sizeof(ulong)) + (_values.Length * (long)Unsafe.SizeOf<TValue>());

    /// <summary>The value stored for <paramref name="hash"/>, if any (see the remarks for hash 0).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryGet(ulong hash, out TValue value)
    {
        var keys = _keys;
        var slot = (int)hash & _mask;
        while (true)
        {
            var key = keys[slot];
            if (key == hash)
            {
                value = _values[slot];
                return true;
            }

            if (key == 0)
            {
                value = default;
                return false;
            }

            slot = (slot + 1) & _mask;
        }
    }
}
