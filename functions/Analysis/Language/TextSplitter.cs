using System.Globalization;

namespace NewsMonitor.Analysis.Language;

/// <summary>A piece of a longer text and where it starts in it (UTF-16 code units).</summary>
internal readonly record struct TextPart(int Offset, string Text);

/// <summary>
/// Splits a text the service would reject (over 5,120 text elements, i.e. grapheme clusters) into contiguous parts at
/// sentence boundaries; a single sentence over the limit is cut at the last whitespace before it (else at the limit,
/// never inside a grapheme). The parts cover the text exactly, so an offset in a part plus the part's offset is an
/// offset in the text.
/// </summary>
internal static class TextSplitter
{
    public static IReadOnlyList<TextPart> Split(string text, int maxTextElements)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxTextElements, 1);
        if (text.Length <= maxTextElements || new StringInfo(text).LengthInTextElements <= maxTextElements)
        {
            return [new TextPart(0, text)];
        }

        var pieces = new List<(int Start, int Length, int Elements)>();
        foreach (var (start, end) in Sentences(text))
        {
            AddPieces(text, start, end, maxTextElements, pieces);
        }

        var parts = new List<TextPart>();
        var partStart = 0;
        var partEnd = 0;
        var partElements = 0;
        foreach (var piece in pieces)
        {
            if (partElements > 0 && partElements + piece.Elements > maxTextElements)
            {
                parts.Add(new TextPart(partStart, text[partStart..partEnd]));
                partStart = piece.Start;
                partElements = 0;
            }

            partEnd = piece.Start + piece.Length;
            partElements += piece.Elements;
        }

        parts.Add(new TextPart(partStart, text[partStart..partEnd]));
        return parts;
    }

    /// <summary>Sentence spans covering the whole text: a sentence ends after . ! ? … (and closing quotes) plus whitespace, or after a line break.</summary>
    internal static IEnumerable<(int Start, int End)> Sentences(string text)
    {
        var start = 0;
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            var end = -1;
            if (c is '.' or '!' or '?' or '…')
            {
                var j = i + 1;
                while (j < text.Length && text[j] is '"' or '\'' or '”' or '’' or ')' or ']' or '»')
                {
                    j++;
                }

                if (j == text.Length || char.IsWhiteSpace(text[j]))
                {
                    end = j;
                }
            }
            else if (c == '\n')
            {
                end = i;
            }

            if (end >= 0)
            {
                while (end < text.Length && char.IsWhiteSpace(text[end]))
                {
                    end++;
                }

                yield return (start, end);
                start = end;
                i = end;
            }
            else
            {
                i++;
            }
        }

        if (start < text.Length)
        {
            yield return (start, text.Length);
        }
    }

    private static void AddPieces(string text, int start, int end, int max, List<(int, int, int)> pieces)
    {
        while (start < end)
        {
            // Walk text elements so that a cut never separates a base character from its combining marks.
            var elements = 0;
            var position = start;
            var lastSpace = -1;
            var elementsAtLastSpace = 0;
            while (position < end && elements < max)
            {
                var length = StringInfo.GetNextTextElementLength(text.AsSpan(position, end - position));
                position += length;
                elements++;
                if (char.IsWhiteSpace(text[position - 1]))
                {
                    lastSpace = position;
                    elementsAtLastSpace = elements;
                }
            }

            if (position < end && lastSpace > start + ((position - start) / 2))
            {
                pieces.Add((start, lastSpace - start, elementsAtLastSpace));
                start = lastSpace;
            }
            else
            {
                pieces.Add((start, position - start, elements));
                start = position;
            }
        }
    }
}
