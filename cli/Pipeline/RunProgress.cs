using Spectre.Console;

namespace NewsMonitor.Cli.Pipeline;

/// <summary>
/// What <c>newsmon run</c> shows while a cycle runs: on a terminal, a live status line on stderr (the stage and its
/// counts); otherwise nothing, so logs and CI output get just the one summary line per cycle.
/// </summary>
internal abstract class RunProgress
{
    public static RunProgress Create(CliConsole console) =>
        console.IsInteractive && !Console.IsErrorRedirected ? new Live(console) : new Quiet();

    /// <summary>Runs one cycle; <paramref name="cycle"/> reports its stages through the callback it is given.</summary>
    public abstract Task<CycleResult> RunAsync(int number, Func<Action<string>, Task<CycleResult>> cycle);

    private sealed class Live(CliConsole console) : RunProgress
    {
        public override Task<CycleResult> RunAsync(int number, Func<Action<string>, Task<CycleResult>> cycle) =>
            console.ErrorConsole.Status()
                .Spinner(Spinner.Known.Dots)
                .StartAsync(
                    Markup.Escape($"Cycle {number}: starting"),
                    context => cycle(stage => context.Status(Markup.Escape($"Cycle {number}: {stage}"))));
    }

    private sealed class Quiet : RunProgress
    {
        public override Task<CycleResult> RunAsync(int number, Func<Action<string>, Task<CycleResult>> cycle) => cycle(_ => { });
    }
}
