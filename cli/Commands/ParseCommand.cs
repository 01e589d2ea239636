using System.CommandLine;
using NewsMonitor.Cli.Hosting;
using NewsMonitor.Feeds;
using NewsMonitor.Feeds.Fetching;
using NewsMonitor.Feeds.Parsing;
using NewsMonitor.Feeds.State;

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

    private static async Task<int> RunAsync(CommandContext context, ParseResult parseResult, string source, CancellationToken cancellationToken)
    {
        // "C:\feed.xml" is an absolute URI with scheme "c" on Windows: a scheme of one letter is a drive, not a URL.
        var isUrl = Uri.TryCreate(source, UriKind.Absolute, out var url) && url.Scheme.Length > 1 && source.Contains("://", StringComparison.Ordinal);
        var feed = !isUrl ? ParseFile(source)
            : url!.Scheme == Uri.UriSchemeHttp || url.Scheme == Uri.UriSchemeHttps ? await FetchAsync(context, parseResult, url, cancellationToken)
            : url.IsFile ? ParseFile(url.LocalPath)
            : throw new CliInputException($"'{source}': newsmon reads http(s) URLs, file:// URLs, local files and '-' (stdin), not {url.Scheme}:// URLs.");
        ParsedFeedJson.Write(feed, context.Console.Output);
        return ExitCodes.Success;
    }

    private static ParsedFeed ParseFile(string path)
    {
        using var stream = CommandContext.OpenInput(path);
        try
        {
            var location = path == "-" ? null : new Uri(Path.GetFullPath(path));
            return new FeedParser().Parse(stream, new FeedSource { Location = location });
        }
        catch (FeedParseException exception)
        {
            throw new CliInputException($"'{path}' is not a feed newsmon can read: {exception.Message}", exception);
        }
    }

    /// <summary>Through the ingest stage's fetcher: its HttpClient, resilience pipeline, size cap and SSRF guard.</summary>
    private static async Task<ParsedFeed> FetchAsync(CommandContext context, ParseResult parseResult, Uri url, CancellationToken cancellationToken)
    {
        await using var application = await context.StartAsync(parseResult, new NewsmonHostOptions(), cancellationToken);
        var outcome = await application.Get<FeedFetcher>().FetchAsync(
            new FeedDefinition { Id = "newsmon-parse", Url = url.AbsoluteUri },
            new FeedState(),
            cancellationToken);
        return outcome.Feed is { } feed && outcome.Status == FeedFetchStatus.Ok
            ? feed
            : throw new CliInputException(
                $"{url}: {outcome.Status}{(outcome.HttpStatus is { } status ? $" (HTTP {status})" : "")}" +
                (outcome.Error is null ? "" : $": {outcome.Error}"));
    }
}
