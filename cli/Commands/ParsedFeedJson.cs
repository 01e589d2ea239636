using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using NewsMonitor.Feeds.Parsing;

namespace NewsMonitor.Cli.Commands;

/// <summary>
/// Writes a <see cref="ParsedFeed"/> in the shape of the <c>newsmon parse</c> contract (docs/cli.md):
/// <c>{ "title", "link", "items": [ { "id", "title", "link", "published", "summary", "author", "categories" } ] }</c>,
/// <c>published</c> ISO 8601 UTC or null. Extra fields come only after the contract's: per item <c>updated</c>,
/// <c>content</c>, <c>media</c>; per feed <c>format</c>, <c>language</c>, <c>truncated</c>.
/// </summary>
internal static class ParsedFeedJson
{
    private static readonly JsonWriterOptions WriterOptions = new()
    {
        Indented = true,

        // Output for people and scripts on a terminal, never embedded in HTML: keep "é" and "’" readable.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static void Write(ParsedFeed feed, Stream output)
    {
        ArgumentNullException.ThrowIfNull(feed);
        using var writer = new Utf8JsonWriter(output, WriterOptions);
        Write(feed, writer);
    }

    public static void Write(ParsedFeed feed, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(output);
        using var buffer = new MemoryStream();
        Write(feed, buffer);
        output.Write(Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length));
        output.WriteLine();
    }

    /// <summary>ISO 8601 in UTC with a Z, fractions only when there are any: "2026-11-27T10:00:00Z".</summary>
    public static string FormatDate(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture);

    private static void Write(ParsedFeed feed, Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WriteString("title", feed.Title);
        writer.WriteString("link", feed.Link);
        writer.WriteStartArray("items");
        foreach (var item in feed.Items)
        {
            writer.WriteStartObject();
            writer.WriteString("id", item.Id);
            writer.WriteString("title", item.Title);
            writer.WriteString("link", item.Link);
            WriteDate(writer, "published", item.Published);
            writer.WriteString("summary", item.Summary);
            writer.WriteString("author", item.Author);
            writer.WriteStartArray("categories");
            foreach (var category in item.Categories)
            {
                writer.WriteStringValue(category);
            }

            writer.WriteEndArray();
            WriteDate(writer, "updated", item.Updated);
            writer.WriteString("content", item.Content);
            writer.WriteStartArray("media");
            foreach (var media in item.Media)
            {
                writer.WriteStartObject();
                writer.WriteString("url", media.Url);
                writer.WriteString("type", media.Type);
                if (media.Length is { } length)
                {
                    writer.WriteNumber("length", length);
                }
                else
                {
                    writer.WriteNull("length");
                }

                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteString("format", feed.Format);
        writer.WriteString("language", feed.Language);
        writer.WriteBoolean("truncated", feed.Truncated);
        writer.WriteEndObject();
        writer.Flush();
    }

    private static void WriteDate(Utf8JsonWriter writer, string name, DateTimeOffset? value)
    {
        if (value is { } date)
        {
            writer.WriteString(name, FormatDate(date));
        }
        else
        {
            writer.WriteNull(name);
        }
    }
}
