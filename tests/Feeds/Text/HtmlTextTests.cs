using NewsMonitor.Feeds.Text;

namespace NewsMonitor.Tests.Feeds.Text;

public sealed class HtmlTextTests
{
    [Theory]
    [InlineData("Plain title", "Plain title")]
    [InlineData("  spaced \n\t out  ", "spaced out")]
    [InlineData("<p>One</p><p>Two</p>", "One Two")]
    [InlineData("wo<b>rd</b>s", "words")]
    [InlineData("line<br>break<br/>here", "line break here")]
    [InlineData("AT&amp;T &lt;b&gt; &#8217; &#x2019; &eacute;", "AT&T <b> \u2019 \u2019 \u00e9")]
    [InlineData("&amp;amp;", "&amp;")]
    [InlineData("a &unknown; b", "a &unknown; b")]
    [InlineData("x<script>var a = '<p>hidden</p>';</script>y", "xy")]
    [InlineData("x<SCRIPT type=\"text/javascript\">alert(1)</SCRIPT >y", "xy")]
    [InlineData("x<style>p { color: red }</style>y", "xy")]
    [InlineData("x<!-- a comment <p> -->y", "xy")]
    [InlineData("<a href=\"x\" title=\"a > b\">link</a> text", "link text")]
    [InlineData("1 < 2 and 3 > 2", "1 < 2 and 3 > 2")]
    [InlineData("non&nbsp;breaking\u00a0space", "non breaking space")]
    [InlineData("<div><img src=\"a.png\" alt=\"x\">Caption</div>", "Caption")]
    [InlineData("cut <a href=\"never closed", "cut")]
    [InlineData("x<script>never closed", "x")]
    [InlineData("<![CDATA[inside]]> out", "inside out")]
    [InlineData("ctrl\u000bchar\u0001s", "ctrl char s")]
    [InlineData("<ul><li>one</li><li>two</li></ul>", "one two")]
    [InlineData("<!Breaking> news", "<!Breaking> news")]
    [InlineData("<!DOCTYPE html><p>Page</p>", "Page")]
    [InlineData("a<![CDATA[<b>inner</b> markup]]>b", "ainner markupb")]
    [InlineData("<svg><title>Chart</title><text>Up 40%</text></svg>", "Chart Up 40%")]
    [InlineData("<pre>code</pre>after", "code after")]
    [InlineData("Don\u0092t \u0093quote\u0094", "Don\u2019t \u201cquote\u201d")]
    [InlineData("", "")]
    [InlineData(null, "")]
    public void ToPlainText_Html_ReturnsCleanText(string? html, string expected)
    {
        Assert.Equal(expected, HtmlText.ToPlainText(html));
    }

    [Fact]
    public void ToPlainText_CanonicalArticleParagraph_KeepsWordsAndPunctuation()
    {
        const string html = "<p>NEW DELHI: India is &#8220;closely following&#8221; developments in <a href=\"/afghanistan\">Afghanistan</a>,"
            + "\n the external affairs ministry said on Friday.</p><script>ga('send')</script>";

        Assert.Equal(
            "NEW DELHI: India is \u201cclosely following\u201d developments in Afghanistan, the external affairs ministry said on Friday.",
            HtmlText.ToPlainText(html));
    }
}
