using System.CommandLine;

namespace NewsMonitor.Cli.Commands;

/// <summary><c>newsmon subscribers add|list|remove</c>: the <c>Subscribers</c> table, for local use and ops.</summary>
internal static class SubscribersCommand
{
    public static Command Create(CommandContext context)
    {
        var email = new Argument<string>("email") { Description = "The subscriber's email address." };
        var keywords = new Option<string[]>("--keyword", "-k")
        {
            Description = "A keyword to watch (repeatable): a term, a \"quoted phrase\", or alternatives with OR.",
            Arity = ArgumentArity.OneOrMore,
            Required = true,
        };
        var name = new Option<string?>("--name") { Description = "Display name." };
        var confirmed = new Option<bool>("--confirmed")
        {
            Description = "Mark confirmed directly (local use): no confirmation email, alerts start at once.",
        };
        var add = new Command("add", "Register a subscriber (sends the double opt-in email unless --confirmed).")
        {
            email, keywords, name, confirmed,
        };
        add.SetAction((parseResult, cancellationToken) =>
        {
            _ = (context, parseResult.GetValue(email), parseResult.GetValue(keywords), parseResult.GetValue(name),
                parseResult.GetValue(confirmed), cancellationToken);
            return NotWired();
        });

        var list = new Command("list", "List subscribers (addresses masked unless --show-emails).");
        var showEmails = new Option<bool>("--show-emails") { Description = "Print full addresses." };
        list.Options.Add(showEmails);
        list.SetAction((parseResult, cancellationToken) =>
        {
            _ = (context, parseResult.GetValue(showEmails), cancellationToken);
            return NotWired();
        });

        var removeEmail = new Argument<string>("email") { Description = "The subscriber's email address." };
        var remove = new Command("remove", "Unsubscribe an address from everything.") { removeEmail };
        remove.SetAction((parseResult, cancellationToken) =>
        {
            _ = (context, parseResult.GetValue(removeEmail), cancellationToken);
            return NotWired();
        });

        return new Command("subscribers", "Manage subscribers (table Subscribers).") { add, list, remove };
    }

    private static Task<int> NotWired() => throw new CliInputException("subscribers is not wired yet.");
}
