using System.Text.Encodings.Web;

namespace NewsMonitor.Web;

/// <summary>
/// The one HTML layout of every page: language, viewport, the site's stylesheet (no inline style or script, so the
/// Content-Security-Policy can forbid both), a skip link, header navigation, one <c>main</c> landmark with the h1.
/// </summary>
internal static class PageLayout
{
    public const string ContentType = "text/html; charset=utf-8";

    /// <summary>The stylesheet's path; served by both hosts from the embedded resource.</summary>
    public const string StylesheetPath = "/static/site.css";

    /// <param name="title">Plain text; encoded here.</param>
    /// <param name="bodyHtml">Already encoded HTML: every value in it went through <see cref="Encode"/>.</param>
    public static string Document(string title, string bodyHtml)
    {
        var encodedTitle = Encode(title);
        return $$"""
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <meta name="robots" content="noindex">
            <title>{{encodedTitle}} · NewsMonitor</title>
            <link rel="stylesheet" href="{{StylesheetPath}}">
            </head>
            <body>
            <a class="skip" href="#content">Skip to content</a>
            <header class="site"><nav aria-label="Site"><a href="/" class="brand">NewsMonitor</a>
            <a href="/">Trends</a> <a href="/subscribe">Subscribe</a></nav></header>
            <main id="content">
            <h1>{{encodedTitle}}</h1>
            {{bodyHtml}}
            </main>
            <footer class="site"><p>NewsMonitor watches news feeds and emails you when coverage of a keyword spikes.</p></footer>
            </body>
            </html>
            """;
    }

    public static string Encode(string? value) => HtmlEncoder.Default.Encode(value ?? string.Empty);
}
