namespace NewsMonitor.Analysis.Local;

/// <summary>A sentence as a token range [<see cref="FirstToken"/>, <see cref="EndToken"/>) and a text span.</summary>
internal readonly record struct SentenceSpan(int FirstToken, int EndToken, int Start, int End)
{
    public int Length => End - Start;
}

/// <summary>
/// Rule-based sentence boundaries: '.', '!', '?' (with any closing quotes) followed by a capitalised word, a digit
/// or a quote, and line breaks before a capitalised line. A period after an abbreviation from the gazetteer
/// ("Mr.", "Inc.", "Jan."), an initial ("S. Jaishankar") or a dotted acronym ("U.S.") ends a sentence only when a
/// function word ("The", "He") follows.
/// </summary>
internal sealed class SentenceSplitter(LocalAnalyzerResources resources)
{
    public List<SentenceSpan> Split(string text, List<Token> tokens)
    {
        var sentences = new List<SentenceSpan>();
        var first = 0;
        for (var i = 0; i < tokens.Count; i++)
        {
            var end = i + 1;
            var boundary = false;
            if (IsTerminator(tokens[i]))
            {
                while (end < tokens.Count && IsCloser(tokens[end]) && tokens[end].Start == tokens[end - 1].End)
                {
                    end++;
                }

                boundary = end >= tokens.Count || EndsSentence(tokens, i, end);
            }
            else if (end < tokens.Count && BreaksLine(text, tokens[i], tokens[end]))
            {
                boundary = true;
            }

            if (boundary || end >= tokens.Count)
            {
                sentences.Add(new SentenceSpan(first, end, tokens[first].Start, tokens[end - 1].End));
                first = end;
                i = end - 1;
            }
        }

        return sentences;
    }

    private static bool IsTerminator(Token token) =>
        token.Kind == TokenKind.Punctuation && token.Text[0] is '.' or '!' or '?' or '\u2026'
        || token.Kind == TokenKind.Word && token.Text[^1] == '.';

    private static bool IsCloser(Token token) =>
        token.Kind == TokenKind.Punctuation && token.Text[0] is '"' or '\'' or '\u201D' or '\u2019' or ')' or ']' or '.' or '!' or '?';

    private bool EndsSentence(List<Token> tokens, int terminator, int next)
    {
        var following = tokens[next];
        if (following.Kind == TokenKind.Word && char.IsLower(following.Text[0]))
        {
            return false;
        }

        if (following.Kind == TokenKind.Punctuation && following.Text[0] is ',' or ';' or ':' or ')')
        {
            return false;
        }

        var period = tokens[terminator];
        var isPeriod = period.Text[^1] == '.' && next == terminator + 1;
        if (!isPeriod)
        {
            return true;
        }

        // A period that opens the text has no word before it to be an abbreviation or an initial.
        if (period.Kind == TokenKind.Punctuation && terminator == 0)
        {
            return true;
        }

        var word = period.Kind == TokenKind.Word ? period : tokens[terminator - 1];
        if (word.Kind != TokenKind.Word || (period.Kind == TokenKind.Punctuation && word.End != period.Start))
        {
            return true;
        }

        var followedByFunctionWord = following.Kind == TokenKind.Word && resources.StopWords.Contains(following.Lower)
            && following.Lower is not ("s" or "j" or "u");
        if (period.Kind == TokenKind.Word)
        {
            return followedByFunctionWord;
        }

        var isInitial = word.Length == 1 && char.IsUpper(word.Text[0]);
        var kind = resources.Gazetteer.GetValueOrDefault(word.Lower);
        if (isInitial || (kind & GazetteerKind.Honorific) != 0)
        {
            return false;
        }

        return (kind & GazetteerKind.Abbreviation) == 0 || followedByFunctionWord;
    }

    private bool BreaksLine(string text, Token previous, Token next)
    {
        var newlines = 0;
        for (var p = previous.End; p < next.Start; p++)
        {
            if (text[p] == '\n')
            {
                newlines++;
            }
        }

        return newlines >= 2
            || (newlines == 1 && !char.IsLower(next.Text[0]) && !(previous.Kind == TokenKind.Word && resources.StopWords.Contains(previous.Lower))
                && !previous.Is(','));
    }
}
