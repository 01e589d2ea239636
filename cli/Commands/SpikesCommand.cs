using System.CommandLine;

namespace NewsMonitor.Cli.Commands;

/// <summary><c>newsmon spikes --input SERIES.csv</c>: the spike detector over a count series, CSV out.</summary>
internal static class SpikesCommand
{
    public static Command Create(CommandContext context)
    {
        var input = new Option<string>("--input", "-i")
        {
            Description = "CSV 'timestamp,count[,total]' (ISO 8601, one row per bucket, oldest first), or '-' for stdin.",
            Required = true,
            HelpName = "SERIES.csv",
        };
        var command = new Command(
            "spikes",
            "Run the spike detector over a series; prints 'timestamp,count,expected,score,alert' per row (no look-ahead).")
        {
            input,
        };
        command.SetAction((parseResult, cancellationToken) =>
            RunAsync(context, parseResult, parseResult.GetRequiredValue(input), cancellationToken));
        return command;
    }

    private static Task<int> RunAsync(CommandContext context, ParseResult parseResult, string input, CancellationToken cancellationToken)
    {
        _ = (context, parseResult, input, cancellationToken);
        throw new CliInputException("spikes is not wired yet.");
    }
}
