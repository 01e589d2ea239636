using System.CommandLine;
using Microsoft.Extensions.Options;
using NewsMonitor.Cli.Hosting;
using NewsMonitor.Spikes;

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
            "Run the spike detector over a series; prints 'timestamp,count,expected,score,alert' per row (no look-ahead). " +
            "Detector settings come from the Spikes section (e.g. --set Spikes:MinCount=3).")
        {
            input,
        };
        command.SetAction((parseResult, cancellationToken) =>
            RunAsync(context, parseResult, parseResult.GetRequiredValue(input), cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(CommandContext context, ParseResult parseResult, string input, CancellationToken cancellationToken)
    {
        await using var application = await context.StartAsync(parseResult, new NewsmonHostOptions(), cancellationToken);
        var options = application.Get<IOptions<SpikesOptions>>().Value;
        using var reader = new StreamReader(CommandContext.OpenInput(input));
        try
        {
            SpikeSeriesCsv.Run(reader, context.Console.Output, options);
        }
        catch (FormatException exception)
        {
            throw new CliInputException($"'{input}' is not a series newsmon can read: {exception.Message}", exception);
        }

        return ExitCodes.Success;
    }
}
