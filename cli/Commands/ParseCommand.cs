using System.CommandLine;

namespace NewsMonitor.Cli.Commands;

/// <summary><c>newsmon parse FILE|URL</c>: the feed as the parser understands it, as JSON on stdout.</summary>
internal static class ParseCommand
{
    public static Command Create(CommandContext context)
    {
        var source = new Argument<string>("source")
        {
            Description = "A feed file (RSS 0.9x/2.0, RSS 1.0/RDF, Atom, JSON Feed), '-' for stdin, or an http(s) URL.",
        };
        var command = new Command("parse", "Parse a feed and print it as JSON (title, link, items) on stdout.") { source };
        command.SetAction((parseResult, cancellationToken) =>
            RunAsync(context, parseResult, parseResult.GetRequiredValue(source), cancellationToken));
        return command;
    }

    private static Task<int> RunAsync(CommandContext context, ParseResult parseResult, string source, CancellationToken cancellationToken)
    {
        _ = (context, parseResult, source, cancellationToken);
        throw new CliInputException("parse is not wired yet.");
    }
}
