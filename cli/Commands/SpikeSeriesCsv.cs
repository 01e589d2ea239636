using System.Globalization;
using Microsoft.Extensions.Options;
using NewsMonitor.Spikes;

namespace NewsMonitor.Cli.Commands;

/// <summary>
/// The engine of <c>newsmon spikes --input SERIES.csv</c> (docs/cli.md): reads
/// <c>timestamp,count[,total]</c> rows, oldest first, and writes <c>timestamp,count,expected,score,alert</c>, one row
/// per input row, each computed from that row and the rows before it only (no look-ahead).
/// </summary>
internal static class SpikeSeriesCsv
{
    public const string OutputHeader = "timestamp,count,expected,score,alert";

    /// <summary>
    /// Runs the detector over the whole series. An optional first line <c>timestamp,count[,total]</c> is a header;
    /// blank lines are skipped. The CSV has no publishers, so the minimum-sources rule is not applied; with a
    /// <c>total</c> column the baseline is volume-aware (every row must then have it).
    /// </summary>
    /// <exception cref="FormatException">A row is malformed, out of order or negative; the message names its line.</exception>
    public static void Run(TextReader input, TextWriter output, SpikesOptions options)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(options);

        var series = Parse(input);
        output.WriteLine(OutputHeader);
        foreach (var row in Evaluate(series, options))
        {
            output.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"{row.Bucket.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss'Z'},{row.Count},{row.BucketExpected:0.00},{row.Score:0.00},{(row.Alert ? 1 : 0)}"));
        }
    }

    /// <summary>The detector and the episode hysteresis over a series, row by row (the CSV's rows, before formatting).</summary>
    public static IReadOnlyList<SpikeSeriesRow> Evaluate(IReadOnlyList<SpikeBucket> series, SpikesOptions options)
    {
        var detector = new SpikeDetector(Options.Create(options));
        var view = new SpikeSeriesView(series);
        var rows = new List<SpikeSeriesRow>(series.Count);
        var onsets = new Queue<DateTimeOffset>();
        SpikeEpisode? episode = null;
        for (var i = 0; i < series.Count; i++)
        {
            var evaluation = detector.Evaluate(view, i);
            while (onsets.Count > 0 && evaluation.Bucket - onsets.Peek() >= TimeSpan.FromDays(options.BudgetDays))
            {
                onsets.Dequeue();
            }

            var decision = SpikeEpisode.Next(episode, evaluation, options, onsets.Count);
            if (decision.Alert && decision.Episode is { Level: 1 })
            {
                onsets.Enqueue(evaluation.Bucket);
            }

            episode = decision.Episode;
            rows.Add(new SpikeSeriesRow(evaluation.Bucket, evaluation.Count, evaluation.BucketExpected, evaluation.Score, decision.Alert, evaluation));
        }

        return rows;
    }

    /// <exception cref="FormatException">A row is malformed, out of order or negative; the message names its line.</exception>
    /// <summary>
    /// ISO 8601 only (a 'T' or a space between date and time, optional fraction and offset; no offset means UTC):
    /// a culture's formats would read 10/01/2026 as October or January depending on where it was written.
    /// </summary>
    private static readonly string[] IsoTimestampFormats =
    [
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK", "yyyy-MM-dd HH:mm:ss.FFFFFFFK", "yyyy-MM-dd'T'HH:mmK", "yyyy-MM-dd HH:mmK",
        "yyyy-MM-dd",
    ];

    public static IReadOnlyList<SpikeBucket> Parse(TextReader input)
    {
        var series = new List<SpikeBucket>();
        bool? hasTotal = null;
        var lineNumber = 0;
        var firstContentLine = true;
        while (input.ReadLine() is { } line)
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            var fields = line.Split(',');
            for (var f = 0; f < fields.Length; f++)
            {
                fields[f] = fields[f].Trim();
            }

            if (firstContentLine)
            {
                firstContentLine = false;
                if (IsHeader(fields))
                {
                    continue;
                }
            }

            if (fields.Length is not (2 or 3))
            {
                throw Error(lineNumber, $"expected 2 or 3 fields (timestamp,count[,total]), found {fields.Length}");
            }

            if (!DateTimeOffset.TryParseExact(
                    fields[0],
                    IsoTimestampFormats,
                    CultureInfo.InvariantCulture,
                    DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal,
                    out var timestamp))
            {
                throw Error(lineNumber, $"'{fields[0]}' is not an ISO 8601 timestamp");
            }

            var count = ParseCount(fields[1], "count", lineNumber);
            int? total = fields.Length == 3 ? ParseCount(fields[2], "total", lineNumber) : null;
            hasTotal ??= total is not null;
            if (hasTotal != total is not null)
            {
                throw Error(lineNumber, hasTotal.Value
                    ? "the total column is missing (earlier rows have one: every row needs it)"
                    : "has a total column but earlier rows do not (every row or none)");
            }

            if (series.Count > 0 && timestamp <= series[^1].Start)
            {
                throw Error(lineNumber, string.Create(
                    CultureInfo.InvariantCulture,
                    $"timestamp {timestamp:O} is not after the previous row's {series[^1].Start:O} (rows must be oldest first, one per bucket)"));
            }

            series.Add(new SpikeBucket(timestamp, count, total));
        }

        return series.Count > 0
            ? series
            : throw new FormatException("no rows: the CSV needs timestamp,count lines (oldest first) after the optional header");
    }

    private static bool IsHeader(string[] fields) =>
        fields.Length is 2 or 3
        && fields[0].Equals("timestamp", StringComparison.OrdinalIgnoreCase)
        && fields[1].Equals("count", StringComparison.OrdinalIgnoreCase)
        && (fields.Length == 2 || fields[2].Equals("total", StringComparison.OrdinalIgnoreCase));

    private static int ParseCount(string field, string name, int lineNumber)
    {
        if (!int.TryParse(field, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            throw Error(lineNumber, $"{name} '{field}' is not a whole number");
        }

        return value < 0 ? throw Error(lineNumber, $"{name} {value} is negative") : value;
    }

    private static FormatException Error(int lineNumber, string message) =>
        new(string.Create(CultureInfo.InvariantCulture, $"line {lineNumber}: {message}"));
}

/// <summary>One output row of <see cref="SpikeSeriesCsv"/>: the bucket's own expected count, the higher window score, and whether an alert is due.</summary>
internal sealed record SpikeSeriesRow(
    DateTimeOffset Bucket,
    int Count,
    double BucketExpected,
    double Score,
    bool Alert,
    SpikeEvaluation Evaluation);
