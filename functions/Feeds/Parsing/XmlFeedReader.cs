using System.Globalization;
using System.Text;
using System.Xml;
using NewsMonitor.Feeds.Text;

namespace NewsMonitor.Feeds.Parsing;

/// <summary>
/// One forward pass of an <see cref="XmlReader"/> over an RSS 0.9x/2.0, RSS 1.0 (RDF), Atom 1.0 or Atom 0.3
/// document. Items are added to <see cref="Items"/> only when their end tag is reached, so when the document breaks
/// off the caller still holds every complete item.
/// </summary>
internal sealed class XmlFeedReader
{
    private const string XmlNamespace = "http://www.w3.org/XML/1998/namespace";
    private const string Atom10Namespace = "http://www.w3.org/2005/Atom";
    private const string Atom03Namespace = "http://purl.org/atom/ns#";
    private const string Rss10Namespace = "http://purl.org/rss/1.0/";
    private const string Rss090Namespace = "http://my.netscape.com/rdf/simple/0.9/";
    private const string UserlandRssNamespace = "http://backend.userland.com/rss2";
    private const string RdfNamespace = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";
    private const string DublinCoreNamespace = "http://purl.org/dc/elements/1.1/";
    private const string DublinCoreTermsNamespace = "http://purl.org/dc/terms/";
    private const string ContentNamespace = "http://purl.org/rss/1.0/modules/content/";
    private const string MediaNamespace = "http://search.yahoo.com/mrss/";
    private const string MediaNamespaceNoSlash = "http://search.yahoo.com/mrss";
    private const string ITunesNamespace = "http://www.itunes.com/dtds/podcast-1.0.dtd";
    private const string SyndicationNamespace = "http://purl.org/rss/1.0/modules/syndication/";
    private const string XhtmlNamespace = "http://www.w3.org/1999/xhtml";

    private readonly XmlReader _reader;
    private readonly Uri? _documentBase;
    private Uri? _siteBase;
    private string? _feedAuthor;
    private string? _feedTitleFallback;
    private string? _atomNamespace;
    private string? _updatePeriod;
    private int? _updateFrequency;
    private readonly Dictionary<string, string> _lowerNames = new(StringComparer.Ordinal);
    private char[] _text = new char[4096];
    private int _textLength;

    public XmlFeedReader(XmlReader reader, Uri? location)
    {
        _reader = reader;
        _documentBase = FeedLinks.AsWebBase(location);
    }

    public string? Format { get; private set; }

    public string? Title { get; private set; }

    public string? Link { get; private set; }

    public string? Language { get; private set; }

    /// <summary>RSS ttl, in minutes, when the channel gives one.</summary>
    public int? TimeToLiveMinutes { get; private set; }

    /// <summary>The publisher's sy:updatePeriod / sy:updateFrequency as an interval, when it gives one.</summary>
    public TimeSpan? UpdateInterval => _updatePeriod is null && _updateFrequency is null ? null : SyndicationInterval(_updatePeriod, _updateFrequency);

    public List<ParsedItem> Items { get; } = [];

    /// <summary>Namespace URIs and names the reader compares against, so the reader's name table holds them once.</summary>
    public static void PrimeNameTable(XmlNameTable nameTable)
    {
        foreach (var name in (string[])[XmlNamespace, Atom10Namespace, Atom03Namespace, Rss10Namespace, Rss090Namespace, RdfNamespace,
                     DublinCoreNamespace, ContentNamespace, MediaNamespace, "item", "entry", "title", "link", "description", "guid",
                     "pubDate", "author", "category", "enclosure", "creator", "date", "subject", "encoded", "content", "thumbnail",
                     "summary", "published", "updated", "id", "name", "channel", "href", "rel", "type", "url", "length"])
        {
            nameTable.Add(name);
        }
    }

    /// <summary>Reads the whole document; throws <see cref="FeedParseException"/> when the root is not a feed.</summary>
    public void Read()
    {
        if (_reader.MoveToContent() != XmlNodeType.Element)
        {
            throw new FeedParseException("The document has no root element.");
        }

        var root = LocalName();
        var rootBase = ElementBase(_documentBase);
        Language = _reader.GetAttribute("lang", XmlNamespace);
        switch (root)
        {
            case "rss":
                Format = "rss";
                ReadRss(rootBase);
                break;
            case "rdf":
                // RSS 1.0 / 0.90 keep items beside the channel rather than in it: the <rss> walk reads both.
                Format = "rdf";
                ReadRss(rootBase);
                break;
            case "feed":
                // Whatever namespace the root declares (a typo, an old draft's, none), a <feed> is read as Atom: its
                // children are then matched in that namespace too. A <feed> that is not Atom gives no entries.
                Format = "atom";
                _atomNamespace = _reader.NamespaceURI;
                ReadAtomFeed(rootBase);
                break;
            case "channel":
                // Some RSS 0.9x generators drop the <rss> wrapper; Microsoft's CDF has <CHANNEL HREF="..."> as its root.
                Format = _reader.LocalName == "channel" && AttributeIgnoringCase("href") is null ? "rss" : "cdf";
                ReadRssChannel(rootBase);
                break;
            case "html":
                throw new FeedParseException("The document is an HTML page, not a feed.");
            default:
                throw new FeedParseException($"The root element <{_reader.Name}> is not RSS, RDF, Atom, CDF or JSON Feed.");
        }

        Title ??= _feedTitleFallback;
    }

    /// <summary>Atom: an entry without an author has the feed's. Called after reading, even a broken read.</summary>
    public void ApplyFeedAuthor() => FeedItemBuilder.ApplyDefaultAuthor(Items, _feedAuthor);

    private void ReadRss(Uri? rootBase)
    {
        if (_reader.IsEmptyElement)
        {
            return;
        }

        var depth = _reader.Depth;
        while (NextChild(depth))
        {
            var ns = _reader.NamespaceURI;
            if (ns == SyndicationNamespace)
            {
                ReadSyndication();
                continue;
            }

            if (!IsRssNamespace(ns))
            {
                continue;
            }

            switch (LocalName())
            {
                case "channel":
                    ReadRssChannel(rootBase);
                    break;
                case "item":
                    Items.Add(ReadRssItem(rootBase));
                    break;
            }
        }
    }

    private void ReadRssChannel(Uri? parentBase)
    {
        var channelBase = ElementBase(parentBase);
        SetSiteLink(FeedLinks.Resolve(AttributeIgnoringCase("href"), channelBase ?? _siteBase));
        if (_reader.IsEmptyElement)
        {
            return;
        }

        var depth = _reader.Depth;
        while (NextChild(depth))
        {
            var ns = _reader.NamespaceURI;
            if (IsRssNamespace(ns))
            {
                switch (LocalName())
                {
                    case "item":
                        Items.Add(ReadRssItem(channelBase));
                        break;
                    case "channel":
                        // CDF nests channels; their items are the feed's items.
                        ReadRssChannel(channelBase);
                        break;
                    case "title":
                        Title ??= Html(ReadText());
                        break;
                    case "link":
                        SetSiteLink(ReadLinkText(channelBase));
                        break;
                    case "language":
                        Language ??= Trimmed(ReadText());
                        break;
                    case "ttl":
                        TimeToLiveMinutes ??= int.TryParse(ReadText().Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var ttl) ? ttl : null;
                        break;
                }
            }
            else if (ns == DublinCoreNamespace && _reader.LocalName is "language" or "title")
            {
                if (_reader.LocalName == "language")
                {
                    Language ??= Trimmed(ReadText());
                }
                else
                {
                    _feedTitleFallback ??= Html(ReadText());
                }
            }
            else if (ns == SyndicationNamespace)
            {
                ReadSyndication();
            }
        }
    }

    /// <summary>
    /// The Syndication module's interval: updatePeriod (hourly, daily, weekly, monthly, yearly; default daily) divided
    /// by updateFrequency (default 1). Null for an unknown period or a frequency below 1.
    /// </summary>
    private static TimeSpan? SyndicationInterval(string? period, int? frequency)
    {
        TimeSpan? length = period?.ToLowerInvariant() switch
        {
            null or "daily" => TimeSpan.FromDays(1),
            "hourly" => TimeSpan.FromHours(1),
            "weekly" => TimeSpan.FromDays(7),
            "monthly" => TimeSpan.FromDays(30),
            "yearly" => TimeSpan.FromDays(365),
            _ => null,
        };
        return length is { } value && (frequency ?? 1) is var times && times >= 1 ? value / times : null;
    }

    /// <summary>sy:updatePeriod and sy:updateFrequency (RSS 1.0 Syndication module), wherever the channel puts them.</summary>
    private void ReadSyndication()
    {
        switch (_reader.LocalName)
        {
            case "updatePeriod":
                _updatePeriod ??= Trimmed(ReadText());
                break;
            case "updateFrequency":
                _updateFrequency ??= int.TryParse(ReadText().Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var frequency) ? frequency : null;
                break;
        }
    }

    private ParsedItem ReadRssItem(Uri? parentBase)
    {
        var itemBase = ElementBase(parentBase);
        var item = new FeedItemBuilder();
        var about = _reader.HasAttributes ? _reader.GetAttribute("about", RdfNamespace) : null;

        // CDF: <ITEM HREF="..." LASTMOD="...">.
        var href = FeedLinks.Resolve(AttributeIgnoringCase("href"), itemBase ?? _siteBase);
        item.Updated ??= FeedDate.Parse(AttributeIgnoringCase("lastmod"));
        if (_reader.IsEmptyElement)
        {
            item.Link ??= href;
            return item.Build();
        }

        var depth = _reader.Depth;
        while (NextChild(depth))
        {
            var ns = _reader.NamespaceURI;
            var name = _reader.LocalName;
            if (IsRssNamespace(ns))
            {
                switch (LocalName())
                {
                    case "title":
                        item.Title = Html(ReadText());
                        break;
                    case "link":
                        item.Link ??= ReadLinkText(itemBase);
                        break;
                    case "description" or "summary" or "abstract":
                        item.AddSummary(Html(ReadText()));
                        break;
                    case "body" or "fullitem":
                        item.Content ??= Html(ReadText());
                        break;
                    case "guid":
                        ReadGuid(item, itemBase);
                        break;
                    case "pubdate":
                        item.Published ??= FeedDate.Parse(ReadText());
                        break;
                    case "author":
                        item.Author = AuthorName(ReadText());
                        break;
                    case "category":
                        item.AddCategory(Html(ReadText()));
                        break;
                    case "tags":
                        AddList(item, ReadText());
                        break;
                    case "enclosure":
                        item.AddMedia(FeedLinks.Resolve(_reader.GetAttribute("url"), ElementBase(itemBase)), _reader.GetAttribute("type"), ParseLength(_reader.GetAttribute("length")));
                        break;
                }
            }
            else
            {
                ReadExtension(ns, name, item, itemBase);
            }
        }

        item.Id ??= Trimmed(about);
        item.Link ??= href;
        return item.Build();
    }

    private void ReadGuid(FeedItemBuilder item, Uri? itemBase)
    {
        var isPermaLink = _reader.HasAttributes ? _reader.GetAttribute("isPermaLink") : null;
        var guidBase = ElementBase(itemBase);
        var guid = Trimmed(ReadText());
        if (guid is null)
        {
            return;
        }

        item.Id ??= guid;

        // RSS 2.0: a guid is a permalink unless isPermaLink="false".
        if (!string.Equals(isPermaLink?.Trim(), "false", StringComparison.OrdinalIgnoreCase))
        {
            item.PermalinkGuid ??= FeedLinks.Resolve(guid, guidBase ?? _siteBase);
        }
    }

    /// <summary>Dublin Core, content:encoded and Media RSS: the same in RSS 2.0, RSS 1.0 and Atom.</summary>
    private void ReadExtension(string ns, string name, FeedItemBuilder item, Uri? itemBase)
    {
        switch (ns)
        {
            case DublinCoreNamespace:
                switch (name)
                {
                    case "creator":
                        item.OfferAuthor(AuthorName(ReadText()), 2);
                        break;
                    case "publisher":
                        item.OfferAuthor(AuthorName(ReadText()), 3);
                        break;
                    case "title":
                        item.OfferTitle(Html(ReadText()), 1);
                        break;
                    case "description":
                        item.OfferSummary(Html(ReadText()), 1);
                        break;
                    case "date":
                        item.AlternatePublished ??= FeedDate.Parse(ReadText());
                        break;
                    case "subject":
                        item.AddCategory(Html(ReadText()));
                        break;
                }

                break;
            case DublinCoreTermsNamespace when name is "modified":
                item.Updated ??= FeedDate.Parse(ReadText());
                break;
            case DublinCoreTermsNamespace when name is "created" or "issued":
                item.AlternatePublished ??= FeedDate.Parse(ReadText());
                break;
            case ContentNamespace when name == "encoded":
                item.Content ??= Html(ReadText());
                break;
            case MediaNamespace or MediaNamespaceNoSlash:
                ReadMedia(name, item, itemBase);
                break;
            case ITunesNamespace:
                ReadITunes(name, item);
                break;
            case XhtmlNamespace when name == "body":
                item.Content ??= Collapse(ReadText());
                break;
            case Atom10Namespace when name == "link":
                ReadAtomLink(item, itemBase);
                break;
        }
    }

    /// <summary>Apple's podcast elements: fallbacks for the description, author and categories.</summary>
    private void ReadITunes(string name, FeedItemBuilder item)
    {
        switch (name)
        {
            case "summary":
                item.OfferSummary(Html(ReadText()), 2);
                break;
            case "subtitle":
                item.OfferSummary(Html(ReadText()), 3);
                break;
            case "author":
                item.OfferAuthor(AuthorName(ReadText()), 1);
                break;
            case "keywords":
                AddList(item, ReadText());
                break;
            case "category":
                ReadITunesCategory(item);
                break;
        }
    }

    /// <summary>&lt;itunes:category text="News"&gt; with its subcategories nested inside.</summary>
    private void ReadITunesCategory(FeedItemBuilder item)
    {
        item.AddFallbackCategory(Trimmed(_reader.GetAttribute("text")));
        if (_reader.IsEmptyElement)
        {
            return;
        }

        var depth = _reader.Depth;
        while (NextChild(depth))
        {
            if (_reader.NamespaceURI == ITunesNamespace && _reader.LocalName == "category")
            {
                ReadITunesCategory(item);
            }
        }
    }

    /// <summary>A comma-separated list of keywords or tags, each a fallback category.</summary>
    private static void AddList(FeedItemBuilder item, ReadOnlySpan<char> text)
    {
        var list = Html(text);
        if (list is null)
        {
            return;
        }

        foreach (var keyword in list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            item.AddFallbackCategory(keyword);
        }
    }

    private void ReadMedia(string name, FeedItemBuilder item, Uri? itemBase)
    {
        switch (name)
        {
            case "content":
                {
                    var mediaBase = ElementBase(itemBase);
                    item.AddMedia(FeedLinks.Resolve(_reader.GetAttribute("url"), mediaBase), _reader.GetAttribute("type"), ParseLength(_reader.GetAttribute("fileSize")));
                    if (!_reader.IsEmptyElement)
                    {
                        // media:content may wrap its own media:thumbnail.
                        ReadMediaChildren(item, mediaBase);
                    }

                    break;
                }

            case "thumbnail":
                item.AddMedia(FeedLinks.Resolve(_reader.GetAttribute("url"), ElementBase(itemBase)), null, null);
                break;
            case "group":
                if (!_reader.IsEmptyElement)
                {
                    ReadMediaChildren(item, ElementBase(itemBase));
                }

                break;
            case "title":
                item.OfferTitle(ReadMediaText(), 2);
                break;
            case "description":
                item.OfferSummary(ReadMediaText(), 4);
                break;
            case "category":
                item.AddFallbackCategory(Html(ReadText()));
                break;
            case "keywords":
                AddList(item, ReadText());
                break;
        }
    }

    /// <summary>media:title and media:description: type="plain" (the default) or "html".</summary>
    private string? ReadMediaText() => _reader.GetAttribute("type") is "html" ? Html(ReadText()) : Collapse(ReadText());

    private void ReadMediaChildren(FeedItemBuilder item, Uri? groupBase)
    {
        var depth = _reader.Depth;
        while (NextChild(depth))
        {
            if (_reader.NamespaceURI is MediaNamespace or MediaNamespaceNoSlash)
            {
                ReadMedia(_reader.LocalName, item, groupBase);
            }
        }
    }

    private void ReadAtomFeed(Uri? rootBase)
    {
        if (_reader.IsEmptyElement)
        {
            return;
        }

        var depth = _reader.Depth;
        string? fallbackLink = null;
        while (NextChild(depth))
        {
            var ns = _reader.NamespaceURI;
            if (ns == SyndicationNamespace)
            {
                ReadSyndication();
                continue;
            }

            if (!IsAtomNamespace(ns))
            {
                continue;
            }

            switch (LocalName())
            {
                case "entry":
                    Items.Add(ReadAtomEntry(rootBase));
                    break;
                case "title":
                    Title ??= ReadTextConstruct();
                    break;
                case "link":
                    {
                        var rel = _reader.GetAttribute("rel");
                        var href = FeedLinks.Resolve(_reader.GetAttribute("href"), ElementBase(rootBase));
                        if (rel is null or "alternate")
                        {
                            if (Link is null)
                            {
                                SetSiteLink(href);
                            }
                        }
                        else if (rel != "self")
                        {
                            fallbackLink ??= href;
                        }

                        break;
                    }

                case "author":
                    _feedAuthor ??= ReadAtomPerson();
                    break;
            }
        }

        Link ??= fallbackLink;
    }

    private ParsedItem ReadAtomEntry(Uri? parentBase)
    {
        var entryBase = ElementBase(parentBase);
        var item = new FeedItemBuilder();
        if (_reader.IsEmptyElement)
        {
            return item.Build();
        }

        var depth = _reader.Depth;
        while (NextChild(depth))
        {
            var ns = _reader.NamespaceURI;
            var name = _reader.LocalName;
            if (!IsAtomNamespace(ns))
            {
                ReadExtension(ns, name, item, entryBase);
                continue;
            }

            switch (LocalName())
            {
                case "id":
                    item.Id ??= Trimmed(ReadText());
                    break;
                case "title":
                    item.Title = ReadTextConstruct();
                    break;
                case "link":
                    ReadAtomLink(item, entryBase);
                    break;
                case "published" or "issued":
                    item.Published ??= FeedDate.Parse(ReadText());
                    break;
                case "created":
                    item.AlternatePublished ??= FeedDate.Parse(ReadText());
                    break;
                case "updated" or "modified":
                    item.Updated ??= FeedDate.Parse(ReadText());
                    break;
                case "summary":
                    item.Summary = ReadTextConstruct();
                    break;
                case "content":
                    item.Content ??= _reader.GetAttribute("src") is null ? ReadTextConstruct() : null;
                    break;
                case "author":
                    item.Author = ReadAtomPerson();
                    break;
                case "category":
                    // RFC 4287 4.2.2: the term is the category; the label is only its display name.
                    item.AddCategory(Trimmed(_reader.GetAttribute("term")) ?? Trimmed(_reader.GetAttribute("label")));
                    break;
            }
        }

        return item.Build();
    }

    private void ReadAtomLink(FeedItemBuilder item, Uri? entryBase)
    {
        var rel = _reader.GetAttribute("rel");
        var type = _reader.GetAttribute("type");
        var linkBase = ElementBase(entryBase) ?? _siteBase;
        var target = _reader.GetAttribute("href");

        // <link>https://...</link>: the RSS habit in an Atom entry; the text is the only link given.
        if (target is null && !_reader.IsEmptyElement)
        {
            target = Trimmed(ReadText());
        }

        var href = FeedLinks.Resolve(target, linkBase);
        if (href is null)
        {
            return;
        }

        switch (rel)
        {
            case null or "alternate":
                {
                    // Prefer the HTML alternate when an entry offers several (e.g. text/html and application/pdf).
                    var isHtml = type is not null && type.StartsWith("text/html", StringComparison.OrdinalIgnoreCase);
                    if (item.Link is null || (isHtml && !item.LinkIsHtml))
                    {
                        item.Link = href;
                        item.LinkIsHtml = isHtml;
                    }

                    break;
                }

            case "enclosure":
                item.AddMedia(href, type, ParseLength(_reader.GetAttribute("length")));
                break;
        }
    }

    private string? ReadAtomPerson()
    {
        if (_reader.IsEmptyElement)
        {
            return null;
        }

        string? name = null;
        var depth = _reader.Depth;
        while (NextChild(depth))
        {
            if (LocalName() == "name" && IsAtomNamespace(_reader.NamespaceURI))
            {
                name ??= Collapse(ReadText());
            }
        }

        return name;
    }

    /// <summary>
    /// An Atom text construct: type text (literal), html (escaped markup), xhtml (inline markup), or any other media
    /// type, which RFC 4287 4.1.3.3 says is base64 unless it is text/* or XML; Atom 0.3 says how with mode="xml"
    /// (inline, its default), "escaped" or "base64".
    /// </summary>
    private string? ReadTextConstruct()
    {
        var type = _reader.HasAttributes ? _reader.GetAttribute("type")?.Trim() : null;
        var mode = _reader.HasAttributes ? _reader.GetAttribute("mode")?.Trim() : null;
        var text = ReadText();
        string? decoded = null;
        if (mode is "base64" || (mode is null && IsBase64MediaType(type)))
        {
            decoded = DecodeBase64(text);
            if (decoded is null)
            {
                return null;
            }

            text = decoded;
        }

        var isHtml = type is "html" || (type is not null && type.Contains("html", StringComparison.OrdinalIgnoreCase) && !type.Contains("xhtml", StringComparison.OrdinalIgnoreCase));
        return type switch
        {
            _ when mode is "xml" && decoded is null => Collapse(text),
            _ when isHtml => Html(text),
            "xhtml" or "application/xhtml+xml" when decoded is null => Collapse(text),
            _ when mode is "escaped" || decoded is not null => Html(text),
            _ => Collapse(text),
        };
    }

    private static bool IsBase64MediaType(string? type) =>
        type is not (null or "" or "text" or "html" or "xhtml")
        && !type.StartsWith("text/", StringComparison.OrdinalIgnoreCase)
        && !type.EndsWith("+xml", StringComparison.OrdinalIgnoreCase)
        && !type.EndsWith("/xml", StringComparison.OrdinalIgnoreCase);

    /// <summary>The base64 text as UTF-8 (windows-1252 when it is not UTF-8); null when it is not base64.</summary>
    private static string? DecodeBase64(ReadOnlySpan<char> text)
    {
        var bytes = new byte[(text.Length * 3 / 4) + 3];
        if (!Convert.TryFromBase64Chars(text.Trim(), bytes, out var written))
        {
            return null;
        }

        var value = bytes.AsSpan(0, written);
        return System.Text.Unicode.Utf8.IsValid(value) ? Encoding.UTF8.GetString(value) : FeedEncoding.Windows1252.GetString(value);
    }

    private void SetSiteLink(string? link)
    {
        if (link is null || Link is not null)
        {
            return;
        }

        Link = link;
        if (_siteBase is null && Uri.TryCreate(link, UriKind.Absolute, out var site))
        {
            _siteBase = site;
        }
    }

    private string? ReadLinkText(Uri? parentBase)
    {
        var linkBase = ElementBase(parentBase) ?? _siteBase;
        return FeedLinks.Resolve(Trimmed(ReadText()), linkBase);
    }

    /// <summary>The base URI in effect on the current element: its xml:base resolved against the parent's base.</summary>
    private Uri? ElementBase(Uri? parentBase)
    {
        if (_reader.HasAttributes)
        {
            var declared = _reader.GetAttribute("base", XmlNamespace);
            if (declared is not null)
            {
                return FeedLinks.ResolveBase(declared, parentBase ?? _siteBase);
            }
        }

        return parentBase;
    }

    /// <summary>Moves to the next child element of the element at <paramref name="depth"/>; false at its end tag.</summary>
    private bool NextChild(int depth)
    {
        while (_reader.Read())
        {
            var nodeType = _reader.NodeType;
            if (nodeType == XmlNodeType.Element)
            {
                if (_reader.Depth == depth + 1)
                {
                    return true;
                }
            }
            else if (nodeType == XmlNodeType.EndElement && _reader.Depth == depth)
            {
                return false;
            }
        }

        return false;
    }

    /// <summary>
    /// The concatenated text of the current element, leaving the reader on its end tag. The span lives in a buffer
    /// the next call reuses: the large values (content:encoded, Atom content) are cleaned straight out of it and never
    /// exist as a string of their own.
    /// </summary>
    private ReadOnlySpan<char> ReadText()
    {
        _textLength = 0;
        if (_reader.IsEmptyElement)
        {
            return [];
        }

        var depth = _reader.Depth;
        while (_reader.Read())
        {
            switch (_reader.NodeType)
            {
                case XmlNodeType.Text or XmlNodeType.CDATA or XmlNodeType.SignificantWhitespace or XmlNodeType.Whitespace:
                    AppendValue();
                    break;
                case XmlNodeType.Element when _reader.Depth > depth && HtmlText.IsRawTextElement(_reader.LocalName):
                    // Inline markup (Atom xhtml, or HTML a feed forgot to escape) can hold a script or style element:
                    // its text is code, never words, so it must not reach a title, summary or email.
                    if (!_reader.IsEmptyElement)
                    {
                        SkipToEndOf(_reader.Depth);
                    }

                    break;
                case XmlNodeType.Element or XmlNodeType.EndElement when _reader.Depth > depth:
                    // Markup inside a text element: keep word breaks.
                    if (HtmlText.IsBlockElement(_reader.LocalName))
                    {
                        Append(" ");
                    }

                    break;
                case XmlNodeType.EndElement:
                    return _text.AsSpan(0, _textLength);
            }
        }

        return _text.AsSpan(0, _textLength);
    }

    /// <summary>Reads up to the end tag of the element at <paramref name="depth"/> (the reader is on its start tag).</summary>
    private void SkipToEndOf(int depth)
    {
        while (_reader.Read() && !(_reader.NodeType == XmlNodeType.EndElement && _reader.Depth == depth))
        {
        }
    }

    private void AppendValue()
    {
        if (!_reader.CanReadValueChunk)
        {
            Append(_reader.Value);
            return;
        }

        while (true)
        {
            // Room for two: a reader never splits a surrogate pair across chunks.
            EnsureTextSpace(2);
            var read = _reader.ReadValueChunk(_text, _textLength, _text.Length - _textLength);
            if (read == 0)
            {
                return;
            }

            _textLength += read;
        }
    }

    private void Append(ReadOnlySpan<char> text)
    {
        EnsureTextSpace(text.Length);
        text.CopyTo(_text.AsSpan(_textLength));
        _textLength += text.Length;
    }

    private void EnsureTextSpace(int needed)
    {
        if (_text.Length - _textLength < needed)
        {
            Array.Resize(ref _text, Math.Max(_text.Length * 2, _textLength + needed));
        }
    }

    private static bool IsRssNamespace(string ns) => ns is "" or Rss10Namespace or Rss090Namespace or UserlandRssNamespace;

    private bool IsAtomNamespace(string ns) => ns is Atom10Namespace or Atom03Namespace or "" || ns == _atomNamespace;

    /// <summary>
    /// The current element's local name in lower case. XML names are case-sensitive, but feeds written by hand or by
    /// old tools say <c>&lt;TITLE&gt;</c> and <c>&lt;pubdate&gt;</c>, and CDF is upper case by convention.
    /// </summary>
    private string LocalName()
    {
        var name = _reader.LocalName;
        if (!name.AsSpan().ContainsAnyInRange('A', 'Z'))
        {
            return name;
        }

        // The name table gives one instance per distinct name: lowering it costs one string per name and document.
        return _lowerNames.TryGetValue(name, out var lower) ? lower : _lowerNames[name] = name.ToLowerInvariant();
    }

    /// <summary>An attribute of the current element whatever the case of its name (CDF's HREF, LASTMOD).</summary>
    private string? AttributeIgnoringCase(string name)
    {
        if (!_reader.HasAttributes)
        {
            return null;
        }

        string? value = null;
        if (_reader.MoveToFirstAttribute())
        {
            do
            {
                if (_reader.NamespaceURI.Length == 0 && _reader.LocalName.Equals(name, StringComparison.OrdinalIgnoreCase))
                {
                    value = _reader.Value;
                    break;
                }
            }
            while (_reader.MoveToNextAttribute());

            _reader.MoveToElement();
        }

        return value;
    }

    // Double-decoded UTF-8 is put back before cleaning: its "â€\u009d" holds a C1 control the cleaning would make a space.
    private static string? Html(ReadOnlySpan<char> text) =>
        NullIfEmpty(Mojibake.MayNeedRepair(text) ? HtmlText.ToPlainText(Mojibake.Repair(text.ToString())) : HtmlText.ToPlainText(text));

    private static string? Collapse(ReadOnlySpan<char> text)
    {
        // A CDATA section inside a CDATA section leaves its markers in the text: they were never words.
        if (text.Contains("<![CDATA[", StringComparison.Ordinal) || Mojibake.MayNeedRepair(text))
        {
            var value = Mojibake.Repair(text.ToString()).Replace("<![CDATA[", string.Empty, StringComparison.Ordinal).Replace("]]>", string.Empty, StringComparison.Ordinal);
            return NullIfEmpty(HtmlText.CollapseWhitespace(value));
        }

        return NullIfEmpty(HtmlText.CollapseWhitespace(text));
    }

    private static string? Trimmed(ReadOnlySpan<char> text)
    {
        var trimmed = text.Trim();
        return trimmed.IsEmpty ? null : trimmed.ToString();
    }

    private static string? Trimmed(string? text)
    {
        if (text is null)
        {
            return null;
        }

        return NullIfEmpty(text.Trim());
    }

    private static string? NullIfEmpty(string text) => text.Length == 0 ? null : text;

    /// <summary>RSS author is "email (Name)" by the spec; the name is what a reader wants.</summary>
    private static string? AuthorName(ReadOnlySpan<char> text)
    {
        var author = Html(text);
        if (author is null)
        {
            return null;
        }

        var open = author.IndexOf('(', StringComparison.Ordinal);
        if (open > 0 && author.EndsWith(')') && author.AsSpan(0, open).Contains('@'))
        {
            var name = author.AsSpan(open + 1, author.Length - open - 2).Trim();
            if (!name.IsEmpty)
            {
                return name.ToString();
            }
        }

        return author;
    }

    private static long? ParseLength(string? text) =>
        long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var length) && length > 0 ? length : null;
}
