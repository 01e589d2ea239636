using System.CommandLine;

namespace NewsMonitor.Cli.Commands;

/// <summary><c>newsmon feeds list|add|remove</c>: the feed catalogue in <c>config/feeds.json</c>.</summary>
internal static class FeedsCommand
{
    public static Command Create(CommandContext context)
    {
        var list = new Command("list", "List the feed catalogue (seeded with the bundled default catalogue when absent).");
        list.SetAction((parseResult, cancellationToken) => ListAsync(context, parseResult, cancellationToken));

        var url = new Argument<string>("url") { Description = "The feed's http(s) or file URL." };
        var id = new Option<string?>("--id") { Description = "Stable id (a-z, 0-9, '-', '_', '.'); derived from the URL's host when omitted." };
        var name = new Option<string?>("--name") { Description = "Display name." };
        var fullText = new Option<bool>("--full-text") { Description = "Fetch each article page and extract its main text." };
        var tags = new Option<string[]>("--tag") { Description = "A tag (repeatable).", Arity = ArgumentArity.ZeroOrMore };
        var disabled = new Option<bool>("--disabled") { Description = "Add it disabled." };
        var add = new Command("add", "Add a feed to the catalogue (or replace the one with the same id).")
        {
            url, id, name, fullText, tags, disabled,
        };
        add.SetAction((parseResult, cancellationToken) => AddAsync(
            context,
            parseResult,
            new FeedToAdd(
                parseResult.GetRequiredValue(url),
                parseResult.GetValue(id),
                parseResult.GetValue(name),
                parseResult.GetValue(fullText),
                parseResult.GetValue(tags) ?? [],
                !parseResult.GetValue(disabled)),
            cancellationToken));

        var removeId = new Argument<string>("id") { Description = "The id of the feed to remove." };
        var remove = new Command("remove", "Remove a feed from the catalogue.") { removeId };
        remove.SetAction((parseResult, cancellationToken) =>
            RemoveAsync(context, parseResult, parseResult.GetRequiredValue(removeId), cancellationToken));

        return new Command("feeds", "Show or edit the feed catalogue (blob config/feeds.json).") { list, add, remove };
    }

    private sealed record FeedToAdd(string Url, string? Id, string? Name, bool FullText, string[] Tags, bool Enabled);

    private static Task<int> ListAsync(CommandContext context, ParseResult parseResult, CancellationToken cancellationToken)
    {
        _ = (context, parseResult, cancellationToken);
        throw new CliInputException("feeds is not wired yet.");
    }

    private static Task<int> AddAsync(CommandContext context, ParseResult parseResult, FeedToAdd feed, CancellationToken cancellationToken)
    {
        _ = (context, parseResult, feed, cancellationToken);
        throw new CliInputException("feeds is not wired yet.");
    }

    private static Task<int> RemoveAsync(CommandContext context, ParseResult parseResult, string id, CancellationToken cancellationToken)
    {
        _ = (context, parseResult, id, cancellationToken);
        throw new CliInputException("feeds is not wired yet.");
    }
}
