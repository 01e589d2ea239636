namespace NewsMonitor.Feeds.Parsing;

/// <summary>
/// A feed as the parser understood it, before normalization. Serialized (camelCase) it is the output of
/// <c>newsmon parse</c>: <c>{ title, link, items: [ { id, title, link, published, summary, author, categories } ] }</c>.
/// </summary>
internal sealed record ParsedFeed
{
    public string? Title { get; init; }

    /// <summary>The site the feed describes (absolute), when it says.</summary>
    public string? Link { get; init; }

    public string? Language { get; init; }

    /// <summary>"rss", "rdf", "atom", "cdf" or "jsonfeed".</summary>
    public required string Format { get; init; }

    public IReadOnlyList<ParsedItem> Items { get; init; } = [];

    /// <summary>
    /// The document broke off (or stopped being well-formed) after <see cref="Items"/>: they are the complete items
    /// read before the break. False for a document read to its end.
    /// </summary>
    public bool Truncated { get; init; }

    /// <summary>
    /// How long the publisher says the feed may be cached: the longer of RSS ttl and the Syndication module's
    /// updatePeriod/updateFrequency. Null when it says nothing.
    /// </summary>
    public TimeSpan? TimeToLive { get; init; }
}

internal sealed record ParsedItem
{
    /// <summary>guid / id / link, whichever the feed gives first; null when it gives none.</summary>
    public string? Id { get; init; }

    /// <summary>Clean text: entities decoded, markup dropped.</summary>
    public string? Title { get; init; }

    /// <summary>Absolute (relative links resolved against xml:base, then the feed's location).</summary>
    public string? Link { get; init; }

    /// <summary>UTC; null when absent or unparseable.</summary>
    public DateTimeOffset? Published { get; init; }

    public DateTimeOffset? Updated { get; init; }

    /// <summary>Clean text of the description/summary.</summary>
    public string? Summary { get; init; }

    /// <summary>Clean text of the full content (content:encoded, atom:content, content_html/content_text).</summary>
    public string? Content { get; init; }

    public string? Author { get; init; }

    public IReadOnlyList<string> Categories { get; init; } = [];

    /// <summary>Enclosures and media:content / media:thumbnail, absolute URLs.</summary>
    public IReadOnlyList<ParsedMedia> Media { get; init; } = [];
}

internal sealed record ParsedMedia(string Url, string? Type, long? Length);

/// <summary>What the parser knows about where the bytes came from.</summary>
internal sealed record FeedSource
{
    /// <summary>The feed's own URL (after redirects): the last base for relative links.</summary>
    public Uri? Location { get; init; }

    /// <summary>The charset parameter of the HTTP Content-Type, when there was one.</summary>
    public string? HttpCharset { get; init; }
}

/// <summary>Parses a feed document; throws <see cref="FeedParseException"/> when it is not a feed it can read.</summary>
internal interface IFeedParser
{
    ParsedFeed Parse(Stream content, FeedSource source);
}

/// <summary>The document is not a feed we can read (not XML/JSON, truncated beyond recovery, DTD, unknown root).</summary>
internal sealed class FeedParseException(string message, Exception? innerException = null)
    : Exception(message, innerException);
