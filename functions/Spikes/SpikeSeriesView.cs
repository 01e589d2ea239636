namespace NewsMonitor.Spikes;

/// <summary>
/// A series prepared for repeated evaluation: prefix sums of counts and exposure, lookups by time, and a cache of each
/// bucket's residual (log ratio of observed to usual). Everything cached for a bucket depends only on that bucket and
/// the ones before it, so sharing one view across the evaluations of a whole series never leaks the future.
/// </summary>
internal sealed class SpikeSeriesView
{
    private readonly long[] _countPrefix;
    private readonly double[] _exposurePrefix;
    private readonly double?[][] _residuals = new double?[2][];
    private readonly bool[][] _residualKnown = new bool[2][];

    public SpikeSeriesView(IReadOnlyList<SpikeBucket> series)
    {
        ArgumentNullException.ThrowIfNull(series);
        Series = series;
        VolumeAware = series.Count > 0 && series[0].Total is not null;
        _countPrefix = new long[series.Count + 1];
        _exposurePrefix = new double[series.Count + 1];
        for (var i = 0; i < series.Count; i++)
        {
            _countPrefix[i + 1] = _countPrefix[i] + series[i].Count;
            _exposurePrefix[i + 1] = _exposurePrefix[i] + Exposure(series[i]);
        }

        for (var kind = 0; kind < 2; kind++)
        {
            _residuals[kind] = new double?[series.Count];
            _residualKnown[kind] = new bool[series.Count];
        }
    }

    public IReadOnlyList<SpikeBucket> Series { get; }

    /// <summary>True when the buckets carry the news volume: the baseline is then a share of all articles.</summary>
    public bool VolumeAware { get; }

    /// <summary>Exposure of one bucket: its articles when the volume is known, else 1 (a unit of time).</summary>
    public double Exposure(SpikeBucket bucket) =>
        // The keyword's own mentions are part of the volume; max() keeps a lagging total from making the share exceed 1.
        VolumeAware ? Math.Max(bucket.Total ?? 0, bucket.Count) : 1;

    /// <summary>The index of the last bucket starting at or before <paramref name="time"/>, searching up to <paramref name="last"/>; −1 when none.</summary>
    public int LastAtOrBefore(DateTimeOffset time, int last)
    {
        int lo = 0, hi = last;
        var found = -1;
        while (lo <= hi)
        {
            var mid = (lo + hi) >>> 1;
            if (Series[mid].Start <= time)
            {
                found = mid;
                lo = mid + 1;
            }
            else
            {
                hi = mid - 1;
            }
        }

        return found;
    }

    /// <summary>Mentions and exposure of the buckets starting in (<paramref name="end"/> − <paramref name="length"/>, <paramref name="end"/>], looking no further than <paramref name="last"/>.</summary>
    public (long Count, double Exposure, int First) Window(DateTimeOffset end, TimeSpan length, int last)
    {
        var to = LastAtOrBefore(end, last);
        if (to < 0)
        {
            return (0, 0, 0);
        }

        var from = LastAtOrBefore(end - length, to) + 1;
        return (_countPrefix[to + 1] - _countPrefix[from], _exposurePrefix[to + 1] - _exposurePrefix[from], from);
    }

    /// <summary>Mentions and exposure of every bucket up to <paramref name="last"/>.</summary>
    public (long Count, double Exposure) UpTo(int last) => (_countPrefix[last + 1], _exposurePrefix[last + 1]);

    /// <summary>The cached residual of bucket <paramref name="index"/> for a window kind, computed on first use.</summary>
    public double? Residual(int kind, int index, Func<int, double?> compute)
    {
        if (!_residualKnown[kind][index])
        {
            _residuals[kind][index] = compute(index);
            _residualKnown[kind][index] = true;
        }

        return _residuals[kind][index];
    }
}
