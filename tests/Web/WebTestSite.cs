using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using MimeKit;
using NewsMonitor.Alerts;
using NewsMonitor.Analysis;
using NewsMonitor.Cli.Web;
using NewsMonitor.Spikes;
using NewsMonitor.Storage;
using NewsMonitor.Tests.Alerts;
using NewsMonitor.Tests.Support;
using NewsMonitor.Web;

namespace NewsMonitor.Tests.Web;

/// <summary>
/// The pages as <c>newsmon serve</c> serves them: the stages on the test's Azurite with the outbox email transport,
/// behind the real Kestrel endpoints, once for the public (links in emails point here) and once with the admin flag.
/// Global keywords: <c>Taliban OR "Islamic Emirate"</c> and Afghanistan.
/// </summary>
internal sealed class WebTestSite : IAsyncDisposable
{
    public const string TalibanEntry = "Taliban OR \"Islamic Emirate\"";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private WebTestSite(AlertsTestHost host, LocalWebServer site, LocalWebServer admin)
    {
        Host = host;
        Site = site;
        Admin = admin;
    }

    public AlertsTestHost Host { get; }

    public LocalWebServer Site { get; }

    public LocalWebServer Admin { get; }

    public Uri BaseAddress => Site.BaseAddress;

    public static async Task<WebTestSite> StartAsync(AzuriteFixture azurite)
    {
        await azurite.ResetAsync();
        var port = FreePort();
        var host = new AlertsTestHost(
            azurite,
            new Dictionary<string, string?>
            {
                ["Subscriptions:PublicBaseUrl"] = $"http://localhost:{port}",
                ["Analysis:Keywords"] = TalibanEntry + ";Afghanistan",
            },
            services => services.AddWeb());
        await host.Get<NewsStorage>().EnsureCreatedAsync();
        var site = await LocalWebServer.StartAsync(host.Services, port, admin: false, default);
        var admin = await LocalWebServer.StartAsync(host.Services, 0, admin: true, default);
        return new WebTestSite(host, site, admin);
    }

    public Uri Url(string pathAndQuery) => new(BaseAddress, pathAndQuery);

    /// <summary>Every email in the outbox, oldest first.</summary>
    public IReadOnlyList<MimeMessage> Emails() =>
        Directory.Exists(Host.OutboxPath)
            ? [.. Directory.GetFiles(Host.OutboxPath, "*.eml", SearchOption.AllDirectories).Order(StringComparer.Ordinal).Select(file => MimeMessage.Load(file))]
            : [];

    /// <summary>The bundled alert scenario's Taliban burst (articles, mentions) and its row in the Spikes table.</summary>
    public async Task<SpikeAlert> WriteTalibanSpikeAsync()
    {
        var storage = Host.Get<NewsStorage>();
        var alert = await new AlertScenario { Keyword = TalibanEntry, AlertId = "taliban|2021070910" }.WriteAsync(storage);
        await storage.Table(StorageNames.SpikesTable).AddEntityAsync(new SpikeRecord
        {
            PartitionKey = MentionKeys.KeywordKey(TalibanEntry),
            RowKey = SpikeRecord.EpisodeRowKey(alert.WindowStart, 1),
            Keyword = TalibanEntry,
            AlertId = alert.AlertId,
            EpisodeStart = alert.WindowStart,
            Level = 1,
            LastFired = alert.WindowStart,
            Window = nameof(SpikeWindowKind.Burst),
            WindowStart = alert.WindowStart,
            WindowEnd = alert.WindowEnd,
            Observed = alert.Observed,
            Expected = alert.Expected,
            Score = alert.Score,
            DistinctSources = alert.DistinctSources,
            Reason = alert.Reason,
            DetectedAt = alert.DetectedAt,
            ClaimedAt = alert.DetectedAt,
            State = SpikeRecord.EnqueuedState,
            Message = JsonSerializer.Serialize(alert, Json),
        });
        return alert;
    }

    public async ValueTask DisposeAsync()
    {
        await Site.DisposeAsync();
        await Admin.DisposeAsync();
        await Host.DisposeAsync();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
