using NewsMonitor.Cli.Commands;
using NewsMonitor.Feeds.Parsing;

namespace NewsMonitor.Tests.Feeds.Parsing;

public sealed class FeedParserTests
{
    private const string Location = "https://loc.example.com/feeds/rss.xml";

    // file, HTTP charset, location, format, item count, item index, title, link, id, published (UTC), author.
    public static IEnumerable<object?[]> Feeds =>
    [
        ["rss20.xml", null, null, "rss", 2, 0, "Taliban seize key border crossing & trade route", "https://news.example.com/world/asia/taliban-border-crossing", "news-example-100231", "2021-07-09T08:35:00Z", "Elizabeth Roche"],
        ["rss20.xml", null, null, "rss", 2, 1, "Lavrov says Moscow is watching the situation closely", "https://news.example.com/world/europe/lavrov-afghanistan", "https://news.example.com/world/europe/lavrov-afghanistan", "2021-07-09T10:30:00Z", "Foreign Desk"],
        ["rss091-netscape.xml", null, null, "rss", 2, 0, "Envoys meet in Doha \u2014 talks resume", "http://diplomacy.example.org/2021/07/doha-talks.html", "http://diplomacy.example.org/2021/07/doha-talks.html", null, null],
        ["rdf.xml", null, null, "rdf", 2, 0, "Kabul airport security handed over", "https://asia.example.net/story/kabul-airport", "https://asia.example.net/story/kabul-airport", "2021-07-09T03:45:00Z", "Asia Desk Staff"],
        ["rdf.xml", null, null, "rdf", 2, 1, "Fighting near Herat", "https://asia.example.net/story/herat", "https://asia.example.net/story/herat", "2021-07-08T00:00:00Z", null],
        ["rss090.xml", null, null, "rdf", 2, 0, "New Status Updates", "http://www.mozilla.org/status/", "http://www.mozilla.org/status/", null, null],
        ["atom10.xml", null, null, "atom", 2, 0, "Kandahar & Helmand: the <front line>", "https://atom.example.com/news/2021/07/kandahar.html", "tag:atom.example.com,2021:kandahar", "2021-07-09T07:30:00Z", "Jane Reporter"],
        ["atom10.xml", null, null, "atom", 2, 1, "Updated-only entry", "https://atom.example.com/news/updated-only", "tag:atom.example.com,2021:updated-only", "2021-07-08T23:59:59Z", "Region Watch Newsroom"],
        ["atom03.xml", null, null, "atom", 1, 0, "Atom 0.3 entry", "http://legacy.example.com/2004/12/13/entry", "tag:legacy.example.com,2004:entry-1", "2004-12-13T12:29:29Z", "Legacy Author"],
        ["jsonfeed10.json", null, null, "jsonfeed", 2, 0, "Kabul braces for the summer", "https://json.example.com/2021/07/09/kabul", "https://json.example.com/2021/07/09/kabul", "2021-07-09T13:00:00Z", "JSON Desk"],
        ["jsonfeed10.json", null, null, "jsonfeed", 2, 1, null, "https://json.example.com/2021/07/09/second", "2", null, "JSON Desk"],
        ["jsonfeed11.json", null, null, "jsonfeed", 1, 0, "Doha talks stall", "https://json11.example.com/2021/07/09/doha", "42", "2021-07-09T18:45:00Z", "Correspondent One"],
        ["windows-1252.xml", null, null, "rss", 1, 0, "\u201cQuoted\u201d \u2013 na\u00efve r\u00e9sum\u00e9 \u20ac5", "https://cp1252.example.com/1", "https://cp1252.example.com/1", null, null],
        ["iso-8859-1.xml", null, null, "rss", 1, 0, "It\u2019s na\u00efve r\u00e9sum\u00e9", "https://latin1.example.com/1", "https://latin1.example.com/1", null, null],
        ["iso-8859-2.xml", null, null, "rss", 1, 0, "Za\u017c\u00f3\u0142\u0107 g\u0119\u015bl\u0105 ja\u017a\u0144", "https://cp1252.example.com/1", "https://cp1252.example.com/1", null, null],
        ["utf16-bom.xml", null, null, "rss", 1, 0, "\u201cQuoted\u201d \u2013 na\u00efve r\u00e9sum\u00e9 \u20ac5", "https://utf16.example.com/1", "https://utf16.example.com/1", null, null],
        ["mislabelled-utf8.xml", null, null, "rss", 1, 0, "\u201cQuoted\u201d \u2013 na\u00efve r\u00e9sum\u00e9 \u20ac5", "https://mislabel.example.com/1", "https://mislabel.example.com/1", null, null],
        ["mislabelled-1252.xml", null, null, "rss", 1, 0, "\u201cQuoted\u201d \u2013 na\u00efve r\u00e9sum\u00e9 \u20ac5", "https://mislabel1252.example.com/1", "https://mislabel1252.example.com/1", null, null],
        ["http-charset-1252.xml", "windows-1252", null, "rss", 1, 0, "\u201cQuoted\u201d \u2013 na\u00efve r\u00e9sum\u00e9 \u20ac5", "https://http.example.com/1", "https://http.example.com/1", null, null],
        ["bad-dates.xml", null, null, "rss", 10, 2, "single digit day, two-digit year", "https://dates.example.com/3", "https://dates.example.com/3", "2021-07-09T19:05:00Z", null],
        ["bad-dates.xml", null, null, "rss", 10, 6, "unparseable", "https://dates.example.com/7", "https://dates.example.com/7", null, null],
        ["relative-links.xml", null, null, "rss", 5, 0, "Resolved against channel xml:base", "https://base.example.org/section/stories/one.html", "https://base.example.org/section/stories/one.html", null, null],
        ["relative-links.xml", null, null, "rss", 5, 1, "Nested xml:base", "https://base.example.org/section/archive/2021/two.html", "https://base.example.org/section/archive/2021/two.html", null, null],
        ["relative-links.xml", null, null, "rss", 5, 2, "Link element with its own xml:base", "https://other.example.net/deep/three.html", "https://other.example.net/deep/three.html", null, null],
        ["relative-links.xml", null, null, "rss", 5, 3, "Absolute stays", "https://elsewhere.example.com/four", "https://elsewhere.example.com/four", null, null],
        ["relative-links.xml", null, null, "rss", 5, 4, "Not a web link", null, null, null, null],
        ["relative-links-location.xml", null, Location, "rss", 1, 0, "Relative to the location", "https://loc.example.com/news/relative-story", "/news/relative-story", null, null],
        ["missing-guids.xml", null, null, "rss", 3, 0, "Link but no guid", "https://guids.example.com/a", "https://guids.example.com/a", null, null],
        ["missing-guids.xml", null, null, "rss", 3, 1, "Neither guid nor link", null, null, null, null],
        ["missing-guids.xml", null, null, "rss", 3, 2, "Permalink guid only", "https://guids.example.com/c", "https://guids.example.com/c", null, null],
        ["truncated.xml", null, null, "rss", 2, 1, "Second complete", "https://cut.example.com/2", "https://cut.example.com/2", null, null],
        ["truncated-jsonfeed.json", null, null, "jsonfeed", 1, 0, "Kabul braces for the summer", "https://json.example.com/2021/07/09/kabul", "https://json.example.com/2021/07/09/kabul", "2021-07-09T13:00:00Z", "JSON Desk"],
        ["xxe.xml", null, null, "rss", 1, 0, "Leak &xxe; here &internal;", "https://evil.example.com/1", "https://evil.example.com/1", null, null],
        ["billion-laughs.xml", null, null, "rss", 1, 0, "&lol9;", "https://laughs.example.com/1", "https://laughs.example.com/1", null, null],
        ["bare-ampersand.xml", null, null, "rss", 1, 0, "Q&A: markets\u2026", "https://amp.example.com/story?id=1&ref=rss", "https://amp.example.com/story?id=1&ref=rss", null, "Undeclared Prefix"],
    ];

    // file (empty string: an empty body), what the message must say.
    public static TheoryData<string, string> Rejected => new()
    {
        { "", "empty" },
        { "html-page.html", "HTML page" },
        { "not-a-feed.txt", "neither XML nor JSON" },
        { "unknown-root.xml", "<opml>" },
        { "json-not-feed.json", "not a JSON Feed" },
        { "truncated-before-items.xml", "not well-formed XML" },
        { "billion-laughs-root.xml", "<lolz>" },
    };

    // Issue 15's behaviours, one fixture each under TestData/Tolerance: behaviour, file, item index (-1: the feed), field, expected.
    public static TheoryData<int, string, int, string, string?> Tolerance => new()
    {
        { 1, "rss-body.xml", 0, "content", "Text that lives only in body." },
        { 1, "rss-body.xml", 1, "content", "Inline XHTML body." },
        { 1, "rss-body.xml", 2, "content", "The whole story." },
        { 1, "rss-body.xml", 2, "summary", "Short." },
        { 2, "atom10-base64.xml", 0, "title", "Kabul & Kandahar" },
        { 2, "atom10-base64.xml", 0, "summary", "Plain summary, not base64." },
        { 2, "atom10-base64.xml", 0, "content", "Decoded body" },
        { 2, "atom03-modes.xml", 0, "title", "Doha talks resume" },
        { 2, "atom03-modes.xml", 0, "summary", "Escaped summary" },
        { 2, "atom03-modes.xml", 0, "content", "Base64 HTML content." },
        { 2, "atom03-modes.xml", 1, "title", "Inline XML title &lt;not a tag&gt;" },
        { 3, "extensions.xml", -1, "title", "Extension fallbacks" },
        { 3, "extensions.xml", 0, "title", "Dublin Core title" },
        { 3, "extensions.xml", 0, "summary", "Dublin Core description" },
        { 3, "extensions.xml", 0, "author", "DC Creator" },
        { 3, "extensions.xml", 0, "categories", "kabul|airport|security" },
        { 3, "extensions.xml", 1, "title", "Media title" },
        { 3, "extensions.xml", 1, "summary", "iTunes summary" },
        { 3, "extensions.xml", 1, "author", "iTunes Author" },
        { 3, "extensions.xml", 1, "categories", "News|Politics|doha|talks" },
        { 3, "extensions.xml", 2, "title", "Core title" },
        { 3, "extensions.xml", 2, "summary", "Core description" },
        { 3, "extensions.xml", 2, "author", "The Publisher" },
        { 3, "extensions.xml", 2, "categories", "Core category" },
        { 3, "extensions.xml", 3, "summary", "iTunes subtitle" },
        { 3, "extensions.xml", 3, "categories", "Media category|tagged|twice" },
        { 4, "cdf.xml", -1, "format", "cdf" },
        { 4, "cdf.xml", -1, "title", "CDF Channel" },
        { 4, "cdf.xml", -1, "link", "https://cdf.example.com/index.html" },
        { 4, "cdf.xml", 0, "title", "First CDF story" },
        { 4, "cdf.xml", 0, "link", "https://cdf.example.com/story1.html" },
        { 4, "cdf.xml", 0, "summary", "Abstract of the first story" },
        { 4, "cdf.xml", 0, "published", "2021-07-09T08:30:00Z" },
        { 4, "cdf.xml", 1, "title", "Second CDF story" },
        { 4, "cdf.xml", 1, "link", "https://cdf.example.com/story2.html" },
        { 5, "smart-quotes-latin1.xml", 0, "title", "Don\u2019t panic: \u201cquoted\u201d \u201creferenced\u201d \u2013 dash" },
        { 5, "double-utf8.xml", 0, "title", "don\u2019t panic: \u201cCaf\u00e9 soci\u00e9ty\u201d \u2014 na\u00efve stays" },
        { 5, "double-utf8.xml", 0, "summary", "R\u00e9sum\u00e9 of the day\u2026" },
        { 6, "script.xml", -1, "title", "Scripts never leak" },
        { 6, "script.xml", 0, "title", "Headline" },
        { 6, "script.xml", 0, "summary", "Safe description" },
        { 6, "script.xml", 0, "content", "Body text" },
        { 6, "atom-xhtml-script.xml", 0, "title", "Title" },
        { 6, "atom-xhtml-script.xml", 0, "summary", "Summary text" },
        { 6, "atom-xhtml-script.xml", 0, "content", "Content chart label" },
        { 7, "feed-wrong-namespace.xml", -1, "format", "atom" },
        { 7, "feed-wrong-namespace.xml", -1, "link", "https://wrongns.example.com/" },
        { 7, "feed-wrong-namespace.xml", 0, "title", "Read as Atom anyway" },
        { 7, "feed-wrong-namespace.xml", 0, "link", "https://wrongns.example.com/1" },
        { 8, "feed-wrong-namespace.xml", 0, "categories", "kabul" },
        { 8, "../atom10.xml", 0, "categories", "afghanistan|conflict" },
        { 9, "dates.xml", 0, "published", "2021-07-09T08:00:00Z" },
        { 9, "dates.xml", 0, "updated", "2021-07-09T12:00:00Z" },
        { 9, "dates.xml", 1, "published", "2021-07-08T06:00:00Z" },
        { 9, "dates.xml", 1, "updated", "2021-07-08T23:00:00Z" },
        { 9, "dates.xml", 2, "published", "2021-07-07T05:00:00Z" },
        { 9, "atom03-dates.xml", 0, "published", "2004-12-13T08:00:00Z" },
        { 9, "atom03-dates.xml", 0, "updated", "2004-12-14T10:00:00Z" },
        { 10, "atom-link-text.xml", 0, "link", "https://linktext.example.com/story" },
        { 11, "summary-description.xml", 0, "summary", "The description" },
        { 11, "summary-description.xml", 0, "content", "The summary" },
        { 11, "summary-description.xml", 1, "summary", "The summary" },
        { 11, "summary-description.xml", 1, "content", "The description" },
        { 11, "summary-description.xml", 2, "summary", "The description" },
        { 11, "summary-description.xml", 2, "content", "The full item" },
        { 12, "malformed-attribute.xml", 0, "title", "Title after a missing quote" },
        { 12, "malformed-attribute.xml", 0, "id", "https://attr.example.com/guid-1" },
        { 12, "malformed-attribute.xml", 1, "title", "Second item" },
        { 12, "upper-case.xml", -1, "title", "Shouting Feed" },
        { 12, "upper-case.xml", -1, "language", "en-US" },
        { 12, "upper-case.xml", 0, "title", "Upper-case title" },
        { 12, "upper-case.xml", 0, "link", "https://upper.example.com/1" },
        { 12, "upper-case.xml", 0, "summary", "Upper-case description" },
        { 12, "upper-case.xml", 0, "published", "2021-07-09T10:00:00Z" },
        { 12, "feed-wrong-namespace.xml", -1, "language", "en-US" },
        { 12, "nested-cdata.xml", 0, "title", "Outer inner title" },
        { 12, "nested-cdata.xml", 0, "summary", "Escaped CDATA description" },
        { 12, "markup-text.xml", 0, "summary", "Chart: Refugee numbers Up 40%" },
        { 12, "markup-text.xml", 0, "title", "<!Breaking> Kabul airport closed" },
        { 12, "markup-text.xml", 1, "title", "Doctype dropped" },
    };

    [Theory]
    [MemberData(nameof(Feeds))]
    public void Parse_SampleFeed_ReadsItem(
        string file, string? httpCharset, string? location, string format, int count, int index,
        string? title, string? link, string? id, string? published, string? author)
    {
        var feed = Parse(file, httpCharset, location);

        Assert.Equal(format, feed.Format);
        Assert.Equal(count, feed.Items.Count);
        var item = feed.Items[index];
        Assert.Equal(title, item.Title);
        Assert.Equal(link, item.Link);
        Assert.Equal(id, item.Id);
        Assert.Equal(published, item.Published is { } date ? ParsedFeedJson.FormatDate(date) : null);
        Assert.Equal(TimeSpan.Zero, item.Published?.Offset ?? TimeSpan.Zero);
        Assert.Equal(author, item.Author);
    }

    [Theory]
    [MemberData(nameof(Tolerance))]
    public void Parse_ToleranceFixture_ReadsWhatTolerantReadersRead(int behaviour, string file, int index, string field, string? expected)
    {
        var feed = Parse(Path.Combine("Tolerance", file));

        var actual = index < 0 ? FeedField(feed, field) : ItemField(feed.Items[index], field);

        Assert.True(expected == actual, $"behaviour {behaviour}, {file} [{index}].{field}: expected \"{expected}\", got \"{actual}\"");
    }

    [Theory]
    [MemberData(nameof(Rejected))]
    public void Parse_NotAFeed_ThrowsFeedParseExceptionSayingWhy(string file, string expectedMessage)
    {
        using var stream = file.Length == 0 ? new MemoryStream() : Open(file);

        var exception = Assert.Throws<FeedParseException>(() => new FeedParser().Parse(stream, new FeedSource()));

        Assert.Contains(expectedMessage, exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_Rss20_KeepsContentCategoriesMediaAndCleanSummary()
    {
        var feed = Parse("rss20.xml");

        Assert.Equal("World News & Analysis", feed.Title);
        Assert.Equal("https://news.example.com/", feed.Link);
        Assert.Equal("en-gb", feed.Language);
        Assert.False(feed.Truncated);
        var item = feed.Items[0];
        Assert.Equal("The Taliban claimed control of the Afghanistan border post. India and Russia reacted.", item.Summary);
        Assert.Equal("Background The group\u2019s advance accelerated after the withdrawal.", item.Content);
        Assert.Equal(["Afghanistan", "Taliban"], item.Categories);
        Assert.Equal(
            [
                new ParsedMedia("https://cdn.example.com/img/border.jpg", "image/jpeg", 48213),
                new ParsedMedia("https://cdn.example.com/img/border-thumb.jpg", null, null),
                new ParsedMedia("https://cdn.example.com/audio/briefing.mp3", "audio/mpeg", 1048576),
            ],
            item.Media);
        Assert.Equal("Russia's foreign minister spoke in Moscow.", feed.Items[1].Summary);
        Assert.Equal(2, feed.Items[1].Media.Count);
    }

    [Fact]
    public void Parse_Atom10_ResolvesXmlBaseAndReadsTextConstructs()
    {
        var feed = Parse("atom10.xml");

        Assert.Equal("Region Watch", feed.Title);
        Assert.Equal("https://atom.example.com/", feed.Link);
        Assert.Equal("en", feed.Language);
        var entry = feed.Items[0];
        Assert.Equal("Fighting intensified.", entry.Summary);
        Assert.Equal("First paragraph. Second paragraph.", entry.Content);
        Assert.Equal(DateTimeOffset.Parse("2021-07-09T09:00:00Z", System.Globalization.CultureInfo.InvariantCulture), entry.Updated);
        Assert.Equal(["afghanistan", "conflict"], entry.Categories);
        Assert.Equal(
            [
                new ParsedMedia("https://atom.example.com/media/map.png", "image/png", 2048),
                new ParsedMedia("https://atom.example.com/news/2021/07/thumbs/kandahar.jpg", null, null),
            ],
            entry.Media);
        Assert.Equal("Plain text with <tags> kept literally.", feed.Items[1].Summary);
    }

    [Fact]
    public void Parse_Atom03_ReadsEscapedContent()
    {
        var feed = Parse("atom03.xml");

        Assert.Equal("Legacy <Atom> Feed", feed.Title);
        Assert.Equal("http://legacy.example.com/", feed.Link);
        Assert.Equal("Escaped HTML content.", feed.Items[0].Content);
        Assert.Equal("Short summary.", feed.Items[0].Summary);
        Assert.Equal(new DateTimeOffset(2004, 12, 13, 18, 30, 2, TimeSpan.Zero), feed.Items[0].Updated);
    }

    [Fact]
    public void Parse_JsonFeed_ReadsContentTagsAndAttachments()
    {
        var first = Parse("jsonfeed10.json");
        var second = Parse("jsonfeed11.json");

        Assert.Equal("JSON World", first.Title);
        Assert.Equal("https://json.example.com/", first.Link);
        Assert.Equal("Residents stock up.", first.Items[0].Content);
        Assert.Equal("Residents stock up & wait.", first.Items[0].Summary);
        Assert.Equal(["Afghanistan", "Kabul"], first.Items[0].Categories);
        Assert.Equal("Only text content.", first.Items[1].Content);
        Assert.Equal("en-US", second.Language);
        Assert.Equal(new DateTimeOffset(2021, 7, 9, 19, 0, 0, TimeSpan.Zero), second.Items[0].Updated);
        Assert.Equal(
            [
                new ParsedMedia("https://json11.example.com/img/doha.jpg", null, null),
                new ParsedMedia("https://json11.example.com/pod/doha.mp3", "audio/mpeg", 123456),
            ],
            second.Items[0].Media);
    }

    [Fact]
    public void Parse_Rdf_ReadsDublinCoreAndContent()
    {
        var feed = Parse("rdf.xml");

        Assert.Equal("Asia Desk", feed.Title);
        Assert.Equal("en", feed.Language);
        Assert.Equal("Full story here.", feed.Items[0].Content);
        Assert.Equal(["Afghanistan"], feed.Items[0].Categories);
    }

    [Fact]
    public void Parse_EmptyFeed_ReturnsNoItems()
    {
        var feed = Parse("empty.xml");

        Assert.Equal("Nothing today", feed.Title);
        Assert.Empty(feed.Items);
        Assert.False(feed.Truncated);
    }

    [Theory]
    [InlineData("truncated.xml")]
    [InlineData("truncated-jsonfeed.json")]
    public void Parse_TruncatedAfterCompleteItems_ReturnsThemFlaggedTruncated(string file)
    {
        var feed = Parse(file);

        Assert.True(feed.Truncated);
        Assert.NotEmpty(feed.Items);
    }

    [Theory]
    [InlineData("xxe.xml")]
    [InlineData("billion-laughs.xml")]
    public void Parse_DtdEntities_AreNeverExpanded(string file)
    {
        var feed = Parse(file);

        var item = Assert.Single(feed.Items);
        Assert.DoesNotContain("root:", item.Title + item.Summary, StringComparison.Ordinal);
        Assert.DoesNotContain("EXPANDED", item.Title, StringComparison.Ordinal);
        Assert.DoesNotContain("lollol", item.Title, StringComparison.Ordinal);
        Assert.True(item.Title!.Length < 40);
    }

    [Fact]
    public void Parse_RelativeLinks_ResolvesEnclosureAndFeedLink()
    {
        var feed = Parse("relative-links.xml");
        var located = Parse("relative-links-location.xml", location: Location);

        Assert.Equal("https://base.example.org/", feed.Link);
        Assert.Equal("https://base.example.org/section/img/two.jpg", Assert.Single(feed.Items[1].Media).Url);
        Assert.Equal("https://loc.example.com/home", located.Link);
    }

    [Fact]
    public void Parse_BadDates_ReadsEveryVariantAsUtc()
    {
        var feed = Parse("bad-dates.xml");

        string?[] expected =
        [
            "2021-07-09T14:05:00Z", "2021-07-09T14:05:00Z", "2021-07-09T19:05:00Z", "2021-07-09T21:05:00Z",
            "2021-07-09T14:05:00Z", "2021-09-09T13:05:00Z", null, "2021-07-09T08:35:00.25Z", "2021-07-09T14:05:00Z",
            "2021-07-09T14:05:00Z",
        ];
        Assert.Equal(expected, feed.Items.Select(item => item.Published is { } date ? ParsedFeedJson.FormatDate(date) : null));
    }

    [Fact]
    public void Parse_WindowsAndLatin1_DecodesFeedTitle()
    {
        Assert.Equal("Caf\u00e9 Society", Parse("windows-1252.xml").Title);
        Assert.Equal("Wiadomo\u015bci \u0141\u00f3d\u017a", Parse("iso-8859-2.xml").Title);
        Assert.Equal("Caf\u00e9 Diplomacy", Parse("rss091-netscape.xml").Title);
        Assert.Equal("AT&T & friends", Parse("bare-ampersand.xml").Title);
    }

    [Fact]
    public void Parse_NonSeekableStream_ReadsLikeAMemoryStream()
    {
        using var stream = new BufferedStream(Open("rss20.xml"));

        var feed = new FeedParser().Parse(stream, new FeedSource());

        Assert.Equal(2, feed.Items.Count);
    }

    [Fact]
    public void Parse_LeadingJunkBeforeDeclaration_IsSkipped()
    {
        var bytes = File.ReadAllBytes(PathOf("rss20.xml"));
        using var stream = new MemoryStream([.. "Warning: headers already sent\n"u8, .. bytes]);

        var feed = new FeedParser().Parse(stream, new FeedSource());

        Assert.Equal(2, feed.Items.Count);
    }

    private static string? FeedField(ParsedFeed feed, string field) => field switch
    {
        "title" => feed.Title,
        "link" => feed.Link,
        "format" => feed.Format,
        "language" => feed.Language,
        _ => throw new ArgumentOutOfRangeException(nameof(field), field, "No such feed field."),
    };

    private static string? ItemField(ParsedItem item, string field) => field switch
    {
        "id" => item.Id,
        "title" => item.Title,
        "link" => item.Link,
        "summary" => item.Summary,
        "content" => item.Content,
        "author" => item.Author,
        "categories" => string.Join('|', item.Categories),
        "published" => item.Published is { } published ? ParsedFeedJson.FormatDate(published) : null,
        "updated" => item.Updated is { } updated ? ParsedFeedJson.FormatDate(updated) : null,
        _ => throw new ArgumentOutOfRangeException(nameof(field), field, "No such item field."),
    };

    private static ParsedFeed Parse(string file, string? httpCharset = null, string? location = null)
    {
        using var stream = Open(file);
        return new FeedParser().Parse(stream, new FeedSource
        {
            HttpCharset = httpCharset,
            Location = location is null ? null : new Uri(location),
        });
    }

    private static MemoryStream Open(string file) => new(File.ReadAllBytes(PathOf(file)));

    private static string PathOf(string file) => Path.Combine(AppContext.BaseDirectory, "Feeds", "Parsing", "TestData", file);
}
