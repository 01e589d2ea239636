using System.Text;
using System.Text.Unicode;

namespace NewsMonitor.Feeds.Parsing;

/// <summary>
/// Chooses the encoding of a feed's bytes. Order: byte order mark; then the HTTP charset; then the XML declaration;
/// then UTF-8. The label is checked against the bytes, because feeds are often mislabelled: bytes that are valid
/// UTF-8 (with non-ASCII in them) are read as UTF-8 whatever an 8-bit label says, and bytes labelled (or defaulted
/// to) UTF-8 that are not valid UTF-8 are read as windows-1252. ISO-8859-1 and US-ASCII labels mean windows-1252,
/// as in browsers (the WHATWG Encoding standard): feeds labelled Latin-1 routinely carry curly quotes in 0x80-0x9F.
/// </summary>
internal static class FeedEncoding
{
    private static readonly Encoding Utf8NoBom = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);

    internal static Encoding Windows1252 { get; } = RegisterCodePages();

    /// <summary>The encoding to read <paramref name="bytes"/> with, and how many leading bytes are its byte order mark.</summary>
    public static (Encoding Encoding, int PreambleLength) Detect(ReadOnlySpan<byte> bytes, string? httpCharset)
    {
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            return (Utf8NoBom, 3);
        }

        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]))
        {
            return (Encoding.BigEndianUnicode, 2);
        }

        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]))
        {
            return (Encoding.Unicode, 2);
        }

        // XML 1.0 appendix F: UTF-16 without a byte order mark still shows itself by the zero byte beside '<' or '{'.
        if (bytes.Length >= 2 && bytes[0] == 0 && bytes[1] is (byte)'<' or (byte)'{')
        {
            return (Encoding.BigEndianUnicode, 0);
        }

        if (bytes.Length >= 2 && bytes[0] is (byte)'<' or (byte)'{' && bytes[1] == 0)
        {
            return (Encoding.Unicode, 0);
        }

        var labelled = FromLabel(httpCharset) ?? FromLabel(DeclaredEncoding(bytes));
        if (labelled is not null && labelled.CodePage is 1200 or 1201 or 12000 or 12001)
        {
            // A 16/32-bit label on bytes that plainly are 8-bit (no zero beside the first '<'): the label is wrong.
            labelled = null;
        }

        if (labelled is null || labelled.CodePage == Encoding.UTF8.CodePage)
        {
            return (Utf8.IsValid(bytes) ? Utf8NoBom : Windows1252, 0);
        }

        if (!System.Text.Ascii.IsValid(bytes) && Utf8.IsValid(bytes))
        {
            return (Utf8NoBom, 0);
        }

        return (labelled, 0);
    }

    private static Encoding RegisterCodePages()
    {
        // windows-125x and ISO-8859-x beyond Latin-1 live in the code-pages provider, part of the shared framework.
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        return Encoding.GetEncoding(1252);
    }

    /// <summary>The encoding a charset label names; null for no label or one this runtime does not know.</summary>
    public static Encoding? FromLabel(string? label)
    {
        if (string.IsNullOrWhiteSpace(label))
        {
            return null;
        }

        var name = label.Trim().Trim('"', '\'');
        if (name.Equals("iso-8859-1", StringComparison.OrdinalIgnoreCase) || name.Equals("latin1", StringComparison.OrdinalIgnoreCase)
            || name.Equals("us-ascii", StringComparison.OrdinalIgnoreCase) || name.Equals("ascii", StringComparison.OrdinalIgnoreCase)
            || name.Equals("iso8859-1", StringComparison.OrdinalIgnoreCase) || name.Equals("iso_8859-1", StringComparison.OrdinalIgnoreCase))
        {
            return Windows1252;
        }

        if (name.Equals("utf8", StringComparison.OrdinalIgnoreCase))
        {
            return Utf8NoBom;
        }

        try
        {
            return Encoding.GetEncoding(name);
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    /// <summary>The encoding="..." of the XML declaration at the start of <paramref name="bytes"/>, read as ASCII.</summary>
    internal static string? DeclaredEncoding(ReadOnlySpan<byte> bytes)
    {
        var head = bytes[..Math.Min(bytes.Length, 512)];
        var start = 0;
        while (start < head.Length && head[start] is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n')
        {
            start++;
        }

        head = head[start..];
        if (!head.StartsWith("<?xml"u8))
        {
            return null;
        }

        var end = head.IndexOf("?>"u8);
        var declaration = end < 0 ? head : head[..end];
        var attribute = declaration.IndexOf("encoding"u8);
        if (attribute < 0)
        {
            return null;
        }

        var rest = declaration[(attribute + 8)..].TrimStart(" \t\r\n="u8).TrimStart(" \t\r\n"u8);
        if (rest.IsEmpty || rest[0] is not ((byte)'"' or (byte)'\''))
        {
            return null;
        }

        var quote = rest[0];
        rest = rest[1..];
        var close = rest.IndexOf(quote);
        return close <= 0 ? null : Encoding.ASCII.GetString(rest[..close]);
    }
}
