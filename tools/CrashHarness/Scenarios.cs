namespace NewsMonitor.Tools.CrashHarness;

/// <summary>One kind of fault, injected during the first run(s) of a trial; the trial then runs newsmon until quiescent.</summary>
internal sealed record Scenario(string Name, string Description, Func<Harness, Random, TrialOutcome, Task> RunAsync);

internal static class Scenarios
{
    public static IReadOnlyList<Scenario> All { get; } =
    [
        new("kill-random", "SIGKILL `run --once` at a random point (5 runs per trial and intensity)", KillRandomAsync),
        new("kill-in-send", "SIGKILL while the SMTP server holds the message, before newsmon reads 250", KillInSendAsync),
        new("azurite-sigterm", "Azurite stopped (SIGTERM) mid-cycle, then restarted", (h, r, o) => StopAzuriteAsync(h, r, o, kill: false)),
        new("azurite-sigkill", "Azurite killed (SIGKILL) mid-cycle, then restarted", (h, r, o) => StopAzuriteAsync(h, r, o, kill: true)),
        new("concurrent", "two `run --once` at once on one account", ConcurrentAsync),
        new("smtp-451", "SMTP 451 at end of DATA (half of the messages)", (h, r, o) => SmtpAsync(h, o, SmtpFault.Transient451, 0.5)),
        new("smtp-550", "SMTP 550 for one recipient", (h, r, o) => SmtpAsync(h, o, SmtpFault.Reject550, 1.0)),
        new("smtp-drop", "SMTP keeps the message then 421 and closes (half)", (h, r, o) => SmtpAsync(h, o, SmtpFault.DropAfterData, 0.5)),
        new("smtp-slow-after", "SMTP keeps the message, answers after the send timeout (half)", (h, r, o) => SmtpAsync(h, o, SmtpFault.SlowAfterData, 0.5)),
        new("smtp-slow-before", "SMTP MAIL FROM answered after the send timeout (half)", (h, r, o) => SmtpAsync(h, o, SmtpFault.SlowBeforeData, 0.5)),
        new("storage-faults", "5% of storage requests fail (503 outage, response lost after the write, 412 on If-Match), 5 runs per intensity", StorageFaultsAsync),
    ];

    private static TimeSpan Between(Random random, TimeSpan low, TimeSpan high) => low + ((high - low) * random.NextDouble());

    private static async Task KillRandomAsync(Harness harness, Random random, TrialOutcome outcome)
    {
        for (var kill = 0; kill < 5 * harness.Intensity; kill++)
        {
            var exit = await harness.RunAsync(outcome, killAfter: Between(random, TimeSpan.FromSeconds(0.3), harness.CycleTime * 0.9));
            if (exit.Killed)
            {
                outcome.Faults++;
            }
        }
    }

    private static async Task KillInSendAsync(Harness harness, Random random, TrialOutcome outcome)
    {
        harness.Sink.SetFault(SmtpFault.KillAfterData, 0.5);
        for (var run = 0; run < 4 * harness.Intensity; run++)
        {
            await harness.RunAsync(outcome);
        }
    }

    private static async Task StopAzuriteAsync(Harness harness, Random random, TrialOutcome outcome, bool kill)
    {
        // A run that ends before its stop time is simply run again (up to 3 times per stop wanted).
        var wanted = harness.Intensity;
        for (var attempt = 0; wanted > 0 && attempt < 3 * harness.Intensity; attempt++)
        {
            var stopped = false;
            await harness.RunAsync(outcome, Between(random, TimeSpan.FromSeconds(0.3), harness.CycleTime * 0.8), async () =>
            {
                await harness.Storage.StopAsync(kill);
                stopped = true;
                outcome.Faults++;
            });
            if (stopped)
            {
                await harness.Storage.StartAsync();
                wanted--;
            }
        }
    }

    private static async Task ConcurrentAsync(Harness harness, Random random, TrialOutcome outcome)
    {
        await Task.WhenAll(harness.RunAsync(outcome), harness.RunAsync(outcome));
        outcome.Faults++;
    }

    private static async Task SmtpAsync(Harness harness, TrialOutcome outcome, SmtpFault fault, double rate)
    {
        harness.Sink.SetFault(fault, rate);
        for (var run = 0; run < 3 * harness.Intensity; run++)
        {
            await harness.RunAsync(outcome);
        }
    }

    private static async Task StorageFaultsAsync(Harness harness, Random random, TrialOutcome outcome)
    {
        var log = harness.NewFaultLog();
        harness.Newsmon.StorageFaults = $"seed={random.Next()};rate=0.05;log={log}";
        for (var run = 0; run < 5 * harness.Intensity; run++)
        {
            await harness.RunAsync(outcome);
        }

        harness.Newsmon.StorageFaults = null;
        outcome.Faults += File.Exists(log) ? File.ReadLines(log).Count() : 0;
    }
}
