using System.Buffers;
using System.Text;

namespace NewsMonitor.Feeds.Text;

/// <summary>
/// Repairs UTF-8 that was decoded as windows-1252 (or Latin-1) somewhere upstream, before the feed was written:
/// "donâ€™t" is "don’t" whose three UTF-8 bytes were read as three characters. The feed's own encoding is right, so
/// no byte-level detection can see it; only the characters show it.
/// </summary>
internal static class Mojibake
{
    // windows-1252's 0x80-0x9F. The five bytes it leaves undefined stay C1 controls, as in Encoding.GetEncoding(1252).
    private const string Windows1252HighControls =
        "\u20AC\u0081\u201A\u0192\u201E\u2026\u2020\u2021\u02C6\u2030\u0160\u2039\u0152\u008D\u017D\u008F"
        + "\u0090\u2018\u2019\u201C\u201D\u2022\u2013\u2014\u02DC\u2122\u0161\u203A\u0153\u009D\u017E\u0178";

    /// <summary>The characters a UTF-8 lead byte (0xC2-0xF4) becomes when read as windows-1252.</summary>
    private static readonly SearchValues<char> LeadBytes = SearchValues.Create(LeadCharacters());

    /// <summary>
    /// The windows-1252 character for a C1 control (U+0080-U+009F). Numeric references like <c>&amp;#146;</c> and
    /// Latin-1 labels on windows-1252 bytes put them in text; browsers read them as windows-1252 (HTML's rule), and so
    /// do we: a C1 control is never meant.
    /// </summary>
    public static char FromC1Control(char c) => c is >= '\u0080' and <= '\u009F' ? Windows1252HighControls[c - 0x80] : c;

    /// <summary>Whether <paramref name="text"/> holds a character a UTF-8 lead byte becomes (most text has none).</summary>
    public static bool MayNeedRepair(ReadOnlySpan<char> text) => text.IndexOfAny(LeadBytes) >= 0;

    /// <summary><paramref name="text"/> with every double-decoded UTF-8 sequence put back; the same instance when none.</summary>
    public static string Repair(string text)
    {
        if (!MayNeedRepair(text))
        {
            return text;
        }

        StringBuilder? repaired = null;
        var copied = 0;
        var position = 0;
        Span<byte> bytes = stackalloc byte[4];
        Span<char> chars = stackalloc char[2];
        while (position < text.Length)
        {
            var lead = text.AsSpan(position).IndexOfAny(LeadBytes);
            if (lead < 0)
            {
                break;
            }

            position += lead;
            var length = SequenceLength(ToByte(text[position]));
            var count = 0;
            for (; count < length && position + count < text.Length && ToByte(text[position + count]) is var b && b >= 0; count++)
            {
                bytes[count] = (byte)b;
            }

            if (count == length && Rune.DecodeFromUtf8(bytes[..length], out var rune, out var consumed) == OperationStatus.Done && consumed == length)
            {
                repaired ??= new StringBuilder(text.Length);
                repaired.Append(text, copied, position - copied);
                repaired.Append(chars[..rune.EncodeToUtf16(chars)]);
                position += length;
                copied = position;
            }
            else
            {
                position++;
            }
        }

        if (repaired is null)
        {
            return text;
        }

        repaired.Append(text, copied, text.Length - copied);
        return repaired.ToString();
    }

    private static int SequenceLength(int lead) => lead switch
    {
        >= 0xF0 => 4,
        >= 0xE0 => 3,
        _ => 2,
    };

    /// <summary>The windows-1252 byte a character came from, or -1 when it cannot have come from one above 0x7F.</summary>
    private static int ToByte(char c)
    {
        if (c is >= '\u00A0' and <= '\u00FF' or >= '\u0080' and <= '\u009F')
        {
            return c;
        }

        var index = Windows1252HighControls.IndexOf(c, StringComparison.Ordinal);
        return index < 0 ? -1 : 0x80 + index;
    }

    private static string LeadCharacters()
    {
        var characters = new char[0xF4 - 0xC2 + 1];
        for (var i = 0; i < characters.Length; i++)
        {
            characters[i] = (char)(0xC2 + i);
        }

        return new string(characters);
    }
}
