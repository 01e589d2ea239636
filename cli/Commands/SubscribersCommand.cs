using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using NewsMonitor.Analysis.Keywords;
using NewsMonitor.Subscriptions;
using Spectre.Console;

namespace NewsMonitor.Cli.Commands;

/// <summary>
/// <c>newsmon subscribers add|list|remove</c>: the <c>Subscribers</c> table, through the subscriptions stage
/// (<see cref="SubscriptionService"/> for the double opt-in, <see cref="SubscriberStore"/> for the rest).
/// </summary>
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
        var daily = new Option<bool>("--daily") { Description = "A daily digest instead of instant alerts." };
        var confirmed = new Option<bool>("--confirmed")
        {
            Description = "Mark confirmed directly (local use): no confirmation email, alerts start at once.",
        };
        var add = new Command("add", "Register a subscriber (sends the double opt-in email to the outbox unless --confirmed).")
        {
            email, keywords, daily, confirmed,
        };
        add.SetAction((parseResult, cancellationToken) => AddAsync(
            context,
            parseResult,
            parseResult.GetRequiredValue(email),
            parseResult.GetRequiredValue(keywords),
            parseResult.GetValue(daily) ? SubscriberFrequency.Daily : SubscriberFrequency.Instant,
            parseResult.GetValue(confirmed),
            cancellationToken));

        var showEmails = new Option<bool>("--show-emails") { Description = "Print full addresses (they are masked by default)." };
        var keywordFilter = new Option<string?>("--keyword", "-k") { Description = "Only subscribers of this keyword." };
        var list = new Command("list", "List subscribers.") { showEmails, keywordFilter };
        list.SetAction((parseResult, cancellationToken) => ListAsync(
            context, parseResult, parseResult.GetValue(showEmails), parseResult.GetValue(keywordFilter), cancellationToken));

        var removeEmail = new Argument<string>("email") { Description = "The subscriber's email address." };
        var remove = new Command("remove", "Remove a subscriber and all their keywords.") { removeEmail };
        remove.SetAction(async (parseResult, cancellationToken) =>
        {
            var address = Normalize(parseResult.GetRequiredValue(removeEmail));
            await using var application = await context.StartWithStorageAsync(parseResult, cancellationToken);
            if (!await application.Get<SubscriberStore>().RemoveAsync(EmailAddresses.SubscriberId(address), cancellationToken))
            {
                throw new CliInputException($"no subscriber {EmailAddresses.Mask(address)}.");
            }

            context.Console.Output.WriteLine($"Removed {EmailAddresses.Mask(address)}.");
            return ExitCodes.Success;
        });

        return new Command("subscribers", "Manage subscribers (table Subscribers).") { add, list, remove };
    }

    private static async Task<int> AddAsync(
        CommandContext context,
        ParseResult parseResult,
        string email,
        string[] keywords,
        string frequency,
        bool confirmed,
        CancellationToken cancellationToken)
    {
        var address = Normalize(email);
        foreach (var keyword in keywords)
        {
            try
            {
                _ = Keyword.Parse(keyword);
            }
            catch (FormatException exception)
            {
                throw new CliInputException($"keyword '{keyword}': {exception.Message}", exception);
            }
        }

        await using var application = await context.StartWithStorageAsync(parseResult, cancellationToken);
        if (confirmed)
        {
            var record = await application.Get<SubscriberStore>().AddAsync(address, keywords, frequency, confirmed: true, cancellationToken);
            context.Console.Output.WriteLine($"{record.Email}: confirmed, watching {string.Join(", ", record.Keywords)}.");
            return ExitCodes.Success;
        }

        // The same path as the Subscribe HTTP function: validation, throttling, the confirmation email.
        var response = await application.Get<SubscriptionService>().SubscribeAsync(
            JsonSerializer.Serialize(new { email = address, keywords, frequency }),
            cancellationToken);
        if ((int)response.Status >= 400)
        {
            throw new CliInputException(ErrorOf(response));
        }

        // The HTTP function answers in JSON; a person at a terminal gets the same outcome as a sentence.
        using var body = JsonDocument.Parse(response.Body);
        var root = body.RootElement;
        context.Console.Output.WriteLine(root.GetProperty("status").GetString() switch
        {
            "confirmation-sent" =>
                $"{address}: confirmation email sent for {string.Join(", ", Strings(root, "pendingKeywords"))}; alerts start once the link in it is opened.",
            _ => $"{address}: already confirmed, watching {string.Join(", ", Strings(root, "keywords"))}.",
        });
        return ExitCodes.Success;
    }

    private static async Task<int> ListAsync(
        CommandContext context,
        ParseResult parseResult,
        bool showEmails,
        string? keyword,
        CancellationToken cancellationToken)
    {
        await using var application = await context.StartWithStorageAsync(parseResult, cancellationToken);
        var subscribers = await application.Get<SubscriberStore>().ListAsync(keyword, cancellationToken);
        var table = new Table();
        table.AddColumn("email");
        table.AddColumn("keywords");
        table.AddColumn("pending");
        table.AddColumn("confirmed");
        table.AddColumn("frequency");
        table.AddColumn("bouncing");
        foreach (var subscriber in subscribers.OrderBy(subscriber => subscriber.Email, StringComparer.OrdinalIgnoreCase))
        {
            table.AddRow(
                Markup.Escape(showEmails ? subscriber.Email : EmailAddresses.Mask(subscriber.Email)),
                Markup.Escape(string.Join(", ", subscriber.Keywords)),
                Markup.Escape(string.Join(", ", subscriber.PendingKeywords)),
                subscriber.Confirmed ? "yes" : "no",
                subscriber.Frequency,
                subscriber.Bouncing ? Markup.Escape(subscriber.BounceReason ?? "yes") : "no");
        }

        context.Console.OutputConsole.Write(table);
        context.Console.Output.WriteLine(string.Create(
            CultureInfo.InvariantCulture, $"{subscribers.Count} {(subscribers.Count == 1 ? "subscriber" : "subscribers")}."));
        return ExitCodes.Success;
    }

    private static string Normalize(string email) =>
        EmailAddresses.TryNormalize(email, out var normalized, out var error) ? normalized : throw new CliInputException(error);

    private static string ErrorOf(SubscriptionResponse response)
    {
        try
        {
            using var json = JsonDocument.Parse(response.Body);
            return json.RootElement.TryGetProperty("error", out var error) ? error.GetString() ?? response.Body : response.Body;
        }
        catch (JsonException)
        {
            return $"{(int)response.Status} {response.Status}";
        }
    }


    private static IEnumerable<string> Strings(JsonElement root, string property) =>
        root.TryGetProperty(property, out var array) && array.ValueKind == JsonValueKind.Array
            ? array.EnumerateArray().Select(item => item.GetString() ?? "")
            : [];
}
