using System.Text.Json;
using NewsMonitor.Feeds.Text;

namespace NewsMonitor.Feeds.Parsing;

/// <summary>
/// JSON Feed 1.0 and 1.1 (https://www.jsonfeed.org/version/1.1/). The top level is walked with a
/// <see cref="Utf8JsonReader"/>; each item is materialized on its own, so a document that breaks off keeps the items
/// completed before the break.
/// </summary>
internal sealed class JsonFeedReader
{
    private static readonly JsonReaderOptions ReaderOptions = new()
    {
        CommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        MaxDepth = 64,
    };

    private readonly Uri? _documentBase;
    private Uri? _siteBase;
    private string? _feedAuthor;
    private bool _hasVersion;
    private bool _hasItems;

    public JsonFeedReader(Uri? location)
    {
        _documentBase = FeedLinks.AsWebBase(location);
    }

    public string? Title { get; private set; }

    public string? Link { get; private set; }

    public string? Language { get; private set; }

    public List<ParsedItem> Items { get; } = [];

    /// <summary>True once the document showed it is a JSON Feed (a jsonfeed.org version, or an items array).</summary>
    public bool IsFeed => _hasVersion || _hasItems;

    /// <summary>Reads the document; throws <see cref="JsonException"/> where the JSON breaks.</summary>
    public void Read(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json, ReaderOptions);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            throw new FeedParseException("The JSON document is not a JSON Feed (its top level is not an object).");
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("items"u8))
            {
                reader.Read();
                ReadItems(ref reader);
                continue;
            }

            var property = reader.GetString();
            reader.Read();
            switch (property)
            {
                case "version":
                    var version = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
                    _hasVersion = version is not null && version.Contains("jsonfeed.org/version/", StringComparison.OrdinalIgnoreCase);
                    break;
                case "title":
                    Title = Html(StringValue(ref reader));
                    break;
                case "home_page_url":
                    Link = FeedLinks.Resolve(StringValue(ref reader), _documentBase);
                    _siteBase = Link is not null && Uri.TryCreate(Link, UriKind.Absolute, out var site) ? site : null;
                    break;
                case "language":
                    Language = StringValue(ref reader)?.Trim();
                    break;
                case "author" or "authors":
                    using (var people = JsonDocument.ParseValue(ref reader))
                    {
                        _feedAuthor ??= AuthorName(people.RootElement);
                    }

                    break;
                default:
                    reader.Skip();
                    break;
            }
        }

        if (!IsFeed)
        {
            throw new FeedParseException("The JSON document is not a JSON Feed (no jsonfeed.org version and no items).");
        }

        if (_feedAuthor is not null)
        {
            for (var i = 0; i < Items.Count; i++)
            {
                if (Items[i].Author is null)
                {
                    Items[i] = Items[i] with { Author = _feedAuthor };
                }
            }
        }
    }

    private void ReadItems(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            reader.Skip();
            return;
        }

        _hasItems = true;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                reader.Skip();
                continue;
            }

            using var item = JsonDocument.ParseValue(ref reader);
            Items.Add(ReadItem(item.RootElement));
        }
    }

    private ParsedItem ReadItem(JsonElement element)
    {
        var item = new FeedItemBuilder();
        var itemBase = _documentBase ?? _siteBase;
        foreach (var property in element.EnumerateObject())
        {
            var value = property.Value;
            switch (property.Name)
            {
                case "id":
                    // The spec says string; numbers are common in the wild.
                    item.Id = value.ValueKind switch
                    {
                        JsonValueKind.String => value.GetString()?.Trim() is { Length: > 0 } id ? id : null,
                        JsonValueKind.Number => value.GetRawText(),
                        _ => null,
                    };
                    break;
                case "url":
                    item.Link = FeedLinks.Resolve(String(value), itemBase);
                    break;
                case "external_url":
                    item.PermalinkGuid = FeedLinks.Resolve(String(value), itemBase);
                    break;
                case "title":
                    item.Title = Html(String(value));
                    break;
                case "summary":
                    item.Summary = Html(String(value));
                    break;
                case "content_html":
                    item.Content = Html(String(value));
                    break;
                case "content_text":
                    item.Content ??= NullIfEmpty(HtmlText.CollapseWhitespace(String(value) ?? string.Empty));
                    break;
                case "date_published":
                    item.Published = FeedDate.Parse(String(value));
                    break;
                case "date_modified":
                    item.Updated = FeedDate.Parse(String(value));
                    break;
                case "author" or "authors":
                    item.Author ??= AuthorName(value);
                    break;
                case "tags" when value.ValueKind == JsonValueKind.Array:
                    foreach (var tag in value.EnumerateArray())
                    {
                        item.AddCategory(Html(String(tag)));
                    }

                    break;
                case "image" or "banner_image":
                    item.AddMedia(FeedLinks.Resolve(String(value), itemBase), null, null);
                    break;
                case "attachments" when value.ValueKind == JsonValueKind.Array:
                    foreach (var attachment in value.EnumerateArray())
                    {
                        if (attachment.ValueKind == JsonValueKind.Object)
                        {
                            item.AddMedia(
                                FeedLinks.Resolve(String(attachment, "url"), itemBase),
                                String(attachment, "mime_type"),
                                attachment.TryGetProperty("size_in_bytes", out var size) && size.TryGetInt64(out var bytes) && bytes > 0 ? bytes : null);
                        }
                    }

                    break;
            }
        }

        return item.Build();
    }

    /// <summary>JSON Feed 1.0 "author": { name }, 1.1 "authors": [ { name } ]: the first name given.</summary>
    private static string? AuthorName(JsonElement value)
    {
        if (value.ValueKind == JsonValueKind.Array)
        {
            foreach (var person in value.EnumerateArray())
            {
                if (AuthorName(person) is { } name)
                {
                    return name;
                }
            }

            return null;
        }

        return value.ValueKind == JsonValueKind.Object ? Html(String(value, "name")) : null;
    }

    private static string? StringValue(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.String)
        {
            return reader.GetString();
        }

        reader.Skip();
        return null;
    }

    private static string? String(JsonElement value) => value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static string? String(JsonElement value, string property) =>
        value.ValueKind == JsonValueKind.Object && value.TryGetProperty(property, out var inner) ? String(inner) : null;

    private static string? Html(string? text) => text is null ? null : NullIfEmpty(HtmlText.ToPlainText(text));

    private static string? NullIfEmpty(string text) => text.Length == 0 ? null : text;
}
