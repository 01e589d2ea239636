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
        new("smtp-451-forever", "SMTP 451 at end of DATA for every message until the alert's last attempt (then cleared)", (h, r, o) => SmtpAsync(h, o, SmtpFault.Transient451, 1.0)),
        new("smtp-tls", "SMTP TLS fails: STARTTLS required and not offered, or offered with an untrusted certificate (alternate runs)", SmtpTlsAsync),
        new("poison-requeue", "SIGKILLs (while the server holds a message, then random) with the sender refused until the alert is poisoned; `poison requeue --all` after the claim timeout", PoisonRequeueAsync),
        new("queue-down", "the queue service unreachable (connections refused) from a random point of a run and for the whole next run, then back", QueueDownAsync),
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

    private static async Task SmtpTlsAsync(Harness harness, Random random, TrialOutcome outcome)
    {
        harness.Sink.SetFault(SmtpFault.Tls, 1.0);
        for (var run = 0; run < 3 * harness.Intensity; run++)
        {
            // Even runs: the settings require STARTTLS from a server that offers none. Odd runs: the server offers it
            // with a self-signed certificate newsmon does not trust, so the handshake fails.
            harness.Newsmon.ExtraSettings = run % 2 == 0
                ? ["Email:SmtpSecurity=StartTls"]
                : ["Email:SmtpSecurity=StartTls", "Email:SmtpPort=" + harness.Sink.StartTlsPort.ToString(System.Globalization.CultureInfo.InvariantCulture)];
            await harness.RunAsync(outcome);
        }
    }

    /// <summary>
    /// Issue 20's "poison requeue --all after those, more than 10 minutes later": kill-style faults first (SIGKILL while
    /// the mail server holds the first message, which leaves a claim marked handed over, then SIGKILLs at random
    /// points), with the alert poisoned the way it happens in production meanwhile (every send refused for the same
    /// configuration reason until the message has been dequeued five times); then the cause fixed and
    /// <c>poison requeue --all</c> run later than the claim timeout (the harness's 10 minutes); the trial's quiescing
    /// runs then deliver what is still owed.
    /// </summary>
    private static async Task PoisonRequeueAsync(Harness harness, Random random, TrialOutcome outcome)
    {
        harness.Sink.SetFault(SmtpFault.KillAfterData, 1.0);
        await harness.RunAsync(outcome);
        harness.Sink.SetFault(SmtpFault.RejectSender, 1.0);
        for (var kill = 0; kill < 2 * harness.Intensity; kill++)
        {
            var exit = await harness.RunAsync(outcome, killAfter: Between(random, TimeSpan.FromSeconds(0.3), harness.CycleTime * 0.9));
            if (exit.Killed)
            {
                outcome.Faults++;
            }
        }

        for (var run = 0; run < 4 && await harness.Storage.PoisonedAsync() == 0; run++)
        {
            // A message hidden by a killed run comes back after its visibility (the claim timeout and a margin).
            await Task.Delay(NewsmonProcesses.ClaimTimeout + TimeSpan.FromSeconds(2));
            await harness.RunAsync(outcome);
        }

        var poisoned = await harness.Storage.PoisonedAsync();
        outcome.Faults += poisoned;
        outcome.Notes.Add($"{poisoned} alert(s) poisoned");
        harness.Sink.SetFault(SmtpFault.None, 0);
        await Task.Delay(NewsmonProcesses.ClaimTimeout + TimeSpan.FromSeconds(1));
        var requeue = await harness.Newsmon.RequeuePoisonAsync();
        if (requeue.ExitCode != 0)
        {
            outcome.Notes.Add($"poison requeue exited {requeue.ExitCode}: {requeue.Error.Trim()}");
        }
    }

    /// <summary>
    /// Issue 20's "queue service down as the cycle starts": newsmon reaches the queue service through a door the
    /// harness closes at a random point of a run (blobs and tables still answer), keeps closed for the whole next run
    /// (which starts with it down), then opens. The Spikes row must not stay Pending; every email goes out once.
    /// </summary>
    private static async Task QueueDownAsync(Harness harness, Random random, TrialOutcome outcome)
    {
        harness.QueueThroughGate = true;
        for (var outage = 0; outage < harness.Intensity; outage++)
        {
            await harness.RunAsync(outcome, Between(random, TimeSpan.FromSeconds(0.3), harness.CycleTime * 0.8), () =>
            {
                harness.QueueGate.Close();
                outcome.Faults++;
                return Task.CompletedTask;
            });
            if (!harness.QueueGate.IsOpen)
            {
                var down = await harness.RunAsync(outcome);
                outcome.Faults++;
                if (down.ExitCode == 0)
                {
                    outcome.Notes.Add("a run with the queue service down exited 0");
                }

                // What the outage left for the runs after it (the harness reads storage directly, not through the gate).
                var pending = (await harness.Storage.RowsAsync(NewsMonitor.Storage.StorageNames.SpikesTable)).Count(row => row.GetString("State") == "Pending");
                outcome.Notes.Add($"queue back with {pending} spike(s) Pending");
                harness.QueueGate.Open();
            }
        }
    }
}
