using System.Net;
using System.Text;

namespace NewsMonitor.Tests.Feeds.Support;

/// <summary>An article page built from the canonical Mint sample (TestData/Samples), with the boilerplate news sites wrap around a report.</summary>
internal static class MintPage
{
    public const string SampleFile = "mint-2021-07-09-afghanistan.txt";

    public static string SampleText()
        => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "TestData", "Samples", SampleFile));

    /// <summary>The sample's paragraphs (its first line, "date ...", is metadata).</summary>
    public static IReadOnlyList<string> Paragraphs()
        => SampleText().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(line => !line.StartsWith("date ", StringComparison.Ordinal))
            .ToList();

    public static string Html()
    {
        var body = new StringBuilder();
        foreach (var paragraph in Paragraphs())
        {
            body.Append("<p>").Append(WebUtility.HtmlEncode(paragraph)).Append("</p>\n");
        }

        return $"""
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>India concerned as Taliban claim 85% of Afghanistan | Mint</title></head>
            <body>
            <header><nav><a href="/">Home</a> <a href="/news">News</a> <a href="/markets">Markets</a></nav></header>
            <aside class="sidebar"><h3>Trending stocks</h3><ul><li><a href="/s/1">Reliance</a></li><li><a href="/s/2">TCS</a></li></ul></aside>
            <main><article>
            <h1>India concerned as Taliban claim 85% of Afghanistan</h1>
            {body}
            </article></main>
            <footer><p>Copyright © HT Digital Streams Ltd All Rights Reserved.</p></footer>
            </body></html>
            """;
    }
}
