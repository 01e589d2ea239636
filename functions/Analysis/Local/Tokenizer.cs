using System.Globalization;

namespace NewsMonitor.Analysis.Local;

internal enum TokenKind
{
    Word,
    Number,
    Punctuation,
}

/// <summary>A token of the analyzed text; <see cref="Start"/> and <see cref="Length"/> are UTF-16 indices into it.</summary>
internal readonly record struct Token(int Start, int Length, TokenKind Kind, string Text, string Lower)
{
    public int End => Start + Length;

    public bool IsCapitalized => Kind == TokenKind.Word && char.IsUpper(Text[0]);

    public bool IsAllCaps => Kind == TokenKind.Word && Text.Length > 1 && Text.All(c => !char.IsLetter(c) || char.IsUpper(c));

    public bool Is(char punctuation) => Kind == TokenKind.Punctuation && Text[0] == punctuation;
}

/// <summary>
/// Splits text into words, numbers and punctuation. Keeps dotted acronyms ("U.S."), decimals ("3.5"), dates
/// ("2021-07-09") and word-internal apostrophes ("don't") whole; splits the possessive "'s" and hyphens next to a
/// capitalised part ("anti-Taliban"), so names stand alone for entity recognition, except inside one name
/// ("Tehreek-e-Taliban").
/// </summary>
internal static class Tokenizer
{
    public static List<Token> Tokenize(string text)
    {
        var tokens = new List<Token>(text.Length / 5);
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
                continue;
            }

            var start = i;
            TokenKind kind;
            if (char.IsLetter(c))
            {
                kind = TokenKind.Word;
                i = ScanWord(text, i);
            }
            else if (char.IsDigit(c))
            {
                kind = TokenKind.Number;
                i = ScanNumber(text, i);
            }
            else if (IsApostrophe(c) && i > 0 && char.IsLetter(text[i - 1]) && i + 1 < text.Length && text[i + 1] is 's' or 'S'
                && (i + 2 >= text.Length || !char.IsLetter(text[i + 2])))
            {
                kind = TokenKind.Word;
                i += 2;
            }
            else
            {
                kind = TokenKind.Punctuation;
                i++;
                if (char.IsHighSurrogate(c) && i < text.Length && char.IsLowSurrogate(text[i]))
                {
                    i++;
                }
            }

            var value = text[start..i];
            tokens.Add(new Token(start, i - start, kind, value, kind == TokenKind.Word ? value.ToLowerInvariant() : value));
        }

        return tokens;
    }

    private static bool IsApostrophe(char c) => c is '\'' or '\u2019';

    private static bool IsWordChar(char c) =>
        char.IsLetterOrDigit(c) || CharUnicodeInfo.GetUnicodeCategory(c) is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark;

    private static int ScanWord(string text, int i)
    {
        var start = i;
        // Dotted acronyms and abbreviations: "U.S.", "e.g.", "U.N." (single letters separated by periods).
        if (i + 3 < text.Length && char.IsLetter(text[i]) && text[i + 1] == '.' && char.IsLetter(text[i + 2]) && text[i + 3] == '.')
        {
            while (i + 1 < text.Length && char.IsLetter(text[i]) && text[i + 1] == '.')
            {
                i += 2;
            }

            return i;
        }

        while (i < text.Length)
        {
            if (IsWordChar(text[i]))
            {
                i++;
                continue;
            }

            var next = i + 1 < text.Length ? text[i + 1] : '\0';
            if (IsApostrophe(text[i]) && char.IsLetter(next))
            {
                // The possessive 's is a token of its own so "Moscow's" yields the place "Moscow".
                var afterS = i + 2 < text.Length ? text[i + 2] : '\0';
                if (next is 's' or 'S' && !char.IsLetter(afterS))
                {
                    return i;
                }

                i++;
                continue;
            }

            if (text[i] == '_' && char.IsLetterOrDigit(next))
            {
                // User names and identifiers ("PeterDutton_MP", "fsb_hq") are one word: prose never joins words so.
                i++;
                continue;
            }

            if (text[i] == '-' && char.IsLetterOrDigit(next))
            {
                // "anti-Taliban", "Taliban-Afghan": split where either side is capitalised; keep "well-known" whole,
                // and names joined by a particle ("Tehreek-e-Taliban", "Inzamam-ul-Haq").
                if (char.IsUpper(next) || char.IsUpper(text[start]))
                {
                    var joined = NameJoint(text, start, i);
                    if (joined < 0)
                    {
                        return i;
                    }

                    i = joined;
                    continue;
                }

                i++;
                continue;
            }

            break;
        }

        return i;
    }

    // Short lower-case words between two hyphens inside one name: "Lashkar-e-Taiba", "Hizb-ut-Tahrir",
    // "Stoke-on-Trent". Connectors of two names ("Kabul-to-Kandahar", "Iran-or-Iraq") are not among them.
    private static readonly HashSet<string> Connectors = new(StringComparer.Ordinal) { "to", "and", "or", "vs", "v", "via", "per", "than" };

    /// <summary>
    /// Where a capitalised word's hyphen at <paramref name="hyphen"/> joins one name rather than two, the index to
    /// scan on from (past a particle of up to four lower-case letters and its second hyphen: "Tehreek-e-Taliban",
    /// "Inzamam-ul-Haq"); otherwise −1: "Taliban-Afghan" stays two names, and so does "Al-Qaeda", whose parts the
    /// gazetteer and the list of known names hold as words ("al qaeda").
    /// </summary>
    private static int NameJoint(string text, int start, int hyphen)
    {
        if (!char.IsUpper(text[start]))
        {
            return -1;
        }

        var after = hyphen + 1;
        var end = after;
        while (end < text.Length && end - after <= 4 && char.IsLower(text[end]))
        {
            end++;
        }

        var particle = end - after;
        return particle is >= 1 and <= 4 && end + 1 < text.Length && text[end] == '-' && char.IsUpper(text[end + 1])
            && !Connectors.Contains(text[after..end]) ? end + 1 : -1;
    }

    private static int ScanNumber(string text, int i)
    {
        while (i < text.Length)
        {
            if (char.IsDigit(text[i]))
            {
                i++;
                continue;
            }

            var next = i + 1 < text.Length ? text[i + 1] : '\0';
            if (text[i] is '.' or ',' or ':' or '-' or '/' && char.IsDigit(next))
            {
                i++;
                continue;
            }

            // Ordinals and units written together: "20th", "5G", "10km".
            if (char.IsLetter(text[i]))
            {
                while (i < text.Length && char.IsLetter(text[i]))
                {
                    i++;
                }
            }

            break;
        }

        return i;
    }
}
