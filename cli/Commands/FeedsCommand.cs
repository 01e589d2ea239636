using System.CommandLine;
using System.Globalization;
using NewsMonitor.Feeds;
using Spectre.Console;

namespace NewsMonitor.Cli.Commands;

/// <summary><c>newsmon feeds list|status|add|remove</c>: the feed catalogue in <c>config/feeds.json</c>, through <see cref="FeedCatalog"/>.</summary>
internal static class FeedsCommand
{
    public static Command Create(CommandContext context)
    {
        var list = new Command("list", "List the feed catalogue (seeded with the bundled default catalogue when absent).");
        list.SetAction((parseResult, cancellationToken) => ListAsync(context, parseResult, cancellationToken));

        var status = new Command("status", "Show each feed's last fetch and its next planned fetch (what the publisher asked for, or back-off).");
        status.SetAction((parseResult, cancellationToken) => StatusAsync(context, parseResult, cancellationToken));

        var url = new Argument<string>("url") { Description = "The feed's http(s) URL (or file URL, with Feeds:AllowFileUrls=true)." };
        var id = new Option<string?>("--id") { Description = "Stable id (a-z, 0-9, '-', '_', '.'); derived from the URL when omitted." };
        var name = new Option<string?>("--name") { Description = "Display name." };
        var fullText = new Option<bool>("--full-text") { Description = "Fetch each article page and extract its main text." };
        var tags = new Option<string[]>("--tag") { Description = "A tag (repeatable).", Arity = ArgumentArity.ZeroOrMore };
        var disabled = new Option<bool>("--disabled") { Description = "Add it disabled." };
        var add = new Command("add", "Add a feed to the catalogue (or replace the one with the same id).")
        {
            url, id, name, fullText, tags, disabled,
        };
        add.SetAction(async (parseResult, cancellationToken) =>
        {
            var feedUrl = parseResult.GetRequiredValue(url);
            var feed = new FeedDefinition
            {
                Id = parseResult.GetValue(id) ?? DeriveId(feedUrl),
                Url = feedUrl,
                Name = parseResult.GetValue(name),
                FullText = parseResult.GetValue(fullText),
                Tags = parseResult.GetValue(tags) ?? [],
                Enabled = !parseResult.GetValue(disabled),
            };
            if (feed.Validate() is { } problem)
            {
                throw new CliInputException(problem);
            }

            await using var application = await context.StartWithStorageAsync(parseResult, cancellationToken);
            var added = await application.Get<FeedCatalog>().AddAsync(feed, cancellationToken);
            context.Console.Output.WriteLine($"{(added ? "Added" : "Replaced")} feed '{feed.Id}' ({feed.Url}).");
            return ExitCodes.Success;
        });

        var removeId = new Argument<string>("id") { Description = "The id of the feed to remove (see 'feeds list')." };
        var remove = new Command("remove", "Remove a feed from the catalogue.") { removeId };
        remove.SetAction(async (parseResult, cancellationToken) =>
        {
            var feedId = parseResult.GetRequiredValue(removeId);
            await using var application = await context.StartWithStorageAsync(parseResult, cancellationToken);
            if (!await application.Get<FeedCatalog>().RemoveAsync(feedId, cancellationToken))
            {
                throw new CliInputException($"no feed with id '{feedId}' in the catalogue.");
            }

            context.Console.Output.WriteLine($"Removed feed '{feedId}'.");
            return ExitCodes.Success;
        });

        return new Command("feeds", "Show or edit the feed catalogue (blob config/feeds.json).") { list, status, add, remove };
    }

    private static async Task<int> ListAsync(CommandContext context, ParseResult parseResult, CancellationToken cancellationToken)
    {
        await using var application = await context.StartWithStorageAsync(parseResult, cancellationToken);
        var feeds = await application.Get<FeedCatalog>().ListAsync(cancellationToken);
        var table = new Table();
        table.AddColumn("id");
        table.AddColumn("name");
        table.AddColumn("url");
        table.AddColumn("enabled");
        table.AddColumn("full text");
        table.AddColumn("tags");
        foreach (var feed in feeds)
        {
            table.AddRow(
                Markup.Escape(feed.Id),
                Markup.Escape(feed.Name ?? ""),
                Markup.Escape(feed.Url),
                feed.Enabled ? "yes" : "no",
                feed.FullText ? "yes" : "no",
                Markup.Escape(string.Join(", ", feed.Tags)));
        }

        context.Console.OutputConsole.Write(table);
        context.Console.Output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{feeds.Count} feeds."));
        return ExitCodes.Success;
    }

    private static async Task<int> StatusAsync(CommandContext context, ParseResult parseResult, CancellationToken cancellationToken)
    {
        await using var application = await context.StartWithStorageAsync(parseResult, cancellationToken);
        var feeds = await application.Get<FeedCatalog>().ListAsync(cancellationToken);
        var states = (await application.Get<FeedStateStore>().ListAsync(cancellationToken)).ToDictionary(state => state.RowKey, StringComparer.Ordinal);
        var table = new Table();
        table.AddColumn("id");
        table.AddColumn("last status");
        table.AddColumn("last attempt");
        table.AddColumn("failures");
        table.AddColumn("next planned fetch");
        table.AddColumn("because");
        foreach (var feed in feeds)
        {
            var state = states.GetValueOrDefault(feed.Id);
            table.AddRow(
                Markup.Escape(feed.Id),
                Markup.Escape(state?.LastStatus ?? "never fetched"),
                Time(state?.LastAttempt),
                (state?.ConsecutiveFailures ?? 0).ToString(CultureInfo.InvariantCulture),
                state?.NextAttempt is { } next ? Time(next) : "next run",
                Markup.Escape(state?.NextAttemptReason ?? ""));
        }

        context.Console.OutputConsole.Write(table);
        context.Console.Output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{feeds.Count} feeds."));
        return ExitCodes.Success;
    }

    private static string Time(DateTimeOffset? value)
        => value is { } time ? time.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture) : "";

    /// <summary>"https://www.example.com/rss/world.xml" → "example.com-rss-world-xml" (trimmed to the id's 100 characters).</summary>
    internal static string DeriveId(string url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri))
        {
            throw new CliInputException($"'{url}' is not an absolute URL.");
        }

        var host = uri.IsFile ? "file" : uri.Host.ToLowerInvariant();
        host = host.StartsWith("www.", StringComparison.Ordinal) ? host[4..] : host;
        var raw = host + uri.AbsolutePath.ToLowerInvariant();
        var id = new string(raw.Select(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' ? c : '-').ToArray()).Trim('-');
        while (id.Contains("--", StringComparison.Ordinal))
        {
            id = id.Replace("--", "-", StringComparison.Ordinal);
        }

        return id.Length > 100 ? id[..100].TrimEnd('-') : id;
    }
}
