using Azure;
using Microsoft.Extensions.Caching.Memory;

namespace NewsMonitor.Storage;

/// <summary>
/// What this instance last wrote to (or read from) some table rows, with the ETag the service gave that version; at
/// most <c>capacity</c> units (a row counts the size its caller gives, 1 by default), the least recently used
/// forgotten first. A read-modify-write of a row it remembers can write straight away with If-Match: one request
/// instead of a read and a write. The memory is only ever a guess: when another writer changed the row since, the
/// write fails (412) and the caller reads the row as it would have without it, so a stale or forgotten row costs a
/// request, never a lost update.
/// </summary>
/// <typeparam name="T">The caller's parsed form of the row.</typeparam>
internal sealed class RowVersions<T> : IDisposable
    where T : class
{
    // Rows share this many locks (by hash): a lock per row would be a table of locks as big as the rows.
    private const int Turns = 64;

    // MemoryCache gives the bounded, least-recently-used eviction; SizeLimit counts the sizes the callers give.
    private readonly MemoryCache _rows;

    private readonly SemaphoreSlim[] _turns = [.. Enumerable.Range(0, Turns).Select(_ => new SemaphoreSlim(1, 1))];

    public RowVersions(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        _rows = new MemoryCache(new MemoryCacheOptions { SizeLimit = capacity });
    }

    /// <summary>The version of the row this instance last saw, if it still remembers one.</summary>
    public RowVersion<T>? Find(string partitionKey, string rowKey) =>
        _rows.TryGetValue((partitionKey, rowKey), out var version) ? (RowVersion<T>?)version : null;

    /// <summary>
    /// Remembers <paramref name="value"/> as the row's content at <paramref name="etag"/> (just written or read);
    /// <paramref name="size"/> is what it counts against the capacity (the caller's measure of its memory). Without an
    /// ETag (a response that carried none) the version cannot be written over, so the row is forgotten instead.
    /// </summary>
    public void Remember(string partitionKey, string rowKey, ETag? etag, T value, int size = 1)
    {
        if (etag is { } version)
        {
            _rows.Set((partitionKey, rowKey), new RowVersion<T>(version, value), new MemoryCacheEntryOptions { Size = Math.Max(1, size) });
        }
        else
        {
            Forget(partitionKey, rowKey);
        }
    }

    /// <summary>Forgets the row (its remembered version turned out stale and the caller has nothing newer).</summary>
    public void Forget(string partitionKey, string rowKey) => _rows.Remove((partitionKey, rowKey));

    /// <summary>
    /// Waits until no other caller of this instance is writing the row (nor a row sharing its lock), and holds that
    /// until the result is disposed: writers in one process then take turns on a busy row, each writing over the
    /// version the one before remembered, instead of racing and losing a request to every 412. The lock is not held
    /// across processes; other writers are what If-Match is for.
    /// </summary>
    public async Task<IDisposable> TakeTurnAsync(string partitionKey, string rowKey, CancellationToken cancellationToken)
    {
        var turn = _turns[(uint)HashCode.Combine(partitionKey, rowKey) % Turns];
        await turn.WaitAsync(cancellationToken);
        return new Turn(turn);
    }

    public void Dispose()
    {
        _rows.Dispose();
        foreach (var turn in _turns)
        {
            turn.Dispose();
        }
    }

    private sealed class Turn(SemaphoreSlim turn) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                turn.Release();
            }
        }
    }
}

/// <summary>A row's content as of <paramref name="ETag"/>.</summary>
internal sealed record RowVersion<T>(ETag ETag, T Value);
