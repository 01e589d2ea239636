using System.Buffers;
using System.Globalization;
using System.Net;

namespace NewsMonitor.Feeds.Text;

/// <summary>
/// Turns a fragment of HTML (a feed title, summary or content) into clean text: markup dropped, the contents of
/// script, style and similar elements dropped, entities decoded once, whitespace collapsed to single spaces.
/// One forward pass, no regexes and no DOM: it runs for every title and summary of every item the parser reads.
/// </summary>
internal static class HtmlText
{
    private static readonly SearchValues<char> MarkupOrEntity = SearchValues.Create("<&");
    private static readonly SearchValues<char> TagEndOrQuote = SearchValues.Create(">\"'");

    /// <summary>Every character that is not copied as is: markup, entities, and whitespace other than one plain space.</summary>
    private static readonly SearchValues<char> Special = SearchValues.Create(SpecialCharacters(includeMarkup: true));

    private static readonly SearchValues<char> SpecialWhitespace = SearchValues.Create(SpecialCharacters(includeMarkup: false));

    /// <summary>Clean text of <paramref name="html"/>; an empty string when nothing readable is left.</summary>
    public static string ToPlainText(string? html)
    {
        if (string.IsNullOrEmpty(html))
        {
            return string.Empty;
        }

        // Plain text that needs nothing done comes back as the same instance.
        return html.AsSpan().IndexOfAny(MarkupOrEntity) < 0 ? CollapseWhitespace(html) : Clean(html);
    }

    /// <summary>Clean text of <paramref name="html"/>; an empty string when nothing readable is left.</summary>
    public static string ToPlainText(ReadOnlySpan<char> html) =>
        html.IndexOfAny(MarkupOrEntity) < 0 ? CollapseWhitespace(html) : Clean(html);

    /// <summary>Trims and collapses every run of whitespace (and control characters) into one space.</summary>
    public static string CollapseWhitespace(string text) => NeedsCollapsing(text) ? Collapse(text) : text;

    /// <summary>Trims and collapses every run of whitespace (and control characters) into one space.</summary>
    public static string CollapseWhitespace(ReadOnlySpan<char> text) => NeedsCollapsing(text) ? Collapse(text) : text.ToString();

    private static string Clean(ReadOnlySpan<char> span)
    {
        // Text only shrinks (tags go, "&amp;" becomes "&", a tag becomes at most one space), so one rented buffer of
        // the input's length holds the result: one pass, one final string.
        var buffer = ArrayPool<char>.Shared.Rent(span.Length);
        try
        {
            var output = new TextSink(buffer);
            var position = 0;
            while (position < span.Length)
            {
                // Runs of ordinary text are copied in bulk; the vectorized search stops only where work is needed.
                var next = span[position..].IndexOfAny(Special);
                if (next < 0)
                {
                    output.AppendRun(span[position..]);
                    break;
                }

                if (next > 0)
                {
                    output.AppendRun(span.Slice(position, next));
                    position += next;
                }

                var c = span[position];
                if (c == '<')
                {
                    position = SkipMarkup(span, position, ref output);
                }
                else if (c == '&')
                {
                    // Entities are decoded as they are met and their result is never re-read: "&amp;lt;" is "&lt;",
                    // and an escaped "&lt;b&gt;" stays the text "<b>" since markup was recognised before decoding.
                    position = DecodeEntity(span, position, ref output);
                }
                else
                {
                    output.Append(c);
                    position++;
                }
            }

            return output.ToString();
        }
        finally
        {
            ArrayPool<char>.Shared.Return(buffer);
        }
    }

    private static string Collapse(ReadOnlySpan<char> span)
    {
        var buffer = ArrayPool<char>.Shared.Rent(span.Length);
        try
        {
            var output = new TextSink(buffer);
            while (!span.IsEmpty)
            {
                var next = span.IndexOfAny(SpecialWhitespace);
                if (next < 0)
                {
                    output.AppendRun(span);
                    break;
                }

                output.AppendRun(span[..next]);
                output.Append(' ');
                span = span[(next + 1)..];
            }

            return output.ToString();
        }
        finally
        {
            ArrayPool<char>.Shared.Return(buffer);
        }
    }

    private static bool NeedsCollapsing(ReadOnlySpan<char> text) =>
        text.Length > 0
        && (text[0] == ' ' || text[^1] == ' ' || text.IndexOfAny(SpecialWhitespace) >= 0 || text.Contains("  ", StringComparison.Ordinal)
            || text.ContainsAnyExceptInRange('\0', '\u007F'));

    /// <summary>
    /// ASCII only, so the search is vectorized. Non-ASCII whitespace (no-break space, C1 controls, U+2000 spaces) is
    /// caught by <see cref="TextSink.AppendRun"/>, which walks runs holding non-ASCII characters one by one.
    /// </summary>
    private static string SpecialCharacters(bool includeMarkup)
    {
        var characters = new List<char>();
        for (var c = '\0'; c < ' '; c++)
        {
            characters.Add(c);
        }

        characters.Add('\u007F');
        if (includeMarkup)
        {
            characters.Add('<');
            characters.Add('&');
        }

        return new string([.. characters]);
    }

    // Control characters count as space: feeds carry stray \v and \f that would otherwise glue words together.
    private static bool IsSpaceLike(char c) => c <= ' ' || c == '\u00A0' || c == '\u200B' || (c >= '\u007F' && c <= '\u009F') || char.IsWhiteSpace(c);

    /// <summary>At a '&lt;': consumes the tag (or comment, or raw-text element) and returns the position after it.</summary>
    private static int SkipMarkup(ReadOnlySpan<char> span, int start, ref TextSink output)
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
            // Feeds wrap markup in CDATA twice ("&lt;![CDATA[&lt;p&gt;...]]&gt;"): the inner section is markup as well.
            var body = end < 0 ? rest[8..] : rest[8..end];
            if (!body.IsEmpty && IsSpaceLike(body[0]))
            {
                output.Append(' ');
            }

            output.Append(body.IndexOfAny(MarkupOrEntity) < 0 ? body : Clean(body));
            if (!body.IsEmpty && IsSpaceLike(body[^1]))
            {
                output.Append(' ');
            }
            return end < 0 ? span.Length : start + 1 + end + 3;
        }

        var isEndTag = rest.Length > 0 && rest[0] == '/';
        var nameStart = isEndTag ? 1 : 0;
        // "<!" is markup only as a comment, CDATA or doctype; "<!Breaking> news" or "<!>" is what the author typed.
        var isTag = rest.Length > nameStart
            && (char.IsAsciiLetter(rest[nameStart]) || (!isEndTag && rest[0] == '?') || rest.StartsWith("!doctype", StringComparison.OrdinalIgnoreCase));
        if (!isTag)
        {
            // "a < b" or "<3": a lone '<' is text (HTML tokenizers do the same).
            output.Append('<');
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
            output.Append(' ');
        }

        return afterTag;
    }

    /// <summary>Index of the '&gt;' closing the tag, honouring quoted attribute values; -1 when the tag never closes.</summary>
    private static int FindTagEnd(ReadOnlySpan<char> rest, int from)
    {
        var i = from;
        while (i < rest.Length)
        {
            var next = rest[i..].IndexOfAny(TagEndOrQuote);
            if (next < 0)
            {
                return -1;
            }

            i += next;
            if (rest[i] == '>')
            {
                return i;
            }

            var close = rest[(i + 1)..].IndexOf(rest[i]);
            if (close < 0)
            {
                return -1;
            }

            i += close + 2;
        }

        return -1;
    }

    /// <summary>At a '&amp;': appends what the entity stands for (or the '&amp;' itself) and returns the position after it.</summary>
    private static int DecodeEntity(ReadOnlySpan<char> span, int start, ref TextSink output)
    {
        var end = start + 1;
        var limit = Math.Min(span.Length, start + 34);
        while (end < limit && (char.IsAsciiLetterOrDigit(span[end]) || (end == start + 1 && span[end] == '#')))
        {
            end++;
        }

        if (end >= span.Length || span[end] != ';' || end == start + 1)
        {
            output.Append('&');
            return start + 1;
        }

        var name = span[(start + 1)..end];
        char? simple = name switch
        {
            "amp" => '&',
            "lt" => '<',
            "gt" => '>',
            "quot" => '"',
            "apos" => '\'',
            "nbsp" => ' ',
            _ => null,
        };
        if (simple is { } known)
        {
            output.Append(known);
            return end + 1;
        }

        if (name[0] == '#')
        {
            var isHex = name.Length > 1 && (name[1] | 0x20) == 'x';
            var digits = name[(isHex ? 2 : 1)..];
            if (int.TryParse(digits, isHex ? NumberStyles.AllowHexSpecifier : NumberStyles.None, CultureInfo.InvariantCulture, out var codePoint)
                && codePoint > 0 && codePoint <= 0x10FFFF && (codePoint < 0xD800 || codePoint > 0xDFFF))
            {
                output.Append(char.ConvertFromUtf32(codePoint));
                return end + 1;
            }

            output.Append('&');
            return start + 1;
        }

        // The rest of the HTML 4 entity set: rare enough that the framework's table is fine.
        var entity = span[start..(end + 1)].ToString();
        var decoded = WebUtility.HtmlDecode(entity);
        if (decoded == entity)
        {
            output.Append('&');
            return start + 1;
        }

        output.Append(decoded);
        return end + 1;
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

    // Elements whose text is never shown as words: code, styles, embedded documents. Inline SVG is not one of them:
    // its <text> and <title> are words a reader sees.
    internal static bool IsRawTextElement(ReadOnlySpan<char> name) => name.Length switch
    {
        4 => Is(name, "head"),
        5 => Is(name, "style"),
        6 => Is(name, "script") || Is(name, "iframe") || Is(name, "object"),
        8 => Is(name, "noscript") || Is(name, "template"),
        _ => false,
    };

    // Tags that separate words when rendered (SVG's <text> and <title> among them); inline tags (<b>, <a>, <span>)
    // must not split "wo<b>rd</b>".
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
            3 => Is(name, "div") || Is(name, "img") || Is(name, "nav") || Is(name, "pre"),
            4 => Is(name, "text") || Is(name, "main"),
            5 => Is(name, "table") || Is(name, "tbody") || Is(name, "thead") || Is(name, "aside") || Is(name, "title"),
            6 => Is(name, "figure") || Is(name, "header") || Is(name, "footer"),
            7 => Is(name, "section") || Is(name, "article"),
            10 => Is(name, "blockquote") || Is(name, "figcaption"),
            _ => Is(name, "address"),
        };
    }

    private static bool Is(ReadOnlySpan<char> name, string candidate) => name.Equals(candidate, StringComparison.OrdinalIgnoreCase);

    /// <summary>Appends to a fixed buffer, collapsing whitespace as it goes: nothing leading, trailing or doubled.</summary>
    private ref struct TextSink(char[] buffer)
    {
        private readonly char[] _buffer = buffer;
        private int _length;
        private bool _pendingSpace;

        public void Append(char c)
        {
            c = Mojibake.FromC1Control(c);
            if (IsSpaceLike(c))
            {
                _pendingSpace = _length > 0;
                return;
            }

            if (_pendingSpace)
            {
                _buffer[_length++] = ' ';
                _pendingSpace = false;
            }

            _buffer[_length++] = c;
        }

        public void Append(ReadOnlySpan<char> text)
        {
            foreach (var c in text)
            {
                Append(c);
            }
        }

        /// <summary>Appends text holding no markup and no whitespace but single plain spaces (doubles are handled too).</summary>
        public void AppendRun(ReadOnlySpan<char> run)
        {
            if (run.IsEmpty)
            {
                return;
            }

            if (run.Contains("  ", StringComparison.Ordinal) || run.ContainsAnyExceptInRange('\0', '\u007F'))
            {
                Append(run);
                return;
            }

            if (run[0] == ' ')
            {
                _pendingSpace = _length > 0;
                run = run[1..];
                if (run.IsEmpty)
                {
                    return;
                }
            }

            var trailingSpace = run[^1] == ' ';
            if (trailingSpace)
            {
                run = run[..^1];
            }

            if (_pendingSpace)
            {
                _buffer[_length++] = ' ';
                _pendingSpace = false;
            }

            run.CopyTo(_buffer.AsSpan(_length));
            _length += run.Length;
            _pendingSpace = trailingSpace;
        }

        public readonly override string ToString() => new(_buffer, 0, _length);
    }
}
