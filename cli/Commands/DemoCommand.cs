using System.CommandLine;
using System.Globalization;
using NewsMonitor.Cli.Demo;
using Spectre.Console;

namespace NewsMonitor.Cli.Commands;

/// <summary><c>newsmon demo</c>: the bundled scenario end to end; exit 0 only when the expected alert was delivered.</summary>
internal static class DemoCommand
{
    public static Command Create(CommandContext context)
    {
        var outbox = new Option<string>("--outbox", "-o")
        {
            Description = "Folder for the alert emails (.eml); each run writes into its own demo-<UTC time> folder inside it.",
            DefaultValueFactory = _ => "outbox",
            HelpName = "DIR",
        };
        var data = new Option<string?>("--data")
        {
            Description = "Keep Azurite's data in this folder to inspect it afterwards (default: in memory, gone when the demo ends).",
            HelpName = "DIR",
        };
        var step = new Option<int>("--step-minutes")
        {
            Description = "Simulated minutes between two fetches of the feeds (the timer period), 5 to 240.",
            DefaultValueFactory = _ => 60,
        };
        CommandContext.ValidateRange(step, 5, 240, "--step-minutes must be between 5 and 240.");
        var command = new Command(
            "demo",
            "Replay the bundled scenario (a week of world news from five feeds, then a burst of Taliban coverage) through " +
            "the real stages on a simulated clock; prints a summary and the path of the alert email.")
        {
            outbox,
            data,
            step,
        };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var runner = new DemoRunner(context.Console, context.Global(parseResult), TimeProvider.System);
            var report = await runner.RunAsync(
                new DemoOptions
                {
                    Outbox = CommandContext.EnsureFolder(parseResult.GetRequiredValue(outbox), "--outbox"),
                    DataFolder = parseResult.GetValue(data),
                    Step = TimeSpan.FromMinutes(parseResult.GetValue(step)),
                },
                cancellationToken);
            Print(context.Console, report);
            return report.Succeeded ? ExitCodes.Success : ExitCodes.Failure;
        });
        return command;
    }

    private static void Print(CliConsole console, DemoReport report)
    {
        var table = new Table { Title = new TableTitle("newsmon demo") };
        table.AddColumn("stage");
        table.AddColumn(new TableColumn("count").RightAligned());
        table.AddColumn("detail");
        table.AddRow("feeds", Number(report.Feeds), "RSS 2.0, Atom, RSS 1.0 (RDF), JSON Feed");
        table.AddRow("fetches", Number(report.FeedFetches), $"{Number(report.NotModified)} answered 304 Not Modified; {Number(report.FeedBytes)} body bytes");
        table.AddRow("items seen", Number(report.ItemsSeen), "every item of every feed response");
        table.AddRow("articles", Number(report.Articles), "stored once each (articles/)");
        table.AddRow("duplicates", Number(report.Duplicates), "seen again or through another feed; not stored twice");
        table.AddRow("analyses", Number(report.Analyses), "local analyzer (analysis/)");
        table.AddRow("spikes", Number(report.Spikes), Markup.Escape(string.Join(", ", report.SpikeKeywords)));
        table.AddRow("emails", Number(report.Emails), Markup.Escape(report.Outbox));
        console.OutputConsole.Write(table);

        foreach (var subscriber in report.Subscribers)
        {
            console.Output.WriteLine(
                $"{subscriber.Email} ({subscriber.Keyword}): {subscriber.Received} alert email(s), expected {subscriber.Expected}" +
                (subscriber.Subjects.Count > 0 ? $" — \"{subscriber.Subjects[0]}\"" : ""));
        }

        if (report.Trend is { } trend)
        {
            TrendsCommand.Print(console, trend);
        }

        if (report.AlertEmailPath is not null)
        {
            console.Output.WriteLine($"Alert email: {report.AlertEmailPath}");
        }

        console.Output.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"Simulated {DemoRunner.Describe(report.SimulatedStart)} to {DemoRunner.Describe(report.SimulatedEnd)} in {report.Elapsed.TotalSeconds:0.0} s " +
            $"(ingest {report.Totals.IngestTime.TotalSeconds:0.0} s, analysis {report.Totals.AnalysisTime.TotalSeconds:0.0} s, delivery {report.Totals.DeliveryTime.TotalSeconds:0.0} s)."));
        if (report.Succeeded)
        {
            console.Output.WriteLine("Demo OK: the Taliban subscriber got exactly one alert, the other subscriber none.");
        }
        else
        {
            foreach (var problem in report.Problems)
            {
                console.WriteError($"demo failed: {problem}");
            }
        }
    }

    private static string Number(int value) => value.ToString("N0", CultureInfo.InvariantCulture);

    private static string Number(long value) => value.ToString("N0", CultureInfo.InvariantCulture);
}
