using System.CommandLine;
using System.Runtime.InteropServices;
using NewsMonitor.Cli.Commands;

namespace NewsMonitor.Cli;

/// <summary>The <c>newsmon</c> command line (docs/cli.md). Exit codes: 0 ok, 1 bad input, 2 usage.</summary>
internal static class NewsmonApp
{
    /// <summary>Runs newsmon on the process's stdout/stderr, with Ctrl+C cancelling the command.</summary>
    public static Task<int> RunAsync(string[] args) => RunAsync(args, CliConsole.System(), handleTermination: true);

    /// <summary>Runs newsmon in-process on the given writers (tests).</summary>
    public static Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken = default) =>
        RunAsync(args, new CliConsole(output, error, isInteractive: false), handleTermination: false, cancellationToken);

    private static async Task<int> RunAsync(
        string[] args,
        CliConsole console,
        bool handleTermination,
        CancellationToken cancellationToken = default)
    {
        var context = new CommandContext(console);
        var root = BuildRootCommand(context);
        var parseResult = root.Parse(args);
        if (parseResult.Errors.Count > 0)
        {
            foreach (var error in parseResult.Errors)
            {
                console.WriteError(error.Message);
            }

            console.Error.WriteLine("Run 'newsmon --help' for usage.");
            return ExitCodes.Usage;
        }

        var verbose = parseResult.GetValue(context.VerboseOption);
        var invocation = new InvocationConfiguration
        {
            Output = console.Output,
            Error = console.Error,
            EnableDefaultExceptionHandler = false,
            // Ctrl+C / SIGTERM cancel the command's token; the grace period lets it stop Azurite and the feed server.
            ProcessTerminationTimeout = handleTermination ? TimeSpan.FromSeconds(40) : null,
        };

        // A closed terminal sends SIGHUP, which .NET leaves fatal: newsmon would die without stopping its Azurite, which
        // runs in a session of its own (AzuriteProcess) and so no longer dies with the terminal. Treated as Ctrl+C.
        using var hangup = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var hangupRegistration = handleTermination && !OperatingSystem.IsWindows()
            ? PosixSignalRegistration.Create(PosixSignal.SIGHUP, signal =>
            {
                signal.Cancel = true;
                hangup.Cancel();
            })
            : null;
        try
        {
            // Settings are checked before any command starts: a misspelt key is a usage error, never silently ignored.
            context.Global(parseResult);
            return await parseResult.InvokeAsync(invocation, hangup.Token);
        }
        catch (Exception exception)
        {
            var (exitCode, message) = CliErrors.Describe(exception);
            console.WriteError(message);
            if (verbose)
            {
                console.Error.WriteLine(exception.ToString());
            }

            return exitCode;
        }
    }

    internal static RootCommand BuildRootCommand(CommandContext context)
    {
        var root = new RootCommand(
            "newsmon: NewsMonitor on one machine. Runs the same stages as the Azure Functions app, in-process, " +
            "against Azurite (started automatically when no storage is configured).");
        root.Options.Add(context.SetOption);
        root.Options.Add(context.VerboseOption);
        root.Subcommands.Add(DemoCommand.Create(context));
        root.Subcommands.Add(RunCommand.Create(context));
        root.Subcommands.Add(ServeCommand.Create(context));
        root.Subcommands.Add(ParseCommand.Create(context));
        root.Subcommands.Add(AnalyzeCommand.Create(context));
        root.Subcommands.Add(SpikesCommand.Create(context));
        root.Subcommands.Add(FeedsCommand.Create(context));
        root.Subcommands.Add(SubscribersCommand.Create(context));
        root.Subcommands.Add(PoisonCommand.Create(context));
        root.Subcommands.Add(TrendsCommand.Create(context));
        return root;
    }
}
