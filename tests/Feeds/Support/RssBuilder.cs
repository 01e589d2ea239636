using System.Globalization;
using System.Security;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace NewsMonitor.Tests.Feeds.Support;

/// <summary>Builds small RSS 2.0 documents for tests.</summary>
internal sealed class RssBuilder
{
    private readonly List<(string Title, string Link, DateTimeOffset? Published, string? Description)> _items = [];

    public string Title { get; init; } = "World news";

    public RssBuilder Item(string title, string link, DateTimeOffset? published = null, string? description = null)
    {
        _items.Add((title, link, published, description));
        return this;
    }

    public string Build()
    {
        var xml = new StringBuilder();
        xml.Append("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<rss version=\"2.0\"><channel>");
        xml.Append(CultureInfo.InvariantCulture, $"<title>{SecurityElement.Escape(Title)}</title><link>https://news.example.com/</link>");
        foreach (var (title, link, published, description) in _items)
        {
            xml.Append(CultureInfo.InvariantCulture, $"<item><title>{SecurityElement.Escape(title)}</title><link>{SecurityElement.Escape(link)}</link>");
            if (published is { } date)
            {
                xml.Append(CultureInfo.InvariantCulture, $"<pubDate>{date.ToUniversalTime():R}</pubDate>");
            }

            if (description is not null)
            {
                xml.Append(CultureInfo.InvariantCulture, $"<description>{SecurityElement.Escape(description)}</description>");
            }

            xml.Append("</item>");
        }

        xml.Append("</channel></rss>");
        return xml.ToString();
    }

    /// <summary>A route handler serving <paramref name="feed"/> with ETag <c>"v1"</c>, and 304 to a request that sends it back.</summary>
    public static Func<HttpContext, IResult> ServeWithETag(string feed) => context =>
    {
        if (context.Request.Headers.IfNoneMatch == "\"v1\"")
        {
            return Results.StatusCode(304);
        }

        context.Response.Headers.ETag = "\"v1\"";
        return Results.Content(feed, "application/rss+xml");
    };

    public static string Sample(int count = 3)
    {
        var builder = new RssBuilder();
        for (var i = 1; i <= count; i++)
        {
            builder.Item(
                $"Taliban claim control of {80 + i}% of Afghanistan",
                $"https://news.example.com/world/story-{i}?utm_source=rss&id={i}#top",
                new DateTimeOffset(2021, 7, 9, 10, i, 0, TimeSpan.Zero),
                "India says groups taking power by force lack legitimacy.");
        }

        return builder.Build();
    }
}
