using Microsoft.Extensions.Options;
using NewsMonitor.Alerts;
using NewsMonitor.Analysis;

namespace NewsMonitor.Spikes;

/// <summary>
/// Detects per keyword, not per article: a keyword is checked at once when its newest bucket moves on or when it was
/// not checked for <see cref="SpikesOptions.CheckInterval"/>; otherwise the check is owed and runs on the next call
/// after the interval, or on <see cref="FlushAsync"/> (the end of each <c>newsmon run</c> cycle, and the
/// <c>FinishPendingSpikes</c> timer in Azure). A burst of 500 articles about one keyword is thus a handful of
/// evaluations, and the first article of a burst is still checked on arrival. The owed checks live in this process
/// (one per Functions instance): a check never lost is the article's own, a debounced one the next call repeats.
/// </summary>
internal sealed class DebouncedSpikeMonitor(
    ISpikeMonitor inner,
    IOptions<SpikesOptions> options,
    TimeProvider timeProvider) : ISpikeMonitor
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, KeywordChecks> _keywords = new(StringComparer.Ordinal);

    /// <summary>Keywords with a check owed (for tests and progress displays).</summary>
    public int Owed
    {
        get
        {
            lock (_lock)
            {
                return _keywords.Values.Count(k => k.Owed.Count > 0);
            }
        }
    }

    public async Task<IReadOnlyList<SpikeAlert>> CheckAsync(
        IReadOnlyCollection<string> keywordNames,
        DateTimeOffset bucketTime,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(keywordNames);
        var now = timeProvider.GetUtcNow();
        var bucket = MentionKeys.BucketStart(bucketTime < now ? bucketTime : now);
        var interval = options.Value.CheckInterval;
        var due = new List<(string Name, DateTimeOffset Bucket)>();
        lock (_lock)
        {
            foreach (var name in keywordNames.Where(n => !string.IsNullOrWhiteSpace(n)).DistinctBy(MentionKeys.KeywordKey))
            {
                var key = MentionKeys.KeywordKey(name);
                if (!_keywords.TryGetValue(key, out var checks))
                {
                    _keywords[key] = checks = new KeywordChecks(name);
                }

                if (checks.LastCheck is not { } last || bucket > checks.NewestBucket || now - last >= interval)
                {
                    checks.Take(now, bucket);
                    due.Add((name, bucket));
                }
                else
                {
                    checks.Owed.Add(bucket);
                }
            }

            // Checks owed by earlier calls whose interval has passed ride along with this one.
            TakeOwed(now, interval, due);
        }

        return await RunAsync(due, cancellationToken);
    }

    /// <summary>Runs every owed check now, whatever the interval; returns the alerts they enqueued.</summary>
    public async Task<IReadOnlyList<SpikeAlert>> FlushAsync(CancellationToken cancellationToken = default)
    {
        var due = new List<(string Name, DateTimeOffset Bucket)>();
        lock (_lock)
        {
            TakeOwed(timeProvider.GetUtcNow(), TimeSpan.Zero, due);
        }

        return await RunAsync(due, cancellationToken);
    }

    private void TakeOwed(DateTimeOffset now, TimeSpan interval, List<(string Name, DateTimeOffset Bucket)> due)
    {
        foreach (var checks in _keywords.Values)
        {
            if (checks.Owed.Count > 0 && (checks.LastCheck is not { } last || now - last >= interval))
            {
                foreach (var owed in checks.Owed)
                {
                    due.Add((checks.Name, owed));
                }

                checks.Owed.Clear();
                checks.LastCheck = now;
            }
        }
    }

    private async Task<IReadOnlyList<SpikeAlert>> RunAsync(List<(string Name, DateTimeOffset Bucket)> due, CancellationToken cancellationToken)
    {
        var alerts = new List<SpikeAlert>();
        for (var i = 0; i < due.Count; i++)
        {
            try
            {
                alerts.AddRange(await inner.CheckAsync([due[i].Name], due[i].Bucket, cancellationToken));
            }
            catch
            {
                // Owe what did not run (this check included): the caller's retry, or the next call, runs it.
                lock (_lock)
                {
                    foreach (var (name, bucket) in due.Skip(i))
                    {
                        _keywords[MentionKeys.KeywordKey(name)].Owed.Add(bucket);
                        _keywords[MentionKeys.KeywordKey(name)].LastCheck = null;
                    }
                }

                throw;
            }
        }

        return alerts;
    }

    private sealed class KeywordChecks(string name)
    {
        public string Name { get; } = name;

        public DateTimeOffset? LastCheck { get; set; }

        public DateTimeOffset NewestBucket { get; private set; } = DateTimeOffset.MinValue;

        /// <summary>Buckets with mentions recorded since the keyword's last check of them.</summary>
        public SortedSet<DateTimeOffset> Owed { get; } = [];

        public void Take(DateTimeOffset now, DateTimeOffset bucket)
        {
            LastCheck = now;
            NewestBucket = bucket > NewestBucket ? bucket : NewestBucket;
            Owed.Remove(bucket);
        }
    }
}
