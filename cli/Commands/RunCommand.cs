using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using NewsMonitor.Alerts;
using NewsMonitor.Cli.Hosting;
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
            return await MonitorAsync(
                context, application, TimeSpan.FromMinutes(parseResult.GetValue(interval)), parseResult.GetValue(once), cancellationToken);
        });
        return command;
    }

    /// <summary>The monitoring loop of <c>run</c> (and of <c>serve</c>): a cycle every period until cancelled, or one.</summary>
    internal static async Task<int> MonitorAsync(
        CommandContext context,
        NewsmonHost application,
        TimeSpan period,
        bool once,
        CancellationToken cancellationToken)
    {
        var pipeline = ActivatorUtilities.CreateInstance<LocalPipeline>(application.Services);
        var digests = ActivatorUtilities.CreateInstance<DigestTimer>(application.Services);
        var console = context.Console;
        var clock = application.Get<TimeProvider>();
        console.Error.WriteLine(once
            ? "Running one cycle."
            : $"Monitoring every {period.TotalMinutes:0} min; Ctrl+C to stop.");
        using var timer = new PeriodicTimer(period);
        var progress = RunProgress.Create(console);
        var cycles = 0;
        CycleResult? last = null;
        try
        {
            do
            {
                var number = ++cycles;
                var result = last = await progress.RunAsync(number, stage => pipeline.RunCycleAsync(cancellationToken, stage));
                console.Error.WriteLine($"{clock.GetUtcNow():u} {Describe(result)}");
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

                if (once && NothingFetched(result) is { } problem)
                {
                    console.WriteError(problem);
                    return ExitCodes.Failure;
                }
            }
            while (!once && await timer.WaitForNextTickAsync(cancellationToken));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            console.Error.WriteLine("Stopped.");
        }

        if (once && last is { WorkLeft: true } unfinished)
        {
            // A script running --once until it succeeds must not take a cycle that left work behind for done.
            console.WriteError(
                $"the cycle left work undone: {unfinished.AnalysisLeft} articles still to analyze, " +
                $"{unfinished.AlertsDeferred} alerts waiting for another worker's claim, {unfinished.Poisoned} alerts moved to " +
                "alerts-poison; the next run retries the first two ('newsmon poison list' shows the others).");
            return ExitCodes.Failure;
        }

        return ExitCodes.Success;
    }

    /// <summary>The cycle line: every enabled feed is counted once, as fetched, failed or backing off.</summary>
    internal static string Describe(CycleResult result) => string.Create(
        CultureInfo.InvariantCulture,
        $"feeds {result.FeedsTried + result.FeedsSkipped}: fetched {result.FeedsFetched} (304: {result.FeedsNotModified}), " +
        $"failed {result.FeedsFailed}, backing off {result.FeedsSkipped}; new articles {result.NewArticles}, " +
        $"duplicates {result.Duplicates}, analyzed {result.Analyzed}, alerts delivered {result.AlertsDelivered}, poisoned {result.Poisoned}");

    /// <summary>Why a one-off run fetched no feed at all (a failed run), or null when at least one feed answered.</summary>
    internal static string? NothingFetched(CycleResult result)
    {
        if (result.FeedsFetched > 0)
        {
            return null;
        }

        if (result.FeedsTried > 0)
        {
            return $"no feed could be fetched: all {result.FeedsTried} tried failed" +
                   (result.FeedsSkipped > 0 ? $" and {result.FeedsSkipped} are backing off" : "") +
                   ". 'newsmon feeds status' shows why; -v logs each attempt.";
        }

        return result.FeedsSkipped > 0
            ? $"no feed was fetched: all {result.FeedsSkipped} enabled feeds are backing off after failures. " +
              "'newsmon feeds status' shows why; 'newsmon feeds reset --all' fetches them on the next run."
            : "no feed was fetched: the catalogue has no enabled feed. Add one with 'newsmon feeds add URL'.";
    }
}
