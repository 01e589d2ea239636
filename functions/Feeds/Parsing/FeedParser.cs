using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Xml;

namespace NewsMonitor.Feeds.Parsing;

/// <summary>
/// Reads RSS 0.9x/2.0, RSS 1.0 (RDF), Atom 1.0 and 0.3, and JSON Feed 1.0/1.1, telling them apart by the root
/// element or the JSON <c>version</c>. Stateless and thread-safe.
/// </summary>
/// <remarks>
/// Tolerance rules (README, section feeds-parse):
/// <list type="bullet">
/// <item>DTD processing is prohibited: a document type declaration fails the strict pass and the repair pass removes
/// it, so no DTD is ever read, resolved or expanded (no XmlResolver either); an entity it would have declared (XXE,
/// billion laughs) is an unknown entity, kept as literal text.</item>
/// <item>A document that is not well-formed gets one repair pass (bare '&amp;', HTML entities, undeclared prefixes).
/// If it still breaks, the items completed before the break are returned with <see cref="ParsedFeed.Truncated"/>
/// set; with no complete item, it is a <see cref="FeedParseException"/>.</item>
/// <item>Not a feed at all (empty, HTML page, unknown root, neither XML nor JSON, JSON that is not a JSON Feed):
/// <see cref="FeedParseException"/> with a message saying which.</item>
/// </list>
/// </remarks>
internal sealed class FeedParser : IFeedParser
{
    /// <summary>How far into the text to look for the XML declaration when junk (a PHP notice) precedes it.</summary>
    private const int LeadingJunkWindow = 1024;

    /// <summary>Decoding in large blocks keeps the XmlReader fed with fewer calls (StreamReader defaults to 1 KB).</summary>
    private const int ReaderBufferSize = 16 * 1024;

    public ParsedFeed Parse(Stream content, FeedSource source)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentNullException.ThrowIfNull(source);

        var bytes = ReadAll(content, out var rented);
        try
        {
            return ParseBody(bytes, source);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    /// <summary>Parses the whole body; nothing returned keeps a reference to <paramref name="bytes"/>.</summary>
    private static ParsedFeed ParseBody(ArraySegment<byte> bytes, FeedSource source)
    {
        if (bytes.Count == 0)
        {
            throw new FeedParseException("The document is empty.");
        }

        var (encoding, preambleLength) = FeedEncoding.Detect(bytes, source.HttpCharset);
        var body = bytes[preambleLength..];

        var reader = new StreamReader(
            new MemoryStream(body.Array!, body.Offset, body.Count, writable: false), encoding, detectEncodingFromByteOrderMarks: false, bufferSize: ReaderBufferSize);
        SkipWhitespace(reader);
        switch (reader.Peek())
        {
            case '<':
                return ParseXml(reader, body, encoding, text: null, source);
            case '{':
                return ParseJson(body, encoding, reader, source);
            case -1:
                throw new FeedParseException("The document is empty (only whitespace).");
            default:
                {
                    // Junk before the XML declaration (a PHP warning, a stray line) is common enough to look past.
                    var text = reader.ReadToEnd();
                    var declaration = text.AsSpan(0, Math.Min(text.Length, LeadingJunkWindow)).IndexOf("<?xml", StringComparison.Ordinal);
                    if (declaration > 0)
                    {
                        var xml = text[declaration..];
                        return ParseXml(new StringReader(xml), body, encoding, xml, source);
                    }

                    throw new FeedParseException($"The document is neither XML nor JSON (it starts with \"{Preview(text)}\").");
                }
        }
    }

    private static NameTable CreateNameTable()
    {
        var nameTable = new NameTable();
        XmlFeedReader.PrimeNameTable(nameTable);
        return nameTable;
    }

    /// <summary>A strict pass; when it breaks, one repair pass over the whole text; the better of the two wins.</summary>
    private static ParsedFeed ParseXml(TextReader reader, ArraySegment<byte> body, Encoding encoding, string? text, FeedSource source)
    {
        ParsedFeed? firstPass;
        XmlException? failure;
        using (reader)
        {
            firstPass = TryParseXml(reader, source, out failure);
        }

        if (failure is null)
        {
            return firstPass!;
        }

        text ??= Decode(body, encoding).TrimStart();
        if (XmlRepair.TryRepair(text) is { } repaired)
        {
            using var repairedReader = new StringReader(repaired);
            var secondPass = TryParseXml(repairedReader, source, out var secondFailure);
            if (secondPass is not null && (firstPass is null || secondPass.Items.Count >= firstPass.Items.Count))
            {
                return secondPass;
            }

            failure = secondFailure ?? failure;
        }

        return firstPass ?? throw NotWellFormed(failure);
    }

    /// <summary>
    /// One pass. Returns the feed and a null failure when the document was read to the end; the partial feed and the
    /// failure when it broke after at least one complete item; null and the failure when nothing usable was read.
    /// </summary>
    private static ParsedFeed? TryParseXml(TextReader text, FeedSource source, out XmlException? failure)
    {
        XmlFeedReader? feed = null;
        try
        {
            using var xml = XmlReader.Create(text, CreateReaderSettings());
            feed = new XmlFeedReader(xml, source.Location);
            feed.Read();
            failure = null;
            return ToParsedFeed(feed, truncated: false);
        }
        catch (XmlException exception)
        {
            failure = exception;
            return feed is { Format: not null, Items.Count: > 0 } ? ToParsedFeed(feed, truncated: true) : null;
        }
    }

    /// <summary>The reader's settings: DTDs prohibited, nothing resolved, comments and processing instructions skipped.</summary>
    internal static XmlReaderSettings CreateReaderSettings() =>
        new()
        {
            // A DOCTYPE fails this pass; the repair pass cuts it out (RSS 0.91 feeds carry Netscape's), so no DTD is
            // ever read, nothing it declares is expanded, and with no resolver nothing is fetched.
            DtdProcessing = DtdProcessing.Prohibit,
            XmlResolver = null,
            MaxCharactersFromEntities = 1024,
            IgnoreComments = true,
            IgnoreProcessingInstructions = true,
            IgnoreWhitespace = true,
            CheckCharacters = false,
            NameTable = CreateNameTable(),
            CloseInput = false,
        };

    private static ParsedFeed ToParsedFeed(XmlFeedReader feed, bool truncated)
    {
        feed.ApplyFeedAuthor();
        TimeSpan? ttl = feed.TimeToLiveMinutes is { } minutes ? TimeSpan.FromMinutes(minutes) : null;
        return new ParsedFeed
        {
            Title = feed.Title,
            Link = feed.Link,
            Language = NormalizeLanguage(feed.Language),
            Format = feed.Format!,
            Items = feed.Items,
            Truncated = truncated,
            TimeToLive = ttl > feed.UpdateInterval || feed.UpdateInterval is null ? ttl : feed.UpdateInterval,
        };
    }

    private static ParsedFeed ParseJson(ArraySegment<byte> body, Encoding encoding, StreamReader reader, FeedSource source)
    {
        // JSON Feed is UTF-8 by definition; anything else (UTF-16 with a BOM) is transcoded first.
        byte[]? transcoded = null;
        if (encoding.CodePage != Encoding.UTF8.CodePage)
        {
            transcoded = Encoding.UTF8.GetBytes(reader.ReadToEnd());
        }

        reader.Dispose();
        ReadOnlySpan<byte> json = transcoded ?? body.AsSpan();
        var feed = new JsonFeedReader(source.Location);
        var truncated = false;
        try
        {
            feed.Read(json);
        }
        catch (JsonException exception)
        {
            if (!feed.IsFeed || feed.Items.Count == 0)
            {
                throw new FeedParseException($"The document is not valid JSON ({exception.Message})", exception);
            }

            truncated = true;
        }

        feed.ApplyFeedAuthor();

        return new ParsedFeed
        {
            Title = feed.Title,
            Link = feed.Link,
            Language = NormalizeLanguage(feed.Language),
            Format = "jsonfeed",
            Items = feed.Items,
            Truncated = truncated,
        };
    }

    /// <summary>A BCP 47 tag as feeds should have written it: "en_US" (a POSIX locale name) is "en-US".</summary>
    private static string? NormalizeLanguage(string? language) => language?.Trim().Replace('_', '-');

    private static FeedParseException NotWellFormed(XmlException failure) =>
        new(string.Create(CultureInfo.InvariantCulture, $"The document is not well-formed XML (line {failure.LineNumber}, position {failure.LinePosition}): {failure.Message}"), failure);

    private static ArraySegment<byte> ReadAll(Stream content, out byte[]? rented)
    {
        rented = null;
        if (content is MemoryStream memory && memory.TryGetBuffer(out var buffer))
        {
            var start = (int)memory.Position;
            return buffer[start..];
        }

        if (content.CanSeek && content.Length - content.Position is var remaining && remaining is > 0 and <= int.MaxValue)
        {
            // One pooled buffer of the exact size: copying through a growing MemoryStream allocated a chain of
            // doubling arrays per feed, most of them on the large object heap, and the GC time showed in the benchmark.
            var length = (int)remaining;
            rented = ArrayPool<byte>.Shared.Rent(length);
            var read = content.ReadAtLeast(rented.AsSpan(0, length), length, throwOnEndOfStream: false);
            return new ArraySegment<byte>(rented, 0, read);
        }

        // The ingest stage caps the body size before it gets here; detection and the repair pass need the bytes.
        using var copy = new MemoryStream();
        content.CopyTo(copy);
        return copy.TryGetBuffer(out var copied) ? copied : new ArraySegment<byte>(copy.ToArray());
    }

    private static string Decode(ArraySegment<byte> body, Encoding encoding) => encoding.GetString(body.Array!, body.Offset, body.Count).TrimStart('\uFEFF');

    private static void SkipWhitespace(StreamReader reader)
    {
        while (reader.Peek() is var next && next >= 0 && (char.IsWhiteSpace((char)next) || next == '\uFEFF'))
        {
            reader.Read();
        }
    }

    private static string Preview(string text)
    {
        var preview = text.AsSpan(0, Math.Min(text.Length, 40)).Trim();
        var builder = new StringBuilder(preview.Length);
        foreach (var c in preview)
        {
            builder.Append(char.IsControl(c) ? ' ' : c);
        }

        return builder.ToString();
    }
}
