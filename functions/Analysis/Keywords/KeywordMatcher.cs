using System.Buffers;

namespace NewsMonitor.Analysis.Keywords;

/// <summary>How often one keyword occurs in a text.</summary>
internal sealed record KeywordMatch(Keyword Keyword, int Occurrences);

/// <summary>
/// Finds every keyword of a watch list in one pass over the folded text: an Aho-Corasick automaton, compiled into a
/// deterministic transition table over the (small) alphabet of the keywords' characters. A hit counts only on word
/// boundaries, optionally followed by a plural or possessive ending: "Taliban's", "Afghans", "Afghanistan’s",
/// "Talibans'"; "Talibanistan" does not count as "Taliban". Immutable, so thread-safe.
/// </summary>
internal sealed class KeywordMatcher
{
    // Endings accepted after any alternative; "es" only after s, x, z, ch, sh (so "US" does not match "uses").
    private static readonly string[] CommonEndings = ["", "s", "'s", "'", "s'"];
    private static readonly string[] SibilantEndings = ["", "s", "'s", "'", "s'", "es", "es'"];

    private readonly ushort[] _symbols = new ushort[char.MaxValue + 1];
    private readonly int _alphabetSize;
    private readonly int[] _transitions;
    private readonly int[] _outputStart;
    private readonly int[] _outputs;
    private readonly int[] _patternLength;
    private readonly int[] _patternKeyword;
    private readonly string[][] _patternEndings;

    public KeywordMatcher(IEnumerable<Keyword> keywords)
    {
        Keywords = [.. keywords];
        var patterns = new List<(string Text, int Keyword)>();
        for (var k = 0; k < Keywords.Count; k++)
        {
            foreach (var alternative in Keywords[k].Alternatives)
            {
                patterns.Add((alternative, k));
                // "militia" is covered by the endings; "country" → "countries" needs its own pattern.
                if (alternative.Length > 2 && alternative[^1] == 'y' && !"aeiou".Contains(alternative[^2], StringComparison.Ordinal))
                {
                    patterns.Add((alternative[..^1] + "ies", k));
                }
            }
        }

        _patternLength = [.. patterns.Select(p => p.Text.Length)];
        _patternKeyword = [.. patterns.Select(p => p.Keyword)];
        _patternEndings = [.. patterns.Select(p => EndsWithSibilant(p.Text) ? SibilantEndings : CommonEndings)];

        // Symbol 0 is "a character no keyword contains": it always leads back to the root.
        ushort next = 1;
        foreach (var c in patterns.SelectMany(p => p.Text))
        {
            if (_symbols[c] == 0)
            {
                _symbols[c] = next++;
            }
        }

        _alphabetSize = next;
        (_transitions, _outputStart, _outputs) = Build(patterns, _symbols, _alphabetSize);
    }

    public IReadOnlyList<Keyword> Keywords { get; }

    /// <summary>The keywords the text mentions, in watch-list order, each with its number of occurrences.</summary>
    public IReadOnlyList<KeywordMatch> Match(string text)
    {
        if (Keywords.Count == 0 || string.IsNullOrEmpty(text))
        {
            return [];
        }

        var buffer = ArrayPool<char>.Shared.Rent(text.Length);
        var counts = ArrayPool<int>.Shared.Rent(Keywords.Count);
        try
        {
            Array.Clear(counts, 0, Keywords.Count);
            var length = TextFolding.Fold(text, buffer);
            Scan(buffer.AsSpan(0, length), counts);
            var matches = new List<KeywordMatch>();
            for (var k = 0; k < Keywords.Count; k++)
            {
                if (counts[k] > 0)
                {
                    matches.Add(new KeywordMatch(Keywords[k], counts[k]));
                }
            }

            return matches;
        }
        finally
        {
            ArrayPool<char>.Shared.Return(buffer);
            ArrayPool<int>.Shared.Return(counts);
        }
    }

    private void Scan(ReadOnlySpan<char> text, int[] counts)
    {
        var state = 0;
        for (var i = 0; i < text.Length; i++)
        {
            state = _transitions[(state * _alphabetSize) + _symbols[text[i]]];
            var from = _outputStart[state];
            var to = _outputStart[state + 1];
            for (var o = from; o < to; o++)
            {
                var pattern = _outputs[o];
                var start = i + 1 - _patternLength[pattern];
                if ((start == 0 || !TextFolding.IsWordChar(text[start - 1])) && EndsAtBoundary(text, i + 1, _patternEndings[pattern]))
                {
                    counts[_patternKeyword[pattern]]++;
                }
            }
        }
    }

    private static bool EndsAtBoundary(ReadOnlySpan<char> text, int end, string[] endings)
    {
        var rest = text[end..];
        foreach (var ending in endings)
        {
            if (rest.StartsWith(ending, StringComparison.Ordinal)
                && (rest.Length == ending.Length || rest[ending.Length] == TextFolding.Separator))
            {
                return true;
            }
        }

        return false;
    }

    private static bool EndsWithSibilant(string pattern) =>
        pattern.EndsWith('s') || pattern.EndsWith('x') || pattern.EndsWith('z')
        || pattern.EndsWith("ch", StringComparison.Ordinal) || pattern.EndsWith("sh", StringComparison.Ordinal);

    private static (int[] Transitions, int[] OutputStart, int[] Outputs) Build(
        List<(string Text, int Keyword)> patterns,
        ushort[] symbols,
        int alphabetSize)
    {
        // The trie: children per state, and the patterns ending at each state.
        var children = new List<Dictionary<int, int>> { new() };
        var ends = new List<List<int>> { new() };
        for (var p = 0; p < patterns.Count; p++)
        {
            var state = 0;
            foreach (var c in patterns[p].Text)
            {
                int symbol = symbols[c];
                if (!children[state].TryGetValue(symbol, out var child))
                {
                    child = children.Count;
                    children.Add([]);
                    ends.Add([]);
                    children[state][symbol] = child;
                }

                state = child;
            }

            ends[state].Add(p);
        }

        // Breadth-first: each state's failure link and complete transitions follow from its parent's, already known.
        var stateCount = children.Count;
        var transitions = new int[stateCount * alphabetSize];
        var failure = new int[stateCount];
        var order = new List<int>(stateCount) { 0 };
        for (var head = 0; head < order.Count; head++)
        {
            var state = order[head];
            for (var symbol = 0; symbol < alphabetSize; symbol++)
            {
                if (children[state].TryGetValue(symbol, out var child))
                {
                    transitions[(state * alphabetSize) + symbol] = child;
                    failure[child] = state == 0 ? 0 : transitions[(failure[state] * alphabetSize) + symbol];
                    order.Add(child);
                }
                else
                {
                    transitions[(state * alphabetSize) + symbol] = state == 0 ? 0 : transitions[(failure[state] * alphabetSize) + symbol];
                }
            }
        }

        // A state reports its own patterns and those of its failure chain (suffixes that are patterns too).
        var outputsOf = new List<int>[stateCount];
        foreach (var state in order)
        {
            outputsOf[state] = state == 0 ? [.. ends[0]] : [.. ends[state], .. outputsOf[failure[state]]];
        }

        var outputStart = new int[stateCount + 1];
        var outputs = new List<int>();
        for (var state = 0; state < stateCount; state++)
        {
            outputStart[state] = outputs.Count;
            outputs.AddRange(outputsOf[state]);
        }

        outputStart[stateCount] = outputs.Count;
        return (transitions, outputStart, [.. outputs]);
    }
}
