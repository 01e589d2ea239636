using System.CommandLine;

namespace NewsMonitor.Cli.Commands;

/// <summary><c>newsmon poison list|requeue</c>: alerts that failed 5 times and landed in <c>alerts-poison</c>.</summary>
internal static class PoisonCommand
{
    public static Command Create(CommandContext context)
    {
        var list = new Command("list", "List the messages in alerts-poison.");
        list.SetAction((parseResult, cancellationToken) =>
        {
            _ = (context, parseResult, cancellationToken);
            return NotWired();
        });

        var all = new Option<bool>("--all") { Description = "Requeue every poison message." };
        var messageId = new Argument<string?>("message-id")
        {
            Description = "The poison message to move back to the alerts queue.",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var requeue = new Command("requeue", "Move poison messages back to the alerts queue.") { messageId, all };
        requeue.Validators.Add(result =>
        {
            if ((result.GetValue(messageId) is null) != result.GetValue(all))
            {
                result.AddError("give a message id or --all.");
            }
        });
        requeue.SetAction((parseResult, cancellationToken) =>
        {
            _ = (context, parseResult.GetValue(messageId), cancellationToken);
            return NotWired();
        });

        return new Command("poison", "Inspect and requeue alerts that failed 5 times (queue alerts-poison).") { list, requeue };
    }

    private static Task<int> NotWired() => throw new CliInputException("poison is not wired yet.");
}
