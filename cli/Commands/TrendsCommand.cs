using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using System.Net;
using Microsoft.Extensions.Options;
using NewsMonitor.Alerts.Rendering;
using NewsMonitor.Analysis;
using NewsMonitor.Spikes;
using NewsMonitor.Trends;
using Spectre.Console;

namespace NewsMonitor.Cli.Commands;

/// <summary>
/// <c>newsmon trends KEYWORD [--hours N | --from TIME --to TIME] [--json] [--png FILE]</c>: a keyword's hourly
/// mentions from the same <see cref="TrendService"/> as <c>GET /api/trends/{keyword}</c>, as a table, the API's JSON,
/// or the alert email's chart.
/// </summary>
internal static class TrendsCommand
{
    /// <summary>ISO 8601 as people type it: a date, or a date and time to the minute or second, with or without an offset.</summary>
    private static readonly string[] TimeFormats =
    [
        "yyyy-MM-dd",
        "yyyy-MM-dd'T'HH:mm",
        "yyyy-MM-dd'T'HH:mmK",
        "yyyy-MM-dd'T'HH:mm:ss",
        "yyyy-MM-dd'T'HH:mm:ssK",
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF",
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK",
    ];

    public static Command Create(CommandContext context)
    {
        var keyword = new Argument<string>("keyword") { Description = "A watched keyword (case and diacritics do not matter)." };
        var hours = new Option<int?>("--hours")
        {
            Description = "Hours to cover (default Trends:DefaultHours, 72): ending with the current hour, or counted from --from or back from --to.",
            CustomParser = ParseHours,
        };
        var from = new Option<DateTimeOffset?>("--from")
        {
            Description = "Start of the range, ISO 8601 (2021-07-10 or 2021-07-10T06:00Z; UTC unless an offset is given).",
            CustomParser = result => ParseTime(result, "--from"),
            HelpName = "TIME",
        };
        var to = new Option<DateTimeOffset?>("--to")
        {
            Description = "End of the range (exclusive), ISO 8601 like --from.",
            CustomParser = result => ParseTime(result, "--to"),
            HelpName = "TIME",
        };
        var json = new Option<bool>("--json") { Description = "Print the trends API's JSON instead of a table." };
        var png = new Option<string?>("--png") { Description = "Also write the chart the alert email shows, as a PNG file.", HelpName = "FILE" };
        var command = new Command(
            "trends",
            "Show a keyword's mentions per hour, what the spike detector expected and the spikes it raised: a table, " +
            "the JSON of GET /api/trends/{keyword} (--json), or a chart (--png).")
        {
            keyword, hours, from, to, json, png,
        };
        command.Validators.Add(result =>
        {
            // Presence only: reading a value that failed to parse would throw instead of reporting it.
            if (result.GetResult(from) is not null && result.GetResult(to) is not null && result.GetResult(hours) is not null)
            {
                result.AddError("give at most two of --from, --to and --hours.");
            }
        });
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            await using var application = await context.StartWithStorageAsync(parseResult, cancellationToken);
            var trends = application.Get<TrendService>();
            var name = parseResult.GetRequiredValue(keyword);
            var span = parseResult.GetValue(hours);
            var result = (parseResult.GetValue(from), parseResult.GetValue(to)) switch
            {
                (null, null) => await trends.GetAsync(name, span?.ToString(CultureInfo.InvariantCulture), cancellationToken),
                var (start, end) => await GetRangeAsync(
                    trends, name, start, end, span ?? application.Get<IOptions<TrendsOptions>>().Value.DefaultHours, cancellationToken),
            };
            if (result.Report is not { } report)
            {
                var message = result.Error ?? result.Status.ToString();
                // A range or hour count out of bounds is a usage error, like a malformed one; an unknown keyword is input.
                throw result.Status == HttpStatusCode.BadRequest ? new CliUsageException(message) : new CliInputException(message);
            }

            if (parseResult.GetValue(png) is { } file)
            {
                WriteChart(report, file);
                context.Console.Error.WriteLine($"Chart written to {Path.GetFullPath(file)}");
            }

            if (parseResult.GetValue(json))
            {
                context.Console.Output.WriteLine(result.ToResponse().Body);
            }
            else
            {
                Print(context.Console, report);
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static Task<TrendResult> GetRangeAsync(
        TrendService trends, string keyword, DateTimeOffset? from, DateTimeOffset? to, int hours, CancellationToken cancellationToken)
    {
        // The service widens a range to whole hours; one side and a count of hours is taken from that side's hour,
        // so "--from 07:30 --hours 3" is three points (07:00 to 10:00), not four.
        var span = hours * MentionKeys.BucketSize;
        return (from, to) switch
        {
            ({ } start, { } end) => trends.GetAsync(keyword, start, end, cancellationToken),
            ({ } start, null) => trends.GetAsync(keyword, MentionKeys.BucketStart(start), MentionKeys.BucketStart(start) + span, cancellationToken),
            (null, { } end) => trends.GetAsync(keyword, EndOfHour(end) - span, EndOfHour(end), cancellationToken),
            _ => throw new ArgumentException("A range needs --from or --to.", nameof(from)),
        };
    }

    private static DateTimeOffset EndOfHour(DateTimeOffset time) =>
        MentionKeys.BucketStart(time) == time ? time : MentionKeys.BucketStart(time) + MentionKeys.BucketSize;

    /// <summary>The table: one row per hour, the spike windows marked; then the spikes themselves.</summary>
    internal static void Print(CliConsole console, TrendReport report)
    {
        var table = new Table { Title = new TableTitle(Markup.Escape($"{report.Keyword}: mentions per hour (UTC)")) };
        table.AddColumn("hour");
        table.AddColumn(new TableColumn("count").RightAligned());
        table.AddColumn(new TableColumn("expected").RightAligned());
        table.AddColumn("spike");
        foreach (var point in report.Points)
        {
            var end = point.Time + TimeSpan.FromHours(1);
            var windows = report.Spikes.Where(spike => spike.WindowStart < end && spike.WindowEnd > point.Time).ToList();
            table.AddRow(
                point.Time.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture),
                point.Count.ToString(CultureInfo.InvariantCulture),
                point.Expected?.ToString("0.00", CultureInfo.InvariantCulture) ?? "-",
                windows.Count == 0 ? "" : "▲ " + Markup.Escape(string.Join(", ", windows.Select(spike => spike.Window).Distinct(StringComparer.Ordinal))));
        }

        console.OutputConsole.Write(table);
        var mentions = report.Points.Sum(point => point.Count);
        console.Output.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"{mentions} mentions of {report.Keyword} in {report.Points.Count} hours from {report.From:yyyy-MM-dd HH:mm} to {report.To:yyyy-MM-dd HH:mm} UTC; {report.Spikes.Count} spike(s)."));
        foreach (var spike in report.Spikes)
        {
            console.Output.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"Spike ({spike.Window} window) {spike.WindowStart:yyyy-MM-dd HH:mm} to {spike.WindowEnd:HH:mm}: {spike.Observed} {SpikeReason.Unit(spike.Observed, spike.CountsStories)} where about {spike.Expected:0.0} were usual; by chance, {SpikeReason.Rarity(spike.Score)}."));
        }
    }

    private static void WriteChart(TrendReport report, string file)
    {
        var counts = report.Points.Select(point => new HourlyCount(new DateTimeOffset(point.Time, TimeSpan.Zero), point.Count)).ToList();
        var windows = report.Spikes
            .Select(spike => (new DateTimeOffset(spike.WindowStart, TimeSpan.Zero), new DateTimeOffset(spike.WindowEnd, TimeSpan.Zero)))
            .ToList();
        // The email draws the expectation its alert was raised against; over a range, the hours' own expectations vary,
        // so the line is their median: the usual level the bars stand out from.
        var expectations = report.Points.Where(point => point.Expected is not null).Select(point => point.Expected!.Value).Order().ToList();
        var expected = expectations.Count == 0 ? 0 : expectations[expectations.Count / 2];
        var range = string.Create(CultureInfo.InvariantCulture, $"{report.From:d MMM HH:mm} to {report.To:d MMM HH:mm}");
        var chart = SpikeChart.Render(report.Keyword, counts, windows, expected, range);
        try
        {
            File.WriteAllBytes(file, chart.ToArray());
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw new CliInputException($"cannot write the chart to '{file}': {exception.Message}", exception);
        }
    }

    private static int? ParseHours(ArgumentResult result)
    {
        var token = result.Tokens.Single().Value;
        if (int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out var hours))
        {
            return hours;
        }

        result.AddError($"--hours must be a whole number of hours, e.g. --hours 48; got '{token}'.");
        return null;
    }

    private static DateTimeOffset? ParseTime(ArgumentResult result, string option)
    {
        var token = result.Tokens.Single().Value;
        if (DateTimeOffset.TryParseExact(
                token, TimeFormats, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time))
        {
            return time;
        }

        result.AddError($"{option} must be an ISO 8601 date or time, e.g. 2021-07-10 or 2021-07-10T06:00Z; got '{token}'.");
        return null;
    }
}
