using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using NewsMonitor.Alerts;
using NewsMonitor.Cli.Pipeline;

namespace NewsMonitor.Cli.Commands;

/// <summary>
/// <c>newsmon run</c>: monitor the catalogue until Ctrl+C. Every period: ingest, analyze the new articles, deliver the
/// alerts, as the Functions app's timer, blob and queue triggers would; the daily digest when its schedule comes due.
/// </summary>
internal static class RunCommand
{
    public static Command Create(CommandContext context)
    {
        var interval = new Option<int>("--interval-minutes")
        {
            Description = "Minutes between two fetches of the catalogue (the Functions app's FetchSchedule is every 5 minutes).",
            DefaultValueFactory = _ => 5,
        };
        CommandContext.ValidateRange(interval, 1, int.MaxValue, "--interval-minutes must be at least 1.");
        var once = new Option<bool>("--once") { Description = "Run one cycle and exit." };
        var outbox = new Option<string?>("--outbox", "-o")
        {
            Description = "Folder for alert emails (.eml) with the outbox transport (default: Email:OutboxPath, i.e. ./outbox).",
            HelpName = "DIR",
        };
        var command = new Command("run", "Monitor the feed catalogue until Ctrl+C: ingest, analysis, spike alerts, email.")
        {
            interval,
            once,
            outbox,
        };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var settings = new Dictionary<string, string?>();
            if (parseResult.GetValue(outbox) is { } folder)
            {
                settings["Email:OutboxPath"] = Path.GetFullPath(folder);
            }

            await using var application = await context.StartWithStorageAsync(parseResult, cancellationToken, settings);
            var pipeline = ActivatorUtilities.CreateInstance<LocalPipeline>(application.Services);
            var digests = ActivatorUtilities.CreateInstance<DigestTimer>(application.Services);
            var period = TimeSpan.FromMinutes(parseResult.GetValue(interval));
            var console = context.Console;
            var clock = application.Get<TimeProvider>();
            console.Error.WriteLine(parseResult.GetValue(once)
                ? "Running one cycle."
                : $"Monitoring every {period.TotalMinutes:0} min; Ctrl+C to stop.");
            using var timer = new PeriodicTimer(period);
            CycleResult? last = null;
            try
            {
                do
                {
                    var result = last = await pipeline.RunCycleAsync(cancellationToken);
                    console.Error.WriteLine(
                        $"{clock.GetUtcNow():u} feeds {result.FeedsTried} (304: {result.FeedsNotModified}, failed: {result.FeedsFailed}), " +
                        $"new articles {result.NewArticles}, duplicates {result.Duplicates}, analyzed {result.Analyzed}, " +
                        $"alerts delivered {result.AlertsDelivered}, poisoned {result.Poisoned}");
                    try
                    {
                        if (await digests.RunIfDueAsync(cancellationToken) is { } digest)
                        {
                            console.Error.WriteLine($"{clock.GetUtcNow():u} {digest.DigestId}: sent {digest.Sent}, already sent {digest.AlreadyDone}, rejected {digest.Failed}");
                        }
                    }
                    catch (AlertDeliveryException exception)
                    {
                        // Some digests failed transiently: the next due run the same day sends only those still owed.
                        console.Error.WriteLine(exception.Message);
                    }
                }
                while (!parseResult.GetValue(once) && await timer.WaitForNextTickAsync(cancellationToken));
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                console.Error.WriteLine("Stopped.");
            }

            if (parseResult.GetValue(once) && last is { WorkLeft: true } unfinished)
            {
                // A script running --once until it succeeds must not take a cycle that left work behind for done.
                console.WriteError(
                    $"the cycle left work undone: {unfinished.AnalysisLeft} articles still to analyze, " +
                    $"{unfinished.AlertsDeferred} alerts waiting for another worker's claim, {unfinished.Poisoned} alerts moved to " +
                    "alerts-poison; the next run retries the first two ('newsmon poison list' shows the others).");
                return ExitCodes.Failure;
            }

            return ExitCodes.Success;
        });
        return command;
    }
}
