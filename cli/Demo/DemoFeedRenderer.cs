using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Xml;

namespace NewsMonitor.Cli.Demo;

/// <summary>Writes a demo feed in its source's format: RSS 2.0, Atom 1.0, RSS 1.0 (RDF) or JSON Feed 1.1.</summary>
internal static class DemoFeedRenderer
{
    private const string ContentNamespace = "http://purl.org/rss/1.0/modules/content/";
    private const string DublinCoreNamespace = "http://purl.org/dc/elements/1.1/";
    private const string AtomNamespace = "http://www.w3.org/2005/Atom";
    private const string RdfNamespace = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";
    private const string Rss10Namespace = "http://purl.org/rss/1.0/";
    private const string SyndicationNamespace = "http://purl.org/rss/1.0/modules/syndication/";

    public static (byte[] Body, string ContentType) Render(DemoSource source, IReadOnlyList<DemoItem> items, Uri feedUrl, DateTimeOffset updated) =>
        source.Format switch
        {
            "rss" => (Xml(writer => WriteRss(writer, source, items, updated)), "application/rss+xml; charset=utf-8"),
            "atom" => (Xml(writer => WriteAtom(writer, source, items, feedUrl, updated)), "application/atom+xml; charset=utf-8"),
            "rdf" => (Xml(writer => WriteRdf(writer, source, items, feedUrl)), "application/rdf+xml; charset=utf-8"),
            "jsonfeed" => (JsonFeed(source, items, feedUrl), "application/feed+json; charset=utf-8"),
            _ => throw new InvalidDataException($"Demo source '{source.Id}' has unknown format '{source.Format}'."),
        };

    private static byte[] Xml(Action<XmlWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var writer = XmlWriter.Create(buffer, new XmlWriterSettings { Encoding = new UTF8Encoding(false), Indent = true }))
        {
            write(writer);
        }

        return buffer.ToArray();
    }

    private static void WriteRss(XmlWriter writer, DemoSource source, IReadOnlyList<DemoItem> items, DateTimeOffset updated)
    {
        writer.WriteStartElement("rss");
        writer.WriteAttributeString("version", "2.0");
        writer.WriteAttributeString("xmlns", "content", null, ContentNamespace);
        writer.WriteAttributeString("xmlns", "dc", null, DublinCoreNamespace);
        writer.WriteStartElement("channel");
        writer.WriteElementString("title", source.Name);
        writer.WriteElementString("link", source.Site + "/");
        writer.WriteElementString("description", $"{source.Name}: latest news");
        writer.WriteElementString("language", "en");
        writer.WriteElementString("lastBuildDate", updated.ToString("r", CultureInfo.InvariantCulture));

        // What a publisher like the BBC declares: cache this for 15 minutes (the server's max-age says 5).
        writer.WriteElementString("ttl", "15");
        foreach (var item in items)
        {
            writer.WriteStartElement("item");
            writer.WriteElementString("title", item.Title);
            writer.WriteElementString("link", item.Link);
            writer.WriteStartElement("guid");
            writer.WriteAttributeString("isPermaLink", item.Guid == item.Link ? "true" : "false");
            writer.WriteString(item.Guid);
            writer.WriteEndElement();
            writer.WriteElementString("pubDate", item.Published.ToString("r", CultureInfo.InvariantCulture));
            writer.WriteElementString("description", item.Summary);
            writer.WriteElementString("dc", "creator", DublinCoreNamespace, item.Author);
            foreach (var category in item.Categories)
            {
                writer.WriteElementString("category", category);
            }

            if (item.Content is not null)
            {
                writer.WriteStartElement("content", "encoded", ContentNamespace);
                writer.WriteCData(Html(item.Content));
                writer.WriteEndElement();
            }

            writer.WriteEndElement();
        }

        writer.WriteEndElement();
        writer.WriteEndElement();
    }

    private static void WriteAtom(XmlWriter writer, DemoSource source, IReadOnlyList<DemoItem> items, Uri feedUrl, DateTimeOffset updated)
    {
        writer.WriteStartElement("feed", AtomNamespace);
        writer.WriteAttributeString("xml", "lang", null, "en");
        writer.WriteElementString("title", AtomNamespace, source.Name);
        WriteAtomLink(writer, source.Site + "/", "alternate");
        WriteAtomLink(writer, feedUrl.AbsoluteUri, "self");
        writer.WriteElementString("id", AtomNamespace, source.Site + "/");
        writer.WriteElementString("updated", AtomNamespace, Iso(updated));
        foreach (var item in items)
        {
            writer.WriteStartElement("entry", AtomNamespace);
            writer.WriteElementString("title", AtomNamespace, item.Title);
            WriteAtomLink(writer, item.Link, "alternate");
            writer.WriteElementString("id", AtomNamespace, item.Guid);
            writer.WriteElementString("published", AtomNamespace, Iso(item.Published));
            writer.WriteElementString("updated", AtomNamespace, Iso(item.Published));
            writer.WriteStartElement("author", AtomNamespace);
            writer.WriteElementString("name", AtomNamespace, item.Author);
            writer.WriteEndElement();
            foreach (var category in item.Categories)
            {
                writer.WriteStartElement("category", AtomNamespace);
                writer.WriteAttributeString("term", category);
                writer.WriteEndElement();
            }

            writer.WriteStartElement("summary", AtomNamespace);
            writer.WriteAttributeString("type", "text");
            writer.WriteString(item.Summary);
            writer.WriteEndElement();
            if (item.Content is not null)
            {
                writer.WriteStartElement("content", AtomNamespace);
                writer.WriteAttributeString("type", "html");
                writer.WriteString(Html(item.Content));
                writer.WriteEndElement();
            }

            writer.WriteEndElement();
        }

        writer.WriteEndElement();
    }

    private static void WriteAtomLink(XmlWriter writer, string href, string rel)
    {
        writer.WriteStartElement("link", AtomNamespace);
        writer.WriteAttributeString("rel", rel);
        writer.WriteAttributeString("href", href);
        writer.WriteEndElement();
    }

    private static void WriteRdf(XmlWriter writer, DemoSource source, IReadOnlyList<DemoItem> items, Uri feedUrl)
    {
        writer.WriteStartElement("rdf", "RDF", RdfNamespace);
        writer.WriteAttributeString("xmlns", Rss10Namespace);
        writer.WriteAttributeString("xmlns", "dc", null, DublinCoreNamespace);
        writer.WriteAttributeString("xmlns", "sy", null, SyndicationNamespace);
        writer.WriteStartElement("channel", Rss10Namespace);
        writer.WriteAttributeString("rdf", "about", RdfNamespace, feedUrl.AbsoluteUri);
        writer.WriteElementString("title", Rss10Namespace, source.Name);
        writer.WriteElementString("link", Rss10Namespace, source.Site + "/");
        writer.WriteElementString("description", Rss10Namespace, $"{source.Name}: latest news");

        // The Syndication module as RDF publishers use it: updated twice an hour.
        writer.WriteElementString("sy", "updatePeriod", SyndicationNamespace, "hourly");
        writer.WriteElementString("sy", "updateFrequency", SyndicationNamespace, "2");
        writer.WriteStartElement("items", Rss10Namespace);
        writer.WriteStartElement("rdf", "Seq", RdfNamespace);
        foreach (var item in items)
        {
            writer.WriteStartElement("rdf", "li", RdfNamespace);
            writer.WriteAttributeString("rdf", "resource", RdfNamespace, item.Link);
            writer.WriteEndElement();
        }

        writer.WriteEndElement();
        writer.WriteEndElement();
        writer.WriteEndElement();
        foreach (var item in items)
        {
            writer.WriteStartElement("item", Rss10Namespace);
            writer.WriteAttributeString("rdf", "about", RdfNamespace, item.Link);
            writer.WriteElementString("title", Rss10Namespace, item.Title);
            writer.WriteElementString("link", Rss10Namespace, item.Link);
            writer.WriteElementString("description", Rss10Namespace, item.Summary);
            writer.WriteElementString("date", DublinCoreNamespace, Iso(item.Published));
            writer.WriteElementString("creator", DublinCoreNamespace, item.Author);
            foreach (var category in item.Categories)
            {
                writer.WriteElementString("subject", DublinCoreNamespace, category);
            }

            writer.WriteEndElement();
        }

        writer.WriteEndElement();
    }

    private static byte[] JsonFeed(DemoSource source, IReadOnlyList<DemoItem> items, Uri feedUrl)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            writer.WriteStartObject();
            writer.WriteString("version", "https://jsonfeed.org/version/1.1");
            writer.WriteString("title", source.Name);
            writer.WriteString("home_page_url", source.Site + "/");
            writer.WriteString("feed_url", feedUrl.AbsoluteUri);
            writer.WriteString("language", "en");
            writer.WriteStartArray("items");
            foreach (var item in items)
            {
                writer.WriteStartObject();
                writer.WriteString("id", item.Guid);
                writer.WriteString("url", item.Link);
                writer.WriteString("title", item.Title);
                writer.WriteString("summary", item.Summary);
                writer.WriteString("content_text", item.Content ?? item.Summary);
                writer.WriteString("date_published", Iso(item.Published));
                writer.WriteStartArray("authors");
                writer.WriteStartObject();
                writer.WriteString("name", item.Author);
                writer.WriteEndObject();
                writer.WriteEndArray();
                writer.WriteStartArray("tags");
                foreach (var category in item.Categories)
                {
                    writer.WriteStringValue(category);
                }

                writer.WriteEndArray();
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return buffer.ToArray();
    }

    private static string Html(string text) =>
        string.Concat(text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(paragraph => $"<p>{WebUtility.HtmlEncode(paragraph)}</p>"));

    private static string Iso(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
