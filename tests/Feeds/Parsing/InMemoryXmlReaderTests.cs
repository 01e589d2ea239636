using System.Globalization;
using System.Text;
using System.Xml;
using NewsMonitor.Feeds.Parsing;

namespace NewsMonitor.Tests.Feeds.Parsing;

public sealed class InMemoryXmlReaderTests
{
    // Documents the in-memory reader must read exactly as the framework's XmlReader does with the parser's settings.
    public static TheoryData<string> WellFormed => new()
    {
        "<rss version=\"2.0\"><channel><title>One</title></channel></rss>",
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<!-- generator -->\n<rss><channel>\n  <item><title>A &amp; B &lt;b&gt; &quot;q&quot; &apos;s&apos;</title></item>\n</channel></rss>\n",
        "<rss><item><description><![CDATA[<p>Hello <b>world</b> & more]]></description></item></rss>",
        "<rss><item><description>before <![CDATA[inside]]> after</description></item></rss>",
        "<rss><item><title>&#8220;curly&#8221; &#x20AC;5 &#128512;</title></item></rss>",
        "<rss><item><title>line one\r\nline two\rline three</title><d><![CDATA[a\r\nb]]></d></item></rss>",
        "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"en\" xml:base=\"https://example.com/\"><entry><link rel=\"alternate\" href=\"/a?x=1&amp;y=2\"/></entry></feed>",
        "<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\" xmlns=\"http://purl.org/rss/1.0/\"><item rdf:about=\"https://e.com/1\"><dc:date xmlns:dc=\"http://purl.org/dc/elements/1.1/\">2021-07-09</dc:date></item></rdf:RDF>",
        "<a xmlns:p=\"urn:one\"><p:b xmlns:p=\"urn:two\"><p:c/></p:b><p:d/></a>",
        "<a><b attr = 'single' other=\"x\ty\nz\r\nw\"/><c></c><d /></a>",
        "<a title=\"&#10;kept&#9;\">x<?pi ignored?>y</a>",
        "<a xmlns=\"urn:default\"><b xmlns=\"\"><c/></b></a>",
        "<media:content xmlns:media=\"http://search.yahoo.com/mrss/\" url=\"https://cdn.example.com/i.jpg\" fileSize=\"10\"><media:thumbnail url=\"t.jpg\"/></media:content>",
        "<r>caf\u00e9 \u201cquoted\u201d \U0001F600</r>",
        "<?xml version='1.0' encoding='windows-1252' standalone='yes' ?><r/>",
        "<r><?xml-stylesheet href=\"a.xsl\"?>t<!---->u</r>",
        "<caf\u00e9 \u00e9t\u00e9=\"1\">x</caf\u00e9>",
    };

    // Not well-formed: both readers must refuse these (the parser then repairs or truncates with the framework's).
    public static TheoryData<string> Malformed => new()
    {
        "<rss><title>Q&A</title></rss>",
        "<rss><title>&nbsp;</title></rss>",
        "<rss><title>a < b</title></rss>",
        "<rss><title>x</titel></rss>",
        "<rss><item><title>cut off",
        "<rss><item><title>cut off</title>",
        "<rss/>trailing text",
        "<rss/><second/>",
        "<rss><a href=\"x<y\"/></rss>",
        "<rss><a href=x/></rss>",
        "<rss><a b=\"1\"c=\"2\"/></rss>",
        "<rss><a b=\"1\" b=\"2\"/></rss>",
        "<rss><dc:creator>undeclared</dc:creator></rss>",
        "<rss><t><![CDATA[never closed</t></rss>",
        "<?xml version=\"1.0\"<b>?><r/>",
        "<?xml encoding=\"utf-8\"?><r/>",
        "<r><?xml version=\"1.0\"?></r>",
        "<r><!-- a -- b --></r>",
        "<r>a ]]> b</r>",
        "<r a'b=\"1\"/>",
        "<r\u201c/>",
        "<r xmlns:p=\"\"/>",
        "<r>&#X41;</r>",
        "",
        "   ",
    };

    [Theory]
    [MemberData(nameof(WellFormed))]
    public void Read_WellFormedDocument_ReportsTheFrameworkReadersNodes(string xml)
    {
        var expected = Nodes(FrameworkReader(xml));

        var actual = Nodes(InMemory(xml));

        Assert.Equal(expected, actual);
    }

    [Theory]
    [MemberData(nameof(Malformed))]
    public void Read_MalformedDocument_ThrowsXmlExceptionAsTheFrameworkReaderDoes(string xml)
    {
        Assert.Throws<XmlException>(() => Nodes(FrameworkReader(xml)));

        Assert.Throws<XmlException>(() => Nodes(InMemory(xml)));
    }

    [Theory]
    [InlineData("<!DOCTYPE rss SYSTEM \"http://my.netscape.com/publish/formats/rss-0.91.dtd\"><rss/>")]
    [InlineData("<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY x \"expanded\">]><r>&x;</r>")]
    [InlineData("<r xml:space=\"preserve\"> <a/> </r>")]
    [InlineData("<r><t>&#xD800;</t></r>")]
    [InlineData("<r><t>&#0;</t></r>")]
    public void Read_OutsideTheInMemorySubset_IsLeftToTheFrameworkReader(string xml)
    {
        var exception = Assert.Throws<XmlException>(() => Nodes(InMemory(xml)));

        Assert.StartsWith("Not read in memory", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_BenchmarkCorpusAndTestFeeds_MatchTheFrameworkReaderNodeForNode()
    {
        var read = 0;
        foreach (var path in FeedFiles().Where(path => path.EndsWith(".xml", StringComparison.Ordinal)))
        {
            var bytes = File.ReadAllBytes(path);
            var (encoding, preamble) = FeedEncoding.Detect(bytes, httpCharset: null);
            var text = encoding.GetString(bytes, preamble, bytes.Length - preamble);
            List<string> expected;
            try
            {
                expected = Nodes(FrameworkReader(text));
            }
            catch (XmlException)
            {
                // Broken on purpose (truncated, bare '&'): the other tests cover those.
                continue;
            }

            if (text.Contains("<!DOCTYPE", StringComparison.Ordinal))
            {
                continue;
            }

            Assert.Equal(expected, Nodes(InMemory(text)));
            read++;
        }

        Assert.True(read >= 20, $"only {read} files were compared");
    }

    [Fact]
    public void ReadValueChunk_BufferSmallerThanValue_ReturnsTheWholeDecodedValueInPieces()
    {
        using var reader = InMemory("<r>one &amp; two &#x20AC; three</r>");
        reader.Read();
        reader.Read();
        var buffer = new char[3];
        var value = new StringBuilder();

        int read;
        while ((read = reader.ReadValueChunk(buffer, 0, buffer.Length)) > 0)
        {
            value.Append(buffer, 0, read);
        }

        Assert.Equal("one & two \u20AC three", value.ToString());
        Assert.Equal(XmlNodeType.Text, reader.NodeType);
    }

    [Fact]
    public void GetAttribute_ByLocalNameAndNamespace_FindsPrefixedAttribute()
    {
        using var reader = InMemory("<r xmlns:x=\"urn:x\" x:a=\"1\" a=\"2\" xml:base=\"https://e.com/\"/>");
        reader.MoveToContent();

        Assert.Equal("1", reader.GetAttribute("a", "urn:x"));
        Assert.Equal("2", reader.GetAttribute("a"));
        Assert.Equal("2", reader.GetAttribute("a", string.Empty));
        Assert.Equal("https://e.com/", reader.GetAttribute("base", "http://www.w3.org/XML/1998/namespace"));
        Assert.Null(reader.GetAttribute("missing"));
        Assert.True(reader.IsEmptyElement);
    }

    internal static IEnumerable<string> FeedFiles()
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "Feeds", "Parsing");
        return Directory.EnumerateFiles(Path.Combine(folder, "TestData"))
            .Concat(Directory.EnumerateFiles(Path.Combine(folder, "Corpus")))
            .Order(StringComparer.Ordinal);
    }

    private static InMemoryXmlReader InMemory(string xml)
    {
        var text = xml.ToCharArray();
        return new InMemoryXmlReader(text, text.Length, new NameTable());
    }

    private static XmlReader FrameworkReader(string xml) => XmlReader.Create(new StringReader(xml), FeedParser.CreateReaderSettings());

    /// <summary>Every node with its attributes, one line each; the XML declaration is not a node the parser uses.</summary>
    private static List<string> Nodes(XmlReader reader)
    {
        using (reader)
        {
            var nodes = new List<string>();
            while (reader.Read())
            {
                if (reader.NodeType == XmlNodeType.XmlDeclaration)
                {
                    continue;
                }

                var node = new StringBuilder();
                node.Append(CultureInfo.InvariantCulture, $"{reader.NodeType} depth={reader.Depth} {reader.Name} local={reader.LocalName} prefix={reader.Prefix} ns={reader.NamespaceURI} empty={reader.IsEmptyElement} value=[{reader.Value}]");
                if (reader.MoveToFirstAttribute())
                {
                    do
                    {
                        node.Append(CultureInfo.InvariantCulture, $" @{reader.Name} local={reader.LocalName} ns={reader.NamespaceURI} depth={reader.Depth} value=[{reader.Value}]");
                    }
                    while (reader.MoveToNextAttribute());

                    reader.MoveToElement();
                }

                nodes.Add(node.ToString());
            }

            return nodes;
        }
    }
}
