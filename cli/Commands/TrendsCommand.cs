using System.CommandLine;
using System.Globalization;
using NewsMonitor.Trends;

namespace NewsMonitor.Cli.Commands;

/// <summary><c>newsmon trends KEYWORD [--hours N]</c>: the trends API's JSON, from the same <see cref="TrendService"/>.</summary>
internal static class TrendsCommand
{
    public static Command Create(CommandContext context)
    {
        var keyword = new Argument<string>("keyword") { Description = "A watched keyword (case and diacritics do not matter)." };
        var hours = new Option<int?>("--hours") { Description = "Hours to cover, ending with the current hour (default Trends:DefaultHours, 72)." };
        var command = new Command(
            "trends",
            "Print a keyword's hourly mentions, news volume, expected counts and spikes as JSON (what GET /api/trends/{keyword} answers).")
        {
            keyword, hours,
        };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            await using var application = await context.StartWithStorageAsync(parseResult, cancellationToken);
            var result = await application.Get<TrendService>().GetAsync(
                parseResult.GetRequiredValue(keyword),
                parseResult.GetValue(hours)?.ToString(CultureInfo.InvariantCulture),
                cancellationToken);
            if (result.Report is null)
            {
                throw new CliInputException(result.Error ?? result.Status.ToString());
            }

            context.Console.Output.WriteLine(result.ToResponse().Body);
            return ExitCodes.Success;
        });
        return command;
    }
}
