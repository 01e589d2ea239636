using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using NewsMonitor.Feeds;
using NewsMonitor.Feeds.Fetching;
using NewsMonitor.Feeds.State;
using Spectre.Console;

namespace NewsMonitor.Cli.Commands;

/// <summary>
/// <c>newsmon feeds list|add|remove|status|reset</c>: the feed catalogue in <c>config/feeds.json</c>, through
/// <see cref="FeedCatalog"/>, and the feeds' fetch state in table <c>Feeds</c>, through <see cref="FeedStateStore"/>.
/// </summary>
internal static class FeedsCommand
{
    public static Command Create(CommandContext context)
    {
        var list = new Command("list", "List the feed catalogue (seeded with the bundled default catalogue when absent).");
        list.SetAction((parseResult, cancellationToken) => ListAsync(context, parseResult, cancellationToken));

        var url = new Argument<string>("url") { Description = "The feed's http(s) URL (or file URL, with Feeds:AllowFileUrls=true)." };
        var id = new Option<string?>("--id") { Description = "Stable id (a-z, 0-9, '-', '_', '.'); derived from the URL when omitted." };
        var name = new Option<string?>("--name") { Description = "Display name." };
        var fullText = new Option<bool>("--full-text") { Description = "Fetch each article page and extract its main text." };
        var tags = new Option<string[]>("--tag") { Description = "A tag (repeatable).", Arity = ArgumentArity.ZeroOrMore };
        var disabled = new Option<bool>("--disabled") { Description = "Add it disabled." };
        var add = new Command(
            "add",
            "Add a feed to the catalogue (or replace the one with the same id, resetting its fetch state); a URL 'run' would refuse is refused now.")
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
            if (await application.Get<FeedFetcher>().CheckAsync(new Uri(feed.Url), cancellationToken) is { } refusal)
            {
                throw new CliInputException(Explain(refusal));
            }

            var added = await application.Get<FeedCatalog>().AddAsync(feed, cancellationToken);
            // A feed added again (after a remove, or to fix its URL) starts afresh: no back-off left from its old failures.
            var reset = await application.Get<FeedStateStore>().ResetAsync(feed.Id, cancellationToken);
            context.Console.Output.WriteLine(
                $"{(added ? "Added" : "Replaced")} feed '{feed.Id}' ({feed.Url})" +
                (reset ? "; its fetch state was reset, the next run fetches it." : "."));
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

        var json = new Option<bool>("--json") { Description = "Print JSON instead of a table." };
        var status = new Command("status", "Show each feed's fetch state: last status, last success, failures, back-off, articles stored.") { json };
        status.SetAction((parseResult, cancellationToken) => StatusAsync(context, parseResult.GetValue(json), parseResult, cancellationToken));

        var resetId = new Argument<string?>("id") { Description = "The id of the feed to reset (see 'feeds list').", Arity = ArgumentArity.ZeroOrOne };
        var all = new Option<bool>("--all") { Description = "Reset every feed of the catalogue." };
        var reset = new Command("reset", "Clear a feed's failures and back-off (every feed's with --all) so the next run fetches it.") { resetId, all };
        reset.Validators.Add(result =>
        {
            if (result.GetValue(resetId) is null == !result.GetValue(all))
            {
                result.AddError("feeds reset needs either a feed id or --all.");
            }
        });
        reset.SetAction((parseResult, cancellationToken) =>
            ResetAsync(context, parseResult.GetValue(resetId), parseResult, cancellationToken));

        return new Command("feeds", "Show or edit the feed catalogue (blob config/feeds.json) and the feeds' fetch state.")
        {
            list, add, remove, status, reset,
        };
    }

    /// <summary>The refusal as the user can act on it: which setting allows it, and that every run needs it too.</summary>
    private static string Explain(FeedUrlRefusal refusal) => refusal.Setting is { } setting
        ? $"'newsmon run' would refuse this feed: {refusal.Reason} To allow it, pass --set {setting}=true to 'feeds add' and to " +
          $"every 'run' (or set {setting.Replace(":", "__", StringComparison.Ordinal)}=true in the environment)."
        : $"'newsmon run' would refuse this feed: {refusal.Reason}";

    private static async Task<int> StatusAsync(CommandContext context, bool json, ParseResult parseResult, CancellationToken cancellationToken)
    {
        await using var application = await context.StartWithStorageAsync(parseResult, cancellationToken);
        var feeds = await application.Get<FeedCatalog>().ListAsync(cancellationToken);
        var states = (await application.Get<FeedStateStore>().ListAsync(cancellationToken))
            .ToDictionary(state => state.RowKey, StringComparer.Ordinal);
        var now = application.Get<TimeProvider>().GetUtcNow();
        var rows = feeds.Select(feed => FeedStatus.From(feed, states.GetValueOrDefault(feed.Id), now)).ToList();
        if (json)
        {
            context.Console.Output.WriteLine(JsonSerializer.Serialize(rows, StatusJson));
            return ExitCodes.Success;
        }

        var table = new Table();
        table.AddColumn("id");
        table.AddColumn("last status");
        table.AddColumn("last success");
        table.AddColumn(new TableColumn("failures").RightAligned());
        table.AddColumn("next attempt");
        table.AddColumn("because");
        table.AddColumn(new TableColumn("articles").RightAligned());
        table.AddColumn("last error");
        foreach (var row in rows)
        {
            table.AddRow(
                Markup.Escape(row.Id),
                Markup.Escape(row.LastAttempt is null && row.LastStatus == nameof(FeedFetchStatus.None) ? "never fetched"
                    : row.LastHttpStatus is { } http ? $"{row.LastStatus} ({http})" : row.LastStatus),
                Time(row.LastSuccess) ?? "never",
                row.ConsecutiveFailures.ToString(CultureInfo.InvariantCulture),
                // A planned time already past means the next run; it is shown anyway, with why it was planned.
                !row.Enabled ? "disabled" : Time(row.NextAttempt) ?? "next run",
                Markup.Escape(row.NextAttemptReason ?? ""),
                row.ArticlesStored.ToString(CultureInfo.InvariantCulture),
                Markup.Escape(Shorten(row.LastError ?? "")));
        }

        context.Console.OutputConsole.Write(table);
        var backingOff = rows.Count(row => row.Enabled && row.BackingOff);
        var hint = backingOff > 0 ? " ('newsmon feeds reset ID|--all' fetches them on the next run)." : ".";
        context.Console.Output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{rows.Count} feeds, {backingOff} backing off{hint}"));
        return ExitCodes.Success;
    }

    private static async Task<int> ResetAsync(CommandContext context, string? feedId, ParseResult parseResult, CancellationToken cancellationToken)
    {
        await using var application = await context.StartWithStorageAsync(parseResult, cancellationToken);
        var feeds = await application.Get<FeedCatalog>().ListAsync(cancellationToken);
        var ids = feedId is null ? feeds.Select(feed => feed.Id).ToList() : [feedId];
        if (feedId is not null && !feeds.Any(feed => feed.Id == feedId))
        {
            throw new CliInputException($"no feed with id '{feedId}' in the catalogue ('newsmon feeds list' shows the ids).");
        }

        var store = application.Get<FeedStateStore>();
        foreach (var id in ids)
        {
            await store.ResetAsync(id, cancellationToken);
        }

        context.Console.Output.WriteLine(feedId is null
            ? string.Create(CultureInfo.InvariantCulture, $"Reset {ids.Count} feeds: the next run fetches them.")
            : $"Reset feed '{feedId}': the next run fetches it.");
        return ExitCodes.Success;
    }

    private static readonly JsonSerializerOptions StatusJson = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    private static string? Time(DateTimeOffset? time) =>
        time?.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>Errors can carry a whole exception message; the table shows the start, the JSON all of it.</summary>
    private static string Shorten(string text) => text.Length <= 80 ? text : text[..79] + "…";

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

/// <summary>One row of <c>feeds status</c>: a catalogue entry and its fetch state (none before its first fetch).</summary>
internal sealed record FeedStatus(
    string Id,
    string Url,
    bool Enabled,
    string LastStatus,
    int? LastHttpStatus,
    DateTimeOffset? LastAttempt,
    DateTimeOffset? LastSuccess,
    int ConsecutiveFailures,
    DateTimeOffset? NextAttempt,
    bool BackingOff,
    string? NextAttemptReason,
    long ArticlesStored,
    string? LastError)
{
    public static FeedStatus From(FeedDefinition feed, FeedState? state, DateTimeOffset now) => new(
        feed.Id,
        feed.Url,
        feed.Enabled,
        state?.LastStatus ?? nameof(FeedFetchStatus.None),
        state?.LastHttpStatus,
        state?.LastAttempt,
        state?.LastSuccess,
        state?.ConsecutiveFailures ?? 0,
        state?.NextAttempt,
        state?.NextAttempt > now,
        state?.NextAttemptReason,
        state?.ArticlesStored ?? 0,
        state?.LastError);
}
