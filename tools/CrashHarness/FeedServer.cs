using System.Globalization;
using System.Net;
using System.Security;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace NewsMonitor.Tools.CrashHarness;

/// <summary>One item a feed serves: its canonical link (the article's identity) and whether it mentions the keyword.</summary>
internal sealed record FeedItem(string FeedId, string Title, string Link, string Summary, DateTimeOffset Published, bool MentionsKeyword, bool History = false);

/// <summary>
/// The news of one trial: a Taliban burst of <see cref="BurstSize"/> items spread over three feeds, all in the last
/// complete hour bucket (one bucket, so the cold-start spike does not depend on the minute the trial starts),
/// background items over the day before (the volume the burst stands out of), one story carried by two feeds, and one
/// story two feeds date on either side of UTC midnight. The background is history: the feeds serve it alone first
/// (a clean run ingests it), then with the rest once <see cref="Live"/> is set, as news arrives in a monitored day.
/// Links carry the trial number, so no trial sees another's articles.
/// </summary>
internal sealed class TrialNews
{
    public const int BurstSize = 24;
    public const int BackgroundSize = 80;
    public static readonly string[] FeedIds = ["wire-a", "wire-b", "wire-c"];

    private TrialNews(IReadOnlyList<FeedItem> items) => Items = items;

    /// <summary>False: the feeds serve only the history; true: everything.</summary>
    public bool Live { get; set; }

    /// <summary>Every item of every feed (a story in two feeds appears twice).</summary>
    public IReadOnlyList<FeedItem> Items { get; }

    /// <summary>The distinct stories: what storage must hold exactly once each.</summary>
    public IReadOnlyDictionary<string, FeedItem> Stories =>
        Items.GroupBy(item => item.Link, StringComparer.Ordinal).ToDictionary(group => group.Key, group => group.First(), StringComparer.Ordinal);

    public static TrialNews Create(int trial, Random random, DateTimeOffset now)
    {
        var items = new List<FeedItem>();
        var site = $"https://news.example/t{trial}";
        var hour = new DateTimeOffset(now.UtcDateTime.Date.AddHours(now.UtcDateTime.Hour), TimeSpan.Zero);
        for (var i = 0; i < BurstSize; i++)
        {
            var feed = FeedIds[i % FeedIds.Length];
            items.Add(new FeedItem(
                feed, $"Taliban statement {i} on talks in Doha", $"{site}/burst-{i}", Summary("Taliban", i),
                hour.AddHours(-1).AddSeconds(random.Next(3600)), MentionsKeyword: true));
        }

        // Every 20th background story mentions the keyword, in the earliest hours: the keyword's series then starts a
        // day back, and its usual share of the volume is small (a keyword busy from its first hour is no spike).
        for (var i = 0; i < BackgroundSize; i++)
        {
            var feed = FeedIds[random.Next(FeedIds.Length)];
            items.Add(i % 20 == 0
                ? new FeedItem(feed, $"Taliban remark {i}", $"{site}/background-{i}", Summary("Taliban", i), hour.AddHours(-20 + (i / 20)), MentionsKeyword: true, History: true)
                : new FeedItem(
                    feed, $"Harbour cranes report {i}", $"{site}/background-{i}", Summary("The harbour authority", i),
                    hour.AddHours(-2).AddSeconds(-random.Next(20 * 3600)), MentionsKeyword: false, History: true));
        }

        // One story, two feeds, same link: stored once.
        var shared = new FeedItem("wire-a", "Taliban envoy meets mediators", $"{site}/shared", Summary("Taliban", 99), hour.AddMinutes(-30), true);
        items.Add(shared);
        items.Add(shared with { FeedId = "wire-b" });

        // One story, two feeds, dated on either side of UTC midnight (two different blob paths if identity slipped).
        var midnight = new DateTimeOffset(now.UtcDateTime.Date, TimeSpan.Zero);
        var late = new FeedItem("wire-a", "Harbour night shift story", $"{site}/midnight", Summary("The night shift", 98), midnight.AddMinutes(-1), false);
        items.Add(late);
        items.Add(late with { FeedId = "wire-c", Published = midnight.AddMinutes(1) });
        return new TrialNews(items);
    }

    // Long enough that newsmon never fetches the link for full text (Feeds:MinFullTextLength).
    private static string Summary(string subject, int number) =>
        $"{subject} said on day {number} that the matter discussed this week will be taken up again by the delegations, " +
        "according to people familiar with the meetings, who described long sessions and a careful exchange of drafts " +
        "between the parties before any public announcement.";

    public string Rss(string feedId)
    {
        var xml = new StringBuilder();
        xml.Append("<?xml version=\"1.0\" encoding=\"utf-8\"?><rss version=\"2.0\"><channel>");
        xml.Append(CultureInfo.InvariantCulture, $"<title>{feedId}</title><link>https://news.example/{feedId}</link><description>wire</description>");
        foreach (var item in Items.Where(item => item.FeedId == feedId && (Live || item.History)))
        {
            xml.Append(CultureInfo.InvariantCulture,
                $"<item><title>{SecurityElement.Escape(item.Title)}</title><link>{SecurityElement.Escape(item.Link)}</link>" +
                $"<guid isPermaLink=\"false\">{SecurityElement.Escape(feedId + ":" + item.Link)}</guid>" +
                $"<pubDate>{item.Published.ToString("r", CultureInfo.InvariantCulture)}</pubDate>" +
                $"<description>{SecurityElement.Escape(item.Summary)}</description></item>");
        }

        xml.Append("</channel></rss>");
        return xml.ToString();
    }
}

/// <summary>Kestrel on 127.0.0.1 serving the current trial's feeds at <c>/{feedId}.rss</c>.</summary>
internal sealed class FeedServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private volatile TrialNews? _news;

    private FeedServer(WebApplication app) => _app = app;

    public Uri BaseAddress { get; private set; } = null!;

    public TrialNews News
    {
        get => _news ?? throw new InvalidOperationException("No trial news set.");
        set => _news = value;
    }

    public static async Task<FeedServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var server = new FeedServer(app);
        app.MapGet("/{feedId}.rss", (string feedId) => server._news is { } news && TrialNews.FeedIds.Contains(feedId)
            ? Results.Text(news.Rss(feedId), "application/rss+xml")
            : Results.NotFound());
        await app.StartAsync();
        server.BaseAddress = new Uri(app.Urls.First());
        return server;
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();
}
