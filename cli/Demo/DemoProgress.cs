using NewsMonitor.Cli.Pipeline;
using Spectre.Console;

namespace NewsMonitor.Cli.Demo;

/// <summary>
/// The demo's progress on stderr: a live bar on a terminal, one line per simulated day otherwise (logs, CI, tests).
/// </summary>
internal abstract class DemoProgress
{
    public static DemoProgress Create(CliConsole console, IReadOnlyList<DateTimeOffset> ticks) =>
        console.IsInteractive && !Console.IsErrorRedirected ? new Live(console, ticks.Count) : new Lines(console, ticks[^1]);

    /// <summary>Runs <paramref name="work"/>, which reports each finished tick: its simulated time and the totals so far.</summary>
    public abstract Task RunAsync(Func<Action<DateTimeOffset, CycleResult>, Task> work);

    protected static string Describe(DateTimeOffset tick, CycleResult totals) =>
        $"{DemoRunner.Describe(tick)}  articles {totals.NewArticles}  duplicates {totals.Duplicates}  analyses {totals.Analyzed}  emails {totals.AlertsDelivered}";

    private sealed class Live(CliConsole console, int ticks) : DemoProgress
    {
        public override Task RunAsync(Func<Action<DateTimeOffset, CycleResult>, Task> work) =>
            console.ErrorConsole.Progress()
                .AutoClear(false)
                .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn())
                .StartAsync(async context =>
                {
                    var task = context.AddTask("Simulating", maxValue: ticks);
                    await work((tick, totals) =>
                    {
                        task.Description = Markup.Escape(Describe(tick, totals));
                        task.Increment(1);
                    });
                });
    }

    private sealed class Lines(CliConsole console, DateTimeOffset lastTick) : DemoProgress
    {
        public override Task RunAsync(Func<Action<DateTimeOffset, CycleResult>, Task> work) =>
            work((tick, totals) =>
            {
                if (tick.UtcDateTime.TimeOfDay == TimeSpan.Zero || tick == lastTick)
                {
                    console.Error.WriteLine(Describe(tick, totals));
                }
            });
    }
}
