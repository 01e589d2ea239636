namespace NewsMonitor.Analysis.Local;

/// <summary>
/// Key phrases as ranked noun phrases: (adjective | participle | noun)* noun chunks, named entities kept whole,
/// ranked by how often the phrase and its words recur (earlier mentions weigh a little more), then deduplicated
/// (plural and singular are one phrase; a phrase used only inside a longer selected one is dropped).
/// </summary>
internal sealed class KeyPhraseExtractor(LocalAnalyzerResources resources)
{
    private const int MaxPhrases = 10;
    private const int MaxWords = 4;

    // Nouns that say nothing about what a story is about: alone they are never a key phrase ("situation", "point");
    // inside a longer phrase they stay ("security situation"). The frequent abstract and container nouns of news prose.
    private static readonly HashSet<string> GenericNouns = new(StringComparer.Ordinal)
    {
        "situation", "point", "case", "way", "thing", "matter", "end", "day", "time", "year", "part", "number", "lot",
        "kind", "sort", "type", "aspect", "view", "fact", "reason", "place", "people", "side", "term", "result",
        "issue", "question", "report", "news", "item", "move", "step", "level", "state", "area", "source", "statement",
        "comment", "opportunity", "process", "week", "month", "today", "country", "world", "group", "member", "official",
        "percent", "per", "cent", "course", "rest", "example", "instance", "something", "everything", "anything",
    };

    private readonly record struct Unit(int First, int End, RecognizedEntity? Entity);

    private sealed class Candidate(string key, string surface, int firstSentence, string[] words, bool isEntity)
    {
        public string Key { get; } = key;

        public string Surface { get; } = surface;

        public int FirstSentence { get; } = firstSentence;

        public string[] Words { get; } = words;

        public bool IsEntity { get; } = isEntity;

        public int Count { get; set; }

        public double Score { get; set; }
    }

    public List<string> Extract(string text, List<Token> tokens, List<SentenceSpan> sentences, WordClass[] classes, List<RecognizedEntity> entities)
    {
        // Which entity (if any) starts at each token, and which tokens are dates and quantities (never key phrases).
        var entityAt = new Dictionary<int, (int End, RecognizedEntity Entity)>();
        var excluded = new bool[tokens.Count];
        var tokenIndex = 0;
        foreach (var entity in entities)
        {
            while (tokenIndex < tokens.Count && tokens[tokenIndex].Start < entity.Offset)
            {
                tokenIndex++;
            }

            var end = tokenIndex;
            while (end < tokens.Count && tokens[end].End <= entity.Offset + entity.Length)
            {
                end++;
            }

            if (end == tokenIndex)
            {
                continue;
            }

            if (entity.Category is "DateTime" or "Quantity")
            {
                for (var i = tokenIndex; i < end; i++)
                {
                    excluded[i] = true;
                }
            }
            else
            {
                entityAt[tokenIndex] = (end, entity);
            }
        }

        // A surname alone stands for the full name seen elsewhere ("Lavrov" → "Sergei Lavrov").
        var fullNames = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var person in entities.Where(e => e.Category == "Person" && e.Text.Contains(' ', StringComparison.Ordinal)))
        {
            fullNames.TryAdd(person.Text[(person.Text.LastIndexOf(' ') + 1)..], person.Text);
        }

        var candidates = new Dictionary<string, Candidate>(StringComparer.Ordinal);
        var wordCounts = new Dictionary<string, int>(StringComparer.Ordinal);
        var units = new List<Unit>();
        void Flush(int sentence)
        {
            AddChunk(text, tokens, classes, units, sentence, fullNames, candidates, wordCounts);
            units.Clear();
        }

        for (var s = 0; s < sentences.Count; s++)
        {
            for (var i = sentences[s].FirstToken; i < sentences[s].EndToken; i++)
            {
                if (entityAt.TryGetValue(i, out var e))
                {
                    // A person is a phrase of its own; a common noun does not run into a name ("a day Taliban ...").
                    var isPerson = e.Entity.Category == "Person";
                    // Nor does a participle before a name: it is the verb ("fighters captured Islam Qala").
                    if (isPerson || (units.Count > 0 && units[^1].Entity is null && classes[units[^1].First] is WordClass.Noun or WordClass.Participle))
                    {
                        Flush(s);
                    }

                    units.Add(new Unit(i, e.End, e.Entity));
                    if (isPerson)
                    {
                        Flush(s);
                    }

                    i = e.End - 1;
                    continue;
                }

                if (!excluded[i] && classes[i] is WordClass.Noun or WordClass.ProperNoun or WordClass.Adjective or WordClass.Participle
                    && !tokens[i].Lower.StartsWith('\''))
                {
                    units.Add(new Unit(i, i + 1, null));
                    continue;
                }

                Flush(s);
            }

            Flush(s);
        }

        foreach (var candidate in candidates.Values)
        {
            var wordWeight = candidate.Words.Average(w => wordCounts.GetValueOrDefault(w));
            var position = candidate.FirstSentence < Math.Max(3, sentences.Count / 5) ? 1.25 : 1;
            // Names and multi-word phrases are more telling than one common noun ("situation", "control").
            var kind = candidate.IsEntity ? 1.3 : candidate.Words.Length == 1 ? 0.7 : 1;
            candidate.Score = ((candidate.Count * (1 + (0.6 * (candidate.Words.Length - 1)))) + (0.5 * wordWeight)) * position * kind;
        }

        var ranked = candidates.Values
            .Where(c => (c.Count > 1 || c.Words.Length > 1 || c.IsEntity) && !(c.Words.Length == 1 && !c.IsEntity && GenericNouns.Contains(c.Key)))
            .OrderByDescending(c => c.Score)
            .ThenBy(c => c.FirstSentence)
            .ToList();
        var selected = new List<Candidate>();
        foreach (var candidate in ranked)
        {
            if (selected.Count == MaxPhrases)
            {
                break;
            }

            var padded = " " + candidate.Key + " ";
            if (selected.Any(s => (" " + s.Key + " ").Contains(padded, StringComparison.Ordinal) && candidate.Count <= s.Count))
            {
                continue;
            }

            selected.Add(candidate);
        }

        return [.. selected.Select(c => c.Surface)];
    }

    private void AddChunk(
        string text,
        List<Token> tokens,
        WordClass[] classes,
        List<Unit> units,
        int sentence,
        Dictionary<string, string> fullNames,
        Dictionary<string, Candidate> candidates,
        Dictionary<string, int> wordCounts)
    {
        // Trim to a noun-phrase shape: no stop word or modifier at the end, no stop word at the start.
        var first = 0;
        var end = units.Count;
        while (end > first && units[end - 1].Entity is null && (classes[units[end - 1].First] is not (WordClass.Noun or WordClass.ProperNoun) || IsStopWord(tokens[units[end - 1].First])))
        {
            end--;
        }

        first = TrimStart(tokens, classes, units, first, end);
        if (end - first > MaxWords)
        {
            // Cut to the last words, then trim again: the cut may start at a verb ("backing Afghan resistance fighters").
            first = TrimStart(tokens, classes, units, end - MaxWords, end);
        }

        if (first >= end)
        {
            return;
        }

        var words = new List<string>();
        for (var u = first; u < end; u++)
        {
            for (var i = units[u].First; i < units[u].End; i++)
            {
                if (tokens[i].Kind == TokenKind.Word)
                {
                    var lemma = Lemma(tokens[i].Lower);
                    words.Add(lemma);
                    if (classes[i] is WordClass.Noun or WordClass.ProperNoun || units[u].Entity is not null)
                    {
                        wordCounts[lemma] = wordCounts.GetValueOrDefault(lemma) + 1;
                    }
                }
            }
        }

        if (words.Count == 0 || words.Sum(w => w.Length) < 3)
        {
            return;
        }

        var start = tokens[units[first].First].Start;
        var surface = text[start..tokens[units[end - 1].End - 1].End];
        if (end - first == 1 && units[first].Entity is { Category: "Person" } && fullNames.TryGetValue(surface, out var fullName))
        {
            surface = fullName;
            words = [.. fullName.ToLowerInvariant().Split(' ')];
        }
        else if (units[first].Entity is null && classes[units[first].First] != WordClass.ProperNoun)
        {
            // A capital that only marks the start of a sentence is not part of the phrase.
            surface = char.ToLowerInvariant(surface[0]) + surface[1..];
        }

        var key = string.Join(' ', words);
        if (!candidates.TryGetValue(key, out var candidate))
        {
            candidates[key] = candidate = new Candidate(key, surface, sentence, [.. words], end - first == 1 && units[first].Entity is not null);
        }

        candidate.Count++;
    }

    private int TrimStart(List<Token> tokens, WordClass[] classes, List<Unit> units, int first, int end)
    {
        while (first < end && units[first].Entity is null
            && (IsStopWord(tokens[units[first].First]) || (classes[units[first].First] == WordClass.Participle && !AfterDeterminer(tokens, units[first].First))))
        {
            first++;
        }

        return first;
    }

    /// <summary>A participle starts a noun phrase only after a determiner ("their bargaining position"); otherwise it
    /// is a verb ("beating analysts' expectations").</summary>
    private bool AfterDeterminer(List<Token> tokens, int index) =>
        index > 0 && resources.PartsOfSpeech.TryGetValue(tokens[index - 1].Lower, out var tags) && tags[0] is "DT" or "PRP$";

    private bool IsStopWord(Token token) => resources.StopWords.Contains(token.Lower);

    /// <summary>Plural to singular when the singular is a known noun ("crossings" → "crossing").</summary>
    private string Lemma(string word)
    {
        if (word.Length <= 3 || word[^1] != 's' || word.EndsWith("ss", StringComparison.Ordinal))
        {
            return word;
        }

        foreach (var stem in (ReadOnlySpan<string>)[word.EndsWith("ies", StringComparison.Ordinal) ? word[..^3] + "y" : word[..^1], word.EndsWith("es", StringComparison.Ordinal) ? word[..^2] : word[..^1]])
        {
            if (resources.PartsOfSpeech.TryGetValue(stem, out var tags) && tags[0].StartsWith("NN", StringComparison.Ordinal))
            {
                return stem;
            }
        }

        return word;
    }
}
