namespace NewsMonitor.Analysis.Keywords;

/// <summary>
/// A watched keyword: its name as configured (what mentions, spikes and subscriptions are keyed on) and the
/// alternatives that count as a mention, already folded (<see cref="TextFolding"/>).
/// Syntax: a term (<c>Taliban</c>), a quoted phrase (<c>"Islamic Emirate"</c>), or alternatives joined by OR
/// (<c>Taliban OR "Islamic Emirate" OR Talib</c>), which are the keyword's aliases.
/// </summary>
internal sealed record Keyword(string Name, IReadOnlyList<string> Alternatives)
{
    /// <summary>Parses one entry; throws <see cref="FormatException"/> on an unterminated quote or an empty alternative.</summary>
    public static Keyword Parse(string entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var name = string.Join(' ', entry.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        if (name.Length == 0)
        {
            throw new FormatException("A keyword is empty.");
        }

        var alternatives = new List<string>();
        var current = new List<string>();
        var i = 0;
        while (i < name.Length)
        {
            if (name[i] == ' ')
            {
                i++;
                continue;
            }

            if (name[i] is '"' or '“' or '”')
            {
                var close = name.IndexOfAny(['"', '“', '”'], i + 1);
                if (close < 0)
                {
                    throw new FormatException($"Keyword '{entry}' has an unterminated quote.");
                }

                current.Add(name[(i + 1)..close]);
                i = close + 1;
                continue;
            }

            var end = name.IndexOf(' ', i);
            var word = end < 0 ? name[i..] : name[i..end];
            i = end < 0 ? name.Length : end;
            if (word == "OR")
            {
                Complete(entry, current, alternatives);
                continue;
            }

            current.Add(word);
        }

        Complete(entry, current, alternatives);
        return new Keyword(name, alternatives.Distinct(StringComparer.Ordinal).ToList());
    }

    private static void Complete(string entry, List<string> words, List<string> alternatives)
    {
        var folded = TextFolding.Fold(string.Join(' ', words));
        words.Clear();
        if (folded.Length == 0)
        {
            throw new FormatException($"Keyword '{entry}' has an empty alternative.");
        }

        alternatives.Add(folded);
    }
}
