using System.Globalization;
using System.Text;

namespace NewsMonitor.Tools.CrashHarness;

/// <summary>What one trial did and found.</summary>
internal sealed class TrialOutcome
{
    public int Faults { get; set; }

    public int Runs { get; set; }

    public int Unhandled { get; set; }

    public List<string> Notes { get; } = [];

    public Verdict Verdict { get; set; } = new();
}

/// <summary>A scenario's trials added up.</summary>
internal sealed class ScenarioTotals
{
    public int Trials { get; private set; }

    public int Faults { get; private set; }

    public int Lost { get; private set; }

    public int Duplicated { get; private set; }

    public int Uncertain { get; private set; }

    public int UncertainReceived { get; private set; }

    public int Unhandled { get; private set; }

    public int Runs { get; private set; }

    public void Add(TrialOutcome outcome)
    {
        Trials++;
        Faults += outcome.Faults;
        Lost += outcome.Verdict.Lost;
        Duplicated += outcome.Verdict.Duplicated;
        Uncertain += outcome.Verdict.Uncertain;
        UncertainReceived += outcome.Verdict.UncertainReceived;
        Unhandled += outcome.Unhandled;
        Runs += outcome.Runs;
    }

    public static string Table(IReadOnlyList<Scenario> scenarios, IReadOnlyDictionary<string, ScenarioTotals> totals)
    {
        var table = new StringBuilder();
        table.AppendLine("| scenario | fault | trials | injected faults | newsmon runs | lost | duplicated | recorded `uncertain` (of which received) | runs ending in an unhandled exception |");
        table.AppendLine("|---|---|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var scenario in scenarios)
        {
            var total = totals[scenario.Name];
            if (total.Trials == 0)
            {
                continue;
            }

            table.AppendLine(CultureInfo.InvariantCulture,
                $"| {scenario.Name} | {scenario.Description} | {total.Trials} | {total.Faults} | {total.Runs} | {total.Lost} | {total.Duplicated} | {total.Uncertain} ({total.UncertainReceived}) | {total.Unhandled} |");
        }

        var all = totals.Values.Where(total => total.Trials > 0).ToList();
        table.Append(CultureInfo.InvariantCulture,
            $"| **all** | | {all.Sum(t => t.Trials)} | {all.Sum(t => t.Faults)} | {all.Sum(t => t.Runs)} | {all.Sum(t => t.Lost)} | {all.Sum(t => t.Duplicated)} | {all.Sum(t => t.Uncertain)} ({all.Sum(t => t.UncertainReceived)}) | {all.Sum(t => t.Unhandled)} |");
        return table.ToString();
    }
}

/// <summary>The feeds, the mail sink, Azurite and the newsmon processes of one harness run, and a trial's steps.</summary>
internal sealed class Harness : IAsyncDisposable
{
    private readonly FeedServer _feeds;
    private readonly int _seed;
    private readonly string _folder;
    private readonly Queue<TimeSpan> _recent = new();
    private int _trial;

    private Harness(string folder, int seed, FeedServer feeds, MailSink sink, HarnessStorage storage)
    {
        _folder = folder;
        _seed = seed;
        _feeds = feeds;
        Sink = sink;
        Storage = storage;
        var work = Path.Combine(folder, "work");
        Directory.CreateDirectory(work);
        QueueGate = new QueueGate(() => storage.QueuePort);
        QueueGate.Open();
        Newsmon = new NewsmonProcesses(
            work, () => QueueThroughGate ? storage.ConnectionStringWithQueueAt(QueueGate.Port) : storage.ConnectionString, sink.Port);
        sink.KillSender = Newsmon.KillAll;
    }

    public MailSink Sink { get; }

    /// <summary>Faulty runs per trial scale with it (the long mode's <c>--intensity</c>); 1 in CI.</summary>
    public int Intensity { get; init; } = 1;

    public HarnessStorage Storage { get; }

    public NewsmonProcesses Newsmon { get; }

    /// <summary>The door in front of the queue service that the <c>queue-down</c> scenario closes.</summary>
    public QueueGate QueueGate { get; }

    /// <summary>newsmon reaches the queue service through <see cref="QueueGate"/> (only the queue-down scenario).</summary>
    public bool QueueThroughGate { get; set; }

    /// <summary>Spikes the clean trial raised: every trial must end with exactly these.</summary>
    public int ExpectedSpikes { get; private set; }

    /// <summary>How long a clean <c>run --once</c> of a trial's news takes here (process start included): kill times are drawn within it.</summary>
    public TimeSpan CycleTime { get; private set; }

    public static async Task<Harness> StartAsync(string folder, int seed, int intensity = 1)
    {
        var feeds = await FeedServer.StartAsync();
        var sink = MailSink.Start();
        var storage = new HarnessStorage(Path.Combine(folder, "azurite"));
        return new Harness(folder, seed, feeds, sink, storage) { Intensity = intensity };
    }

    public async Task<string> CalibrateAsync()
    {
        await PrepareAsync();
        var first = await Newsmon.RunOnceAsync();
        CycleTime = first.Elapsed;
        var outcome = new TrialOutcome { Runs = 1 };
        await QuiesceAsync(outcome);
        ExpectedSpikes = (await Storage.RowsAsync(NewsMonitor.Storage.StorageNames.SpikesTable)).Count(row => !row.RowKey.StartsWith('~'));
        var verdict = await Checker.CheckAsync(Storage, _feeds.News, Sink, ExpectedSpikes);
        if (first.ExitCode != 0 || verdict.Lost + verdict.Duplicated > 0)
        {
            throw new InvalidOperationException(
                $"the clean trial already fails (exit {first.ExitCode}): {string.Join("; ", verdict.Problems)}\n{first.Error}");
        }

        return $"one run --once takes {CycleTime.TotalSeconds:0.0} s; {_feeds.News.Stories.Count} stories, {ExpectedSpikes} spike(s), {verdict.Emails} emails";
    }

    public async Task<TrialOutcome> RunTrialAsync(Scenario scenario)
    {
        var random = await PrepareAsync();
        var outcome = new TrialOutcome();
        await scenario.RunAsync(this, random, outcome);
        ClearFaults();
        await QuiesceAsync(outcome);
        outcome.Faults += Sink.Injected;
        outcome.Verdict = await Checker.CheckAsync(Storage, _feeds.News, Sink, ExpectedSpikes);
        return outcome;
    }

    /// <summary>Every fault a scenario can set, cleared: what runs next runs as in production.</summary>
    private void ClearFaults()
    {
        Sink.SetFault(SmtpFault.None, 0);
        Newsmon.StorageFaults = null;
        Newsmon.ExtraSettings = [];
        QueueGate.Open();
    }

    /// <summary>
    /// A fresh trial: storage new and seeded, the sink emptied, new news (new links) on the feeds, and the day's history ingested
    /// and analyzed by a clean run; then the feeds carry the burst, which the trial's faulty runs ingest.
    /// </summary>
    private async Task<Random> PrepareAsync()
    {
        _trial++;
        var random = new Random(unchecked((_seed * 100_003) + _trial));
        await Storage.ResetAsync(_feeds.BaseAddress);
        Sink.Reset(SmtpFault.None, 0, random.Next());
        ClearFaults();
        QueueThroughGate = false;
        _feeds.News = TrialNews.Create(_trial, random, DateTimeOffset.UtcNow);
        // A loaded machine can make a run time out: the history is retried, it is not the trial's fault.
        for (var attempt = 1; ; attempt++)
        {
            var history = await Newsmon.RunOnceAsync();
            if (history.ExitCode == 0 && await Storage.OwedWorkAsync() is null)
            {
                break;
            }

            if (attempt == 3)
            {
                throw new InvalidOperationException($"the clean run of the history failed 3 times (exit {history.ExitCode}): {history.Error}");
            }
        }

        _feeds.News.Live = true;
        return random;
    }

    /// <summary>A run of newsmon, counted, with a stack trace on stderr noted.</summary>
    public async Task<NewsmonExit> RunAsync(TrialOutcome outcome, TimeSpan? killAfter = null, Func<Task>? atKillTime = null)
    {
        var exit = await Newsmon.RunOnceAsync(killAfter, atKillTime);
        outcome.Runs++;
        if (exit is { Killed: false, ExitCode: 0 })
        {
            // The machine's load changes: kill times follow the recent clean runs, not the first one.
            lock (_recent)
            {
                _recent.Enqueue(exit.Elapsed);
                if (_recent.Count > 8)
                {
                    _recent.Dequeue();
                }

                CycleTime = _recent.Order().ElementAt(_recent.Count / 2);
            }
        }

        if (exit.Unhandled && !exit.Killed)
        {
            outcome.Unhandled++;
            outcome.Notes.Add("unhandled exception: " + FirstLines(exit.Error));
        }

        return exit;
    }

    /// <summary>
    /// Runs newsmon until a run succeeds and storage owes nothing (backlog empty, no alert message, no pending spike),
    /// as an operator restarting it would; a message hidden by a killed run comes back after the claim timeout.
    /// </summary>
    public async Task QuiesceAsync(TrialOutcome outcome)
    {
        var deadline = DateTime.UtcNow.AddMinutes(3);
        string? owed = null;
        for (var attempt = 0; attempt < 25 && DateTime.UtcNow < deadline; attempt++)
        {
            var exit = await RunAsync(outcome);
            owed = await Storage.OwedWorkAsync();
            if (exit.ExitCode == 0 && owed is null)
            {
                return;
            }

            if (!exit.Killed)
            {
                await Task.Delay(TimeSpan.FromSeconds(1));
            }
        }

        outcome.Notes.Add("never quiescent: " + (owed ?? "the last run failed"));
    }

    /// <summary>A file the storage fault hook appends one line per injected fault to.</summary>
    public string NewFaultLog() => Path.Combine(_folder, $"storage-faults-{_trial}.log");

    private static string FirstLines(string text) =>
        string.Join(" | ", text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .SkipWhile(line => !line.Contains("Unhandled exception", StringComparison.Ordinal)).Take(2));

    public async ValueTask DisposeAsync()
    {
        Newsmon.KillAll();
        await QueueGate.DisposeAsync();
        await Storage.DisposeAsync();
        await Sink.DisposeAsync();
        await _feeds.DisposeAsync();
    }
}
