using Spectre.Console;

namespace NewsMonitor.Cli;

/// <summary>
/// Where a command writes: data to <see cref="Output"/> (stdout), errors, progress and logs to <see cref="Error"/>
/// (stderr), so the output of <c>parse</c>, <c>analyze</c> and <c>spikes</c> stays pure data for scripts.
/// Tests pass their own writers.
/// </summary>
internal sealed class CliConsole
{
    public CliConsole(TextWriter output, TextWriter error, bool isInteractive)
    {
        Output = output;
        Error = error;
        IsInteractive = isInteractive;
        ErrorConsole = Create(error, isInteractive && !Console.IsErrorRedirected);
        OutputConsole = Create(output, isInteractive && !Console.IsOutputRedirected);
    }

    public TextWriter Output { get; }

    public TextWriter Error { get; }

    /// <summary>True for the real process on a terminal; false in tests and pipes (no live progress redraws).</summary>
    public bool IsInteractive { get; }

    /// <summary>Spectre console over stderr: progress and status.</summary>
    public IAnsiConsole ErrorConsole { get; }

    /// <summary>Spectre console over stdout: tables of commands whose output is a table (demo, lists).</summary>
    public IAnsiConsole OutputConsole { get; }

    public static CliConsole System() => new(Console.Out, Console.Error, isInteractive: true);

    public void WriteError(string message) => Error.WriteLine($"newsmon: {message}");

    /// <summary>Width of a table written to a pipe or file: wide enough that no address, URL or id is wrapped.</summary>
    private const int RedirectedWidth = 1000;

    private static IAnsiConsole Create(TextWriter writer, bool terminal)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(writer),
            Ansi = terminal ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = terminal ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = terminal ? InteractionSupport.Detect : InteractionSupport.No,
        });
        if (!terminal)
        {
            // Spectre assumes 80 columns off a terminal and wraps cells to fit, which breaks grep and cut on a list.
            console.Profile.Width = RedirectedWidth;
        }

        return console;
    }
}
