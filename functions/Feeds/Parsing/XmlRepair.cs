using System.Globalization;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;

namespace NewsMonitor.Feeds.Parsing;

/// <summary>
/// The second chance for a feed that is not well-formed XML, run only after the strict pass failed. It mends the two
/// faults real feeds show most: a bare '&amp;' or an HTML entity (&amp;nbsp;, and any entity a DTD would have
/// declared) the XML parser cannot know, and a namespace prefix (dc:, media:) used without its declaration. It also
/// removes a document type declaration, which the strict pass refuses. Entities are never expanded from a DTD: an
/// unknown one becomes literal text.
/// </summary>
internal static partial class XmlRepair
{
    private static readonly Dictionary<string, string> KnownPrefixes = new(StringComparer.Ordinal)
    {
        ["dc"] = "http://purl.org/dc/elements/1.1/",
        ["dcterms"] = "http://purl.org/dc/terms/",
        ["content"] = "http://purl.org/rss/1.0/modules/content/",
        ["media"] = "http://search.yahoo.com/mrss/",
        ["atom"] = "http://www.w3.org/2005/Atom",
        ["rdf"] = "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
        ["itunes"] = "http://www.itunes.com/dtds/podcast-1.0.dtd",
        ["sy"] = "http://purl.org/rss/1.0/modules/syndication/",
        ["xhtml"] = "http://www.w3.org/1999/xhtml",
    };

    /// <summary>The mended document, or null when there was nothing this repair knows how to mend.</summary>
    public static string? TryRepair(string xml)
    {
        var mended = RemoveDocumentType(xml);
        mended = FlattenNestedCdata(mended);
        mended = CloseAttributeValues(mended);
        mended = FixEntities(mended);
        mended = DeclareMissingPrefixes(mended);
        return ReferenceEquals(mended, xml) ? null : mended;
    }

    /// <summary>
    /// DTD processing is prohibited, so a document with a DOCTYPE (RSS 0.91's Netscape one, or an XXE or billion-laughs
    /// attempt) fails the strict pass. Here the declaration is cut out, internal subset and all; an entity it declared is
    /// then unknown, and <see cref="FixEntities"/> keeps it as literal text.
    /// </summary>
    private static string RemoveDocumentType(string xml)
    {
        var start = xml.IndexOf("<!DOCTYPE", StringComparison.Ordinal);
        var root = FindRootStart(xml);
        if (start < 0 || (root >= 0 && start > root))
        {
            return xml;
        }

        // The declaration ends at the first '>' outside quotes and outside its [internal subset].
        var quote = '\0';
        var inSubset = false;
        for (var position = start + 9; position < xml.Length; position++)
        {
            var c = xml[position];
            if (quote != '\0')
            {
                quote = c == quote ? '\0' : quote;
                continue;
            }

            switch (c)
            {
                case '"' or '\'':
                    quote = c;
                    break;
                case '[':
                    inSubset = true;
                    break;
                case ']':
                    inSubset = false;
                    break;
                case '>' when !inSubset:
                    return string.Concat(xml.AsSpan(0, start), xml.AsSpan(position + 1));
            }
        }

        // It never closes: everything after it belonged to it.
        return xml[..start];
    }

    /// <summary>
    /// "&lt;![CDATA[ a &lt;![CDATA[ b ]]&gt; c ]]&gt;": the first "]]&gt;" ends the section and the rest breaks the
    /// document. Each nested section becomes one, its inner markers dropped.
    /// </summary>
    private static string FlattenNestedCdata(string xml)
    {
        const string Open = "<![CDATA[";
        const string Close = "]]>";
        StringBuilder? builder = null;
        var copiedUpTo = 0;
        var position = 0;
        while ((position = xml.IndexOf(Open, position, StringComparison.Ordinal)) >= 0)
        {
            var depth = 1;
            var nested = false;
            var cursor = position + Open.Length;
            while (depth > 0)
            {
                var nextOpen = xml.IndexOf(Open, cursor, StringComparison.Ordinal);
                var nextClose = xml.IndexOf(Close, cursor, StringComparison.Ordinal);
                if (nextClose < 0)
                {
                    break;
                }

                if (nextOpen >= 0 && nextOpen < nextClose)
                {
                    depth++;
                    nested = true;
                    cursor = nextOpen + Open.Length;
                }
                else
                {
                    depth--;
                    cursor = nextClose + Close.Length;
                }
            }

            if (depth > 0)
            {
                break;
            }

            if (nested)
            {
                var inner = xml[(position + Open.Length)..(cursor - Close.Length)]
                    .Replace(Open, string.Empty, StringComparison.Ordinal)
                    .Replace(Close, string.Empty, StringComparison.Ordinal);
                builder ??= new StringBuilder(xml.Length);
                builder.Append(xml, copiedUpTo, position - copiedUpTo).Append(Open).Append(inner).Append(Close);
                copiedUpTo = cursor;
            }

            position = cursor;
        }

        if (builder is null)
        {
            return xml;
        }

        builder.Append(xml, copiedUpTo, xml.Length - copiedUpTo);
        return builder.ToString();
    }

    /// <summary>
    /// An attribute value whose closing quote is missing (<c>&lt;title type="text&gt;Kabul&lt;/title&gt;</c>) swallows
    /// the rest of the document and the title with it; one without quotes (<c>type=text</c>) is refused. The value ends
    /// at the tag's '&gt;': a '&lt;' cannot be inside a value, so meeting one first shows the quote is missing.
    /// </summary>
    private static string CloseAttributeValues(string xml)
    {
        StringBuilder? builder = null;
        var copiedUpTo = 0;
        var position = 0;
        while ((position = xml.IndexOf('<', position)) >= 0)
        {
            if (position + 1 >= xml.Length || !char.IsLetter(xml[position + 1]))
            {
                position = SkipUnparsedSection(xml, position);
                continue;
            }

            var i = position + 1;
            while (i < xml.Length && !char.IsWhiteSpace(xml[i]) && xml[i] is not ('>' or '/' or '<'))
            {
                i++;
            }

            while (i < xml.Length)
            {
                while (i < xml.Length && char.IsWhiteSpace(xml[i]))
                {
                    i++;
                }

                if (i >= xml.Length || xml[i] is '>' or '/' or '<')
                {
                    break;
                }

                while (i < xml.Length && !char.IsWhiteSpace(xml[i]) && xml[i] is not ('=' or '>' or '/' or '<'))
                {
                    i++;
                }

                while (i < xml.Length && char.IsWhiteSpace(xml[i]))
                {
                    i++;
                }

                if (i >= xml.Length || xml[i] != '=')
                {
                    continue;
                }

                i++;
                while (i < xml.Length && char.IsWhiteSpace(xml[i]))
                {
                    i++;
                }

                if (i >= xml.Length)
                {
                    break;
                }

                var quote = xml[i];
                if (quote is '"' or '\'')
                {
                    var close = xml.IndexOf(quote, i + 1);
                    var nextMarkup = xml.IndexOf('<', i + 1);
                    if (close >= 0 && (nextMarkup < 0 || close < nextMarkup))
                    {
                        i = close + 1;
                        continue;
                    }

                    var tagEnd = xml.IndexOf('>', i + 1);
                    if (tagEnd < 0 || (nextMarkup >= 0 && tagEnd > nextMarkup))
                    {
                        break;
                    }

                    var valueEnd = xml[tagEnd - 1] == '/' && tagEnd - 1 > i ? tagEnd - 1 : tagEnd;
                    builder ??= new StringBuilder(xml.Length + 16);
                    builder.Append(xml, copiedUpTo, valueEnd - copiedUpTo).Append(quote);
                    copiedUpTo = valueEnd;
                    i = valueEnd;
                    continue;
                }

                var valueStart = i;
                while (i < xml.Length && !char.IsWhiteSpace(xml[i]) && xml[i] is not ('>' or '<') && !(xml[i] == '/' && i + 1 < xml.Length && xml[i + 1] == '>'))
                {
                    i++;
                }

                builder ??= new StringBuilder(xml.Length + 16);
                builder.Append(xml, copiedUpTo, valueStart - copiedUpTo).Append('"').Append(xml, valueStart, i - valueStart).Append('"');
                copiedUpTo = i;
            }

            position = Math.Max(i, position + 1);
        }

        if (builder is null)
        {
            return xml;
        }

        builder.Append(xml, copiedUpTo, xml.Length - copiedUpTo);
        return builder.ToString();
    }

    private static string FixEntities(string xml)
    {
        StringBuilder? builder = null;
        var copiedUpTo = 0;
        var position = 0;
        while (position < xml.Length)
        {
            var next = xml.AsSpan(position).IndexOfAny('&', '<');
            if (next < 0)
            {
                break;
            }

            position += next;
            if (xml[position] == '<')
            {
                position = SkipUnparsedSection(xml, position);
                continue;
            }

            var replacement = EntityReplacement(xml, position, out var consumed);
            if (replacement is not null)
            {
                builder ??= new StringBuilder(xml.Length + 64);
                builder.Append(xml, copiedUpTo, position - copiedUpTo).Append(replacement);
                copiedUpTo = position + consumed;
            }

            position += Math.Max(consumed, 1);
        }

        if (builder is null)
        {
            return xml;
        }

        builder.Append(xml, copiedUpTo, xml.Length - copiedUpTo);
        return builder.ToString();
    }

    /// <summary>After a '&lt;': skips a CDATA section or comment (where '&amp;' is literal), else just the '&lt;'.</summary>
    private static int SkipUnparsedSection(string xml, int position)
    {
        var rest = xml.AsSpan(position);
        if (rest.StartsWith("<![CDATA[", StringComparison.Ordinal))
        {
            var end = rest.IndexOf("]]>", StringComparison.Ordinal);
            return end < 0 ? xml.Length : position + end + 3;
        }

        if (rest.StartsWith("<!--", StringComparison.Ordinal))
        {
            var end = rest.IndexOf("-->", StringComparison.Ordinal);
            return end < 0 ? xml.Length : position + end + 3;
        }

        return position + 1;
    }

    /// <summary>What to write instead of the '&amp;' at <paramref name="position"/>; null when it is already fine.</summary>
    private static string? EntityReplacement(string xml, int position, out int consumed)
    {
        consumed = 1;
        var end = position + 1;
        if (end < xml.Length && xml[end] == '#')
        {
            end++;
            var hex = end < xml.Length && xml[end] is 'x' or 'X';
            if (hex)
            {
                end++;
            }

            var digitsStart = end;
            while (end < xml.Length && (hex ? char.IsAsciiHexDigit(xml[end]) : char.IsAsciiDigit(xml[end])))
            {
                end++;
            }

            return end > digitsStart && end < xml.Length && xml[end] == ';' ? null : "&amp;";
        }

        while (end < xml.Length && end - position <= 32 && char.IsAsciiLetterOrDigit(xml[end]))
        {
            end++;
        }

        if (end == position + 1 || end >= xml.Length || xml[end] != ';')
        {
            return "&amp;";
        }

        var name = xml.AsSpan(position + 1, end - position - 1);
        if (name is "amp" or "lt" or "gt" or "quot" or "apos")
        {
            return null;
        }

        consumed = end - position + 1;
        var entity = xml.Substring(position, consumed);
        var decoded = WebUtility.HtmlDecode(entity);
        if (decoded == entity)
        {
            // Unknown (or declared only in a DTD we never read): keep it visible as text, never expand it.
            return "&amp;" + entity[1..];
        }

        var references = new StringBuilder();
        for (var i = 0; i < decoded.Length; i += char.IsSurrogatePair(decoded, i) ? 2 : 1)
        {
            references.Append("&#").Append(char.ConvertToUtf32(decoded, i).ToString(CultureInfo.InvariantCulture)).Append(';');
        }

        return references.ToString();
    }

    private static string DeclareMissingPrefixes(string xml)
    {
        var rootStart = FindRootStart(xml);
        if (rootStart < 0)
        {
            return xml;
        }

        var declarations = new StringBuilder();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (Match match in QualifiedName().Matches(xml))
        {
            var prefix = match.Groups[1].Value;
            if (prefix is "xml" or "xmlns" || !seen.Add(prefix) || xml.Contains("xmlns:" + prefix + "=", StringComparison.Ordinal))
            {
                continue;
            }

            var uri = KnownPrefixes.TryGetValue(prefix, out var known) ? known : "urn:newsmonitor:undeclared:" + prefix;
            declarations.Append(" xmlns:").Append(prefix).Append("=\"").Append(uri).Append('"');
        }

        if (declarations.Length == 0)
        {
            return xml;
        }

        var nameEnd = rootStart + 1;
        while (nameEnd < xml.Length && !char.IsWhiteSpace(xml[nameEnd]) && xml[nameEnd] is not ('>' or '/'))
        {
            nameEnd++;
        }

        return string.Concat(xml.AsSpan(0, nameEnd), declarations.ToString(), xml.AsSpan(nameEnd));
    }

    /// <summary>Index of the '&lt;' opening the root element (after the declaration, comments and DOCTYPE).</summary>
    private static int FindRootStart(string xml)
    {
        var position = 0;
        while (position < xml.Length)
        {
            var next = xml.IndexOf('<', position);
            if (next < 0 || next + 1 >= xml.Length)
            {
                return -1;
            }

            if (char.IsLetter(xml[next + 1]) || xml[next + 1] == '_')
            {
                return next;
            }

            position = next + 1;
        }

        return -1;
    }

    // A prefixed element or attribute name: "<dc:creator", "</media:content", " rdf:about=".
    [GeneratedRegex(@"(?:</?|\s)([A-Za-z_][\w.\-]*):[A-Za-z_][\w.\-]*(?=[\s>/=])", RegexOptions.CultureInvariant)]
    private static partial Regex QualifiedName();
}
