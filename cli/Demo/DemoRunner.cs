using System.Diagnostics;
using System.Globalization;
using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using NewsMonitor.Alerts.Spikes;
using NewsMonitor.Cli.Hosting;
using NewsMonitor.Cli.Pipeline;
using NewsMonitor.Storage;

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
internal sealed class DemoRunner(CliConsole console, GlobalSettings global)
{
    public async Task<DemoReport> RunAsync(DemoOptions options, CancellationToken cancellationToken)
    {
        var stopwatch = Stopwatch.StartNew();
        var scenario = DemoScenario.Load(DemoScenario.DefaultFolder);
        var clock = new SimulatedClock(scenario.Start);
        var outbox = Path.GetFullPath(options.Outbox);
        Directory.CreateDirectory(outbox);
        var earlierEmails = ListEmails(outbox).ToHashSet(StringComparer.Ordinal);
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
            await using (var application = await NewsmonApplication.StartAsync(
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
                report = await SummarizeAsync(application.Get<NewsStorage>(), scenario, feedServer, totals, outbox, earlierEmails, cancellationToken) with
                {
                    Elapsed = stopwatch.Elapsed,
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
        HashSet<string> earlierEmails,
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
        foreach (var path in ListEmails(outbox).Where(path => !earlierEmails.Contains(path)).Order(StringComparer.Ordinal))
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

    private static async Task<int> CountBlobsAsync(NewsStorage storage, string container, CancellationToken cancellationToken)
    {
        var count = 0;
        await foreach (var page in storage.Container(container).GetBlobsAsync(cancellationToken: cancellationToken).AsPages())
        {
            count += page.Values.Count;
        }

        return count;
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
