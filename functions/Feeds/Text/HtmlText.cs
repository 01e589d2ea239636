using System.Buffers;
using System.Net;
using System.Text;

namespace NewsMonitor.Feeds.Text;

/// <summary>
/// Turns a fragment of HTML (a feed title, summary or content) into clean text: markup dropped, the contents of
/// script, style and similar elements dropped, entities decoded once, whitespace collapsed to single spaces.
/// One forward pass, no regexes and no DOM: it runs for every title and summary of every item the parser reads.
/// </summary>
internal static class HtmlText
{
    private static readonly SearchValues<char> MarkupOrEntity = SearchValues.Create("<&");

    /// <summary>Clean text of <paramref name="html"/>; an empty string when nothing readable is left.</summary>
    public static string ToPlainText(string? html)
    {
        if (string.IsNullOrEmpty(html))
        {
            return string.Empty;
        }

        if (html.AsSpan().IndexOfAny(MarkupOrEntity) < 0)
        {
            return CollapseWhitespace(html);
        }

        var text = StripMarkup(html);
        if (text.Contains('&', StringComparison.Ordinal))
        {
            // Markup is removed before decoding, so an escaped "&lt;b&gt;" stays the text "<b>": decoded exactly once.
            text = WebUtility.HtmlDecode(text);
        }

        return CollapseWhitespace(text);
    }

    /// <summary>Trims and collapses every run of whitespace (and control characters) into one space.</summary>
    public static string CollapseWhitespace(string text)
    {
        if (!NeedsCollapsing(text))
        {
            return text;
        }

        var builder = new StringBuilder(text.Length);
        var pendingSpace = false;
        foreach (var c in text)
        {
            if (IsSpaceLike(c))
            {
                pendingSpace = builder.Length > 0;
                continue;
            }

            if (pendingSpace)
            {
                builder.Append(' ');
                pendingSpace = false;
            }

            builder.Append(c);
        }

        return builder.ToString();
    }

    private static bool NeedsCollapsing(string text)
    {
        if (text.Length == 0)
        {
            return false;
        }

        if (IsSpaceLike(text[0]) || IsSpaceLike(text[^1]))
        {
            return true;
        }

        var previousWasSpace = false;
        foreach (var c in text)
        {
            if (c == ' ')
            {
                if (previousWasSpace)
                {
                    return true;
                }

                previousWasSpace = true;
            }
            else if (c < ' ' || IsSpaceLike(c))
            {
                return true;
            }
            else
            {
                previousWasSpace = false;
            }
        }

        return false;
    }

    // Control characters count as space: feeds carry stray \v and \f that would otherwise glue words together.
    private static bool IsSpaceLike(char c) => c <= ' ' || c == '\u00A0' || c == '\u200B' || (c >= '\u007F' && c <= '\u009F') || char.IsWhiteSpace(c);

    private static string StripMarkup(string html)
    {
        var builder = new StringBuilder(html.Length);
        var span = html.AsSpan();
        var position = 0;
        while (position < span.Length)
        {
            var next = span[position..].IndexOf('<');
            if (next < 0)
            {
                builder.Append(span[position..]);
                break;
            }

            builder.Append(span.Slice(position, next));
            position += next;
            position = SkipMarkup(span, position, builder);
        }

        return builder.ToString();
    }

    /// <summary>At a '&lt;': consumes the tag (or comment, or raw-text element) and returns the position after it.</summary>
    private static int SkipMarkup(ReadOnlySpan<char> span, int start, StringBuilder builder)
    {
        var rest = span[(start + 1)..];
        if (rest.StartsWith("!--", StringComparison.Ordinal))
        {
            var end = rest.IndexOf("-->", StringComparison.Ordinal);
            return end < 0 ? span.Length : start + 1 + end + 3;
        }

        if (rest.StartsWith("![CDATA[", StringComparison.Ordinal))
        {
            var end = rest.IndexOf("]]>", StringComparison.Ordinal);
            var body = end < 0 ? rest[8..] : rest[8..end];
            builder.Append(body);
            return end < 0 ? span.Length : start + 1 + end + 3;
        }

        var isEndTag = rest.Length > 0 && rest[0] == '/';
        var nameStart = isEndTag ? 1 : 0;
        var isTag = rest.Length > nameStart && (char.IsAsciiLetter(rest[nameStart]) || (!isEndTag && rest[0] is '!' or '?'));
        if (!isTag)
        {
            // "a < b" or "<3": a lone '<' is text (HTML tokenizers do the same).
            builder.Append('<');
            return start + 1;
        }

        var nameEnd = nameStart;
        while (nameEnd < rest.Length && (char.IsAsciiLetterOrDigit(rest[nameEnd]) || rest[nameEnd] is ':' or '-'))
        {
            nameEnd++;
        }

        var name = rest[nameStart..nameEnd];
        var tagEnd = FindTagEnd(rest, nameEnd);
        var afterTag = tagEnd < 0 ? span.Length : start + 1 + tagEnd + 1;

        if (!isEndTag && IsRawTextElement(name) && (tagEnd < 0 || rest[tagEnd - 1] != '/'))
        {
            return SkipRawText(span, afterTag, name);
        }

        if (IsBlockElement(name))
        {
            builder.Append(' ');
        }

        return afterTag;
    }

    /// <summary>Index of the '&gt;' closing the tag, honouring quoted attribute values; -1 when the tag never closes.</summary>
    private static int FindTagEnd(ReadOnlySpan<char> rest, int from)
    {
        var quote = '\0';
        for (var i = from; i < rest.Length; i++)
        {
            var c = rest[i];
            if (quote != '\0')
            {
                if (c == quote)
                {
                    quote = '\0';
                }
            }
            else if (c is '"' or '\'')
            {
                quote = c;
            }
            else if (c == '>')
            {
                return i;
            }
        }

        return -1;
    }

    private static int SkipRawText(ReadOnlySpan<char> span, int from, ReadOnlySpan<char> name)
    {
        var position = from;
        while (position < span.Length)
        {
            var next = span[position..].IndexOf("</", StringComparison.Ordinal);
            if (next < 0)
            {
                return span.Length;
            }

            var candidate = span[(position + next + 2)..];
            if (candidate.StartsWith(name, StringComparison.OrdinalIgnoreCase)
                && (candidate.Length == name.Length || !char.IsAsciiLetterOrDigit(candidate[name.Length])))
            {
                var close = candidate.IndexOf('>');
                return close < 0 ? span.Length : position + next + 2 + close + 1;
            }

            position += next + 2;
        }

        return span.Length;
    }

    private static bool IsRawTextElement(ReadOnlySpan<char> name) =>
        name.Equals("script", StringComparison.OrdinalIgnoreCase)
        || name.Equals("style", StringComparison.OrdinalIgnoreCase)
        || name.Equals("noscript", StringComparison.OrdinalIgnoreCase)
        || name.Equals("template", StringComparison.OrdinalIgnoreCase)
        || name.Equals("iframe", StringComparison.OrdinalIgnoreCase)
        || name.Equals("object", StringComparison.OrdinalIgnoreCase)
        || name.Equals("svg", StringComparison.OrdinalIgnoreCase)
        || name.Equals("head", StringComparison.OrdinalIgnoreCase);

    // Tags that separate words when rendered; inline tags (<b>, <a>, <span>) must not split "wo<b>rd</b>".
    internal static bool IsBlockElement(ReadOnlySpan<char> name)
    {
        if (name.Length == 0)
        {
            return false;
        }

        if (name.Length == 2 && (name[0] | 0x20) == 'h' && name[1] is >= '1' and <= '6')
        {
            return true;
        }

        return name.Length switch
        {
            1 => (name[0] | 0x20) == 'p',
            2 => Is(name, "br") || Is(name, "li") || Is(name, "ul") || Is(name, "ol") || Is(name, "tr") || Is(name, "td")
                 || Is(name, "th") || Is(name, "dd") || Is(name, "dt") || Is(name, "hr"),
            3 => Is(name, "div") || Is(name, "img") || Is(name, "nav"),
            5 => Is(name, "table") || Is(name, "tbody") || Is(name, "thead") || Is(name, "aside"),
            6 => Is(name, "figure") || Is(name, "header") || Is(name, "footer"),
            7 => Is(name, "section") || Is(name, "article"),
            10 => Is(name, "blockquote") || Is(name, "figcaption"),
            _ => Is(name, "pre") || Is(name, "main") || Is(name, "address"),
        };
    }

    private static bool Is(ReadOnlySpan<char> name, string candidate) => name.Equals(candidate, StringComparison.OrdinalIgnoreCase);
}
