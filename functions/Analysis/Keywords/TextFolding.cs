using System.Globalization;
using System.Text;

namespace NewsMonitor.Analysis.Keywords;

/// <summary>
/// The normal form keywords and texts are compared in: lowercase, diacritics removed ("ÉMIRAT" → "emirat"), every
/// apostrophe variant (’ ‘ ʼ ＇ ´) as ', every other non-letter, non-digit run as one space.
/// </summary>
internal static class TextFolding
{
    public const char Separator = ' ';
    public const char Apostrophe = '\'';

    // Marker in the table for characters dropped entirely (combining marks of already-decomposed text).
    private const char Dropped = '\0';

    // One entry per UTF-16 code unit, computed once: folding is then a table lookup per character.
    private static readonly char[] Table = BuildTable();

    public static string Fold(string text) => Fold(text.AsSpan());

    public static string Fold(ReadOnlySpan<char> text)
    {
        var buffer = new char[text.Length];
        var length = Fold(text, buffer);
        return new string(buffer, 0, length).Trim(Separator);
    }

    /// <summary>Folds into <paramref name="destination"/> (at least as long as the text); returns the folded length.</summary>
    public static int Fold(ReadOnlySpan<char> text, Span<char> destination)
    {
        var length = 0;
        var previous = Separator;
        foreach (var c in text)
        {
            var folded = Table[c];
            if (folded == Dropped || (folded == Separator && previous == Separator))
            {
                continue;
            }

            destination[length++] = folded;
            previous = folded;
        }

        return length;
    }

    public static bool IsWordChar(char folded) => folded != Separator && folded != Apostrophe;

    private static char[] BuildTable()
    {
        var table = new char[char.MaxValue + 1];
        for (var i = 0; i <= char.MaxValue; i++)
        {
            table[i] = FoldOne((char)i);
        }

        return table;
    }

    private static char FoldOne(char c)
    {
        if (c is '\'' or '’' or '‘' or 'ʼ' or '＇' or '´' or '`')
        {
            return Apostrophe;
        }

        if (char.IsSurrogate(c))
        {
            // Astral characters (emoji, historic scripts) are never part of a keyword boundary decision we care about.
            return c;
        }

        var category = CharUnicodeInfo.GetUnicodeCategory(c);
        if (category is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark)
        {
            return Dropped;
        }

        if (!char.IsLetterOrDigit(c))
        {
            return Separator;
        }

        var decomposed = c.ToString().Normalize(NormalizationForm.FormD);
        foreach (var d in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(d) != UnicodeCategory.NonSpacingMark)
            {
                return char.ToLowerInvariant(d);
            }
        }

        return char.ToLowerInvariant(c);
    }
}
