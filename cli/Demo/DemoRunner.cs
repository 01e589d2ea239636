using System.Diagnostics;
using System.Globalization;
using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using NewsMonitor.Cli.Hosting;
using NewsMonitor.Cli.Pipeline;
using NewsMonitor.Spikes;
using NewsMonitor.Storage;
using NewsMonitor.Trends;

namespace NewsMonitor.Cli.Demo;

internal sealed record DemoOptions
{
    /// <summary>Where alert emails land as .eml files.</summary>
    public required string Outbox { get; init; }

    /// <summary>Azurite's data folder, kept afterwards; when null Azurite keeps everything in memory.</summary>
    public string? DataFolder { get; init; }

    /// <summary>Simulated time between two fetches of the feeds (the timer's period).</summary>
    public TimeSpan Step { get; init; } = TimeSpan.FromHours(1);
}

/// <summary>
/// Runs the bundled scenario: a private Azurite, the demo feeds on a loopback server, a simulated clock moved one
/// timer period at a time, and at each tick the real stages (ingest, analysis with the local analyzer, mentions,
/// spike detection, alert queue, delivery to the outbox) through <see cref="LocalPipeline"/>.
/// </summary>
/// <param name="wallClock">The real time, which names the run's outbox folder (the simulated clock is the same every run).</param>
internal sealed class DemoRunner(CliConsole console, GlobalSettings global, TimeProvider wallClock)
{
    public async Task<DemoReport> RunAsync(DemoOptions options, CancellationToken cancellationToken)
    {
        var stopwatch = Stopwatch.StartNew();
        var scenario = DemoScenario.Load(DemoScenario.DefaultFolder);
        var clock = new SimulatedClock(scenario.Start);
        var outbox = CreateRunFolder(Path.GetFullPath(options.Outbox), wallClock.GetUtcNow());
        var dataFolder = options.DataFolder is null
            ? Path.Combine(Path.GetTempPath(), "newsmon-demo-" + Guid.NewGuid().ToString("N")[..12])
            : Path.GetFullPath(options.DataFolder);

        await using var feedServer = await DemoFeedServer.StartAsync(scenario, clock, cancellationToken);
        console.Error.WriteLine($"Demo feeds served at {feedServer.BaseAddress} ({scenario.Sources.Count} feeds, {scenario.Items.Count} items over {(scenario.End - scenario.Start).TotalDays:0.#} simulated days)");
        console.Error.WriteLine($"Outbox: {outbox}");

        CycleResult totals;
        DemoReport report;
        try
        {
            await using (var application = await NewsmonHost.StartAsync(
                             console,
                             global,
                             new NewsmonHostOptions
                             {
                                 NeedsStorage = true,
                                 PrivateStorage = true,
                                 AzuriteDataFolder = dataFolder,
                                 InMemoryStorage = options.DataFolder is null,
                                 Clock = clock,
                                 Settings = DemoSettings.For(outbox),
                             },
                             cancellationToken))
            {
                await DemoSettings.SeedAsync(application.Services, scenario, feedServer, cancellationToken);
                var pipeline = ActivatorUtilities.CreateInstance<LocalPipeline>(application.Services);
                totals = await DriveAsync(scenario, clock, pipeline, options.Step, cancellationToken);
                report = await SummarizeAsync(application.Get<NewsStorage>(), scenario, feedServer, totals, outbox, cancellationToken) with
                {
                    Elapsed = stopwatch.Elapsed,
                    Trend = await BurstTrendAsync(application.Get<TrendService>(), scenario, cancellationToken),
                };
            }
        }
        finally
        {
            if (options.DataFolder is null)
            {
                TryDelete(dataFolder);
            }
        }

        return report;
    }

    private async Task<CycleResult> DriveAsync(
        DemoScenario scenario,
        SimulatedClock clock,
        LocalPipeline pipeline,
        TimeSpan step,
        CancellationToken cancellationToken)
    {
        var ticks = new List<DateTimeOffset>();
        for (var time = scenario.Start + step; time <= scenario.End; time += step)
        {
            ticks.Add(time);
        }

        var totals = new CycleResult();
        var progress = DemoProgress.Create(console, ticks);
        await progress.RunAsync(async report =>
        {
            foreach (var tick in ticks)
            {
                cancellationToken.ThrowIfCancellationRequested();
                clock.Set(tick);
                totals += await pipeline.RunCycleAsync(cancellationToken);
                report(tick, totals);
            }
        });
        return totals;
    }

    private static async Task<DemoReport> SummarizeAsync(
        NewsStorage storage,
        DemoScenario scenario,
        DemoFeedServer feedServer,
        CycleResult totals,
        string outbox,
        CancellationToken cancellationToken)
    {
        var articles = await CountBlobsAsync(storage, StorageNames.ArticlesContainer, cancellationToken);
        var analyses = await CountBlobsAsync(storage, StorageNames.AnalysisContainer, cancellationToken);
        var spikeKeywords = new List<string>();
        // Alert rows only: each keyword also has one episode-state row, which sorts after them.
        await foreach (var spike in storage.Table(StorageNames.SpikesTable)
                           .QueryAsync<TableEntity>(
                               TableClient.CreateQueryFilter($"RowKey lt {SpikeEpisodeState.StateRowKey}"),
                               select: [nameof(TableEntity.PartitionKey)],
                               cancellationToken: cancellationToken))
        {
            spikeKeywords.Add(spike.PartitionKey);
        }

        var emails = new List<(string Path, MimeMessage Message)>();
        // The run's own folder holds exactly what this run delivered.
        foreach (var path in ListEmails(outbox).Order(StringComparer.Ordinal))
        {
            emails.Add((path, await MimeMessage.LoadAsync(path, cancellationToken)));
        }

        var outcomes = scenario.Subscribers.Select(subscriber =>
        {
            var received = emails
                .Where(email => email.Message.To.Mailboxes.Any(to =>
                    string.Equals(to.Address, subscriber.Email, StringComparison.OrdinalIgnoreCase)))
                .ToList();
            return new SubscriberOutcome(
                subscriber.Email,
                subscriber.Keyword,
                subscriber.ExpectAlerts,
                received.Count,
                received.Select(email => email.Path).ToList(),
                received.Select(email => email.Message.Subject ?? "").ToList());
        }).ToList();

        return new DemoReport
        {
            Feeds = scenario.Sources.Count,
            FeedFetches = feedServer.Requests,
            NotModified = feedServer.NotModified,
            FeedBytes = feedServer.BodyBytes,
            ItemsSeen = totals.ItemsSeen,
            Articles = articles,
            Duplicates = totals.Duplicates,
            Analyses = analyses,
            Spikes = spikeKeywords.Count,
            SpikeKeywords = spikeKeywords.Distinct(StringComparer.Ordinal).ToList(),
            Emails = emails.Count,
            Subscribers = outcomes,
            AlertEmailPath = outcomes.Where(outcome => outcome.Expected > 0).SelectMany(outcome => outcome.EmailPaths).FirstOrDefault(),
            Outbox = outbox,
            Elapsed = TimeSpan.Zero,
            Totals = totals,
            SimulatedStart = scenario.Start,
            SimulatedEnd = scenario.End,
        };
    }

    /// <summary>
    /// The alerted keyword's hours around its spikes (or the last day when it has none), read through the trends
    /// service while the demo's storage still exists: Azurite keeps it in memory unless --data is given, so a later
    /// <c>newsmon trends</c> could not show it.
    /// </summary>
    private static async Task<TrendReport?> BurstTrendAsync(TrendService trends, DemoScenario scenario, CancellationToken cancellationToken)
    {
        if (scenario.Subscribers.FirstOrDefault(subscriber => subscriber.ExpectAlerts > 0) is not { } subscriber)
        {
            return null;
        }

        var result = await trends.GetAsync(subscriber.Keyword, scenario.Start, scenario.End, cancellationToken);
        if (result.Report is not { } report)
        {
            return null;
        }

        var (from, to) = report.Spikes.Count == 0
            ? (report.To.AddHours(-24), report.To)
            : (report.Spikes.Min(spike => spike.WindowStart).AddHours(-BurstHoursBefore), report.Spikes.Max(spike => spike.WindowEnd).AddHours(BurstHoursAfter));
        from = from < report.From ? report.From : from;
        to = to > report.To ? report.To : to;
        return report with { From = from, To = to, Points = report.Points.Where(point => point.Time >= from && point.Time < to).ToList() };
    }

    /// <summary>Hours shown before the first spike window: enough to see the usual level the burst rises from.</summary>
    private const int BurstHoursBefore = 12;

    /// <summary>Hours shown after the last spike window: the burst fading.</summary>
    private const int BurstHoursAfter = 6;

    private static async Task<int> CountBlobsAsync(NewsStorage storage, string container, CancellationToken cancellationToken)
    {
        var count = 0;
        await foreach (var page in storage.Container(container).GetBlobsAsync(cancellationToken: cancellationToken).AsPages())
        {
            count += page.Values.Count;
        }

        return count;
    }

    /// <summary>
    /// A new folder under the outbox for this run's emails. Every run replays the same scenario, so it sends the same
    /// alert with the same message id, and the outbox transport names files after the message id (a resent email
    /// replaces its file instead of duplicating it); in one shared folder a second run would only rewrite the first
    /// run's file. Named after the real time, so the runs sort in the order they happened.
    /// </summary>
    internal static string CreateRunFolder(string outboxRoot, DateTimeOffset now)
    {
        var name = "demo-" + now.UtcDateTime.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture);
        var folder = Path.Combine(outboxRoot, name);
        for (var n = 2; Directory.Exists(folder); n++)
        {
            folder = Path.Combine(outboxRoot, string.Create(CultureInfo.InvariantCulture, $"{name}_{n}"));
        }

        Directory.CreateDirectory(folder);
        return folder;
    }

    private static IEnumerable<string> ListEmails(string outbox) =>
        Directory.Exists(outbox) ? Directory.EnumerateFiles(outbox, "*.eml", SearchOption.AllDirectories) : [];

    private static void TryDelete(string folder)
    {
        try
        {
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
        catch (IOException)
        {
            // A temp folder left behind is harmless.
        }
        catch (UnauthorizedAccessException)
        {
            // Likewise.
        }
    }

    internal static string Describe(DateTimeOffset time) =>
        time.UtcDateTime.ToString("ddd d MMM HH:mm 'UTC'", CultureInfo.InvariantCulture);
}
