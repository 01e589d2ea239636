using System.CommandLine;
using System.Globalization;
using NewsMonitor.Alerts;
using Spectre.Console;

namespace NewsMonitor.Cli.Commands;

/// <summary><c>newsmon poison list|requeue</c>: alerts that failed 5 times and landed in <c>alerts-poison</c>.</summary>
internal static class PoisonCommand
{
    public static Command Create(CommandContext context)
    {
        var list = new Command("list", "List the messages in alerts-poison (the first 32).");
        list.SetAction(async (parseResult, cancellationToken) =>
        {
            await using var application = await context.StartWithStorageAsync(parseResult, cancellationToken);
            var messages = await application.Get<PoisonQueue>().ListAsync(cancellationToken);
            var table = new Table();
            table.AddColumn("message id");
            table.AddColumn("inserted");
            table.AddColumn("keyword");
            table.AddColumn("alert id");
            foreach (var message in messages)
            {
                table.AddRow(
                    Markup.Escape(message.MessageId),
                    message.InsertedOn?.ToString("u", CultureInfo.InvariantCulture) ?? "",
                    Markup.Escape(message.Keyword ?? "(unreadable)"),
                    Markup.Escape(message.AlertId ?? ""));
            }

            context.Console.OutputConsole.Write(table);
            context.Console.Output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{messages.Count} poison messages."));
            return ExitCodes.Success;
        });

        var all = new Option<bool>("--all") { Description = "Requeue every poison message." };
        var messageId = new Argument<string?>("message-id")
        {
            Description = "The poison message to move back to the alerts queue (see 'poison list').",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var requeue = new Command(
            "requeue",
            "Move poison messages back to the alerts queue; the Deliveries ledger sends only emails still owed.")
        {
            messageId,
            all,
        };
        requeue.Validators.Add(result =>
        {
            if ((result.GetValue(messageId) is null) != result.GetValue(all))
            {
                result.AddError("give a message id or --all.");
            }
        });
        requeue.SetAction(async (parseResult, cancellationToken) =>
        {
            var id = parseResult.GetValue(messageId);
            await using var application = await context.StartWithStorageAsync(parseResult, cancellationToken);
            var moved = await application.Get<PoisonQueue>().RequeueAsync(id, cancellationToken);
            if (id is not null && moved == 0)
            {
                throw new CliInputException($"no poison message with id '{id}'.");
            }

            context.Console.Output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Requeued {moved} message(s) to alerts."));
            return ExitCodes.Success;
        });

        return new Command("poison", "Inspect and requeue alerts that failed 5 times (queue alerts-poison).") { list, requeue };
    }
}
