using System.Text;

namespace NewsMonitor.Tools.NerTrainer;

/// <summary>A gold entity as a character span of its document's text.</summary>
internal readonly record struct GoldSpan(int Start, int End, int Type);

/// <summary>A document as the scoring tool sends it: tokens joined by single spaces, sentences by newlines.</summary>
internal sealed record ConllDocument(string Source, string Text, IReadOnlyList<GoldSpan> Gold, IReadOnlyList<string> Lines);

/// <summary>
/// Reads CoNLL files (one token per line, tag in the last column, IO or BIO; a blank line ends a sentence and
/// -DOCSTART- a document; files without -DOCSTART- are cut into 20-sentence documents) exactly as the scoring tool
/// does, so that training, the held-out figures and the tool all see the same texts and spans.
/// </summary>
internal static class ConllCorpus
{
    private static readonly Dictionary<string, int> TypeNames = new(StringComparer.OrdinalIgnoreCase)
    {
        ["per"] = 0,
        ["person"] = 0,
        ["loc"] = 1,
        ["location"] = 1,
        ["geo-loc"] = 1,
        ["org"] = 2,
        ["organization"] = 2,
        ["corporation"] = 2,
        ["group"] = 2,
        ["company"] = 2,
        ["sportsteam"] = 2,
        ["misc"] = 3,
        ["product"] = 3,
        ["creative-work"] = 3,
        ["facility"] = 1,
        ["movie"] = 3,
        ["musicartist"] = 0,
        ["tvshow"] = 3,
        ["other"] = 3,
    };

    public static List<ConllDocument> Read(string path)
    {
        var documents = new List<ConllDocument>();
        var document = new List<List<(string Token, string Tag, string Line)>>();
        var sentence = new List<(string Token, string Tag, string Line)>();
        var source = Path.GetFileName(path);
        foreach (var raw in File.ReadLines(path, Encoding.UTF8))
        {
            var line = raw.TrimEnd('\r', '\n');
            var parts = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length > 0 && parts[0] == "-DOCSTART-")
            {
                Flush(sentence, document);
                if (document.Count > 0)
                {
                    documents.Add(Build(source, document));
                    document = [];
                }

                continue;
            }

            if (parts.Length == 0)
            {
                Flush(sentence, document);
                if (document.Count >= 20)
                {
                    documents.Add(Build(source, document));
                    document = [];
                }

                continue;
            }

            sentence.Add((parts[0], parts.Length > 1 ? parts[^1] : "O", line));
        }

        Flush(sentence, document);
        if (document.Count > 0)
        {
            documents.Add(Build(source, document));
        }

        return documents;
    }

    private static void Flush(List<(string Token, string Tag, string Line)> sentence, List<List<(string Token, string Tag, string Line)>> document)
    {
        if (sentence.Count > 0)
        {
            document.Add([.. sentence]);
            sentence.Clear();
        }
    }

    private static ConllDocument Build(string source, List<List<(string Token, string Tag, string Line)>> sentences)
    {
        var text = new StringBuilder();
        var gold = new List<GoldSpan>();
        var lines = new List<string> { "-DOCSTART- O", string.Empty };
        foreach (var sentence in sentences)
        {
            if (text.Length > 0)
            {
                text.Append('\n');
            }

            (int Start, int End, int Type)? current = null;
            var previous = -1;
            for (var i = 0; i < sentence.Count; i++)
            {
                var (token, tag, line) = sentence[i];
                lines.Add(line);
                if (i > 0)
                {
                    text.Append(' ');
                }

                var start = text.Length;
                text.Append(token);
                var type = TypeOf(tag);
                var begins = tag.StartsWith("B-", StringComparison.Ordinal) || type != previous;
                if (current is { } open && (type < 0 || begins))
                {
                    gold.Add(new GoldSpan(open.Start, open.End, open.Type));
                    current = null;
                }

                if (type >= 0)
                {
                    current = current is { } c ? (c.Start, text.Length, c.Type) : (start, text.Length, type);
                }

                previous = type;
            }

            if (current is { } last)
            {
                gold.Add(new GoldSpan(last.Start, last.End, last.Type));
            }

            lines.Add(string.Empty);
        }

        return new ConllDocument(source, text.ToString(), gold, lines);
    }

    private static int TypeOf(string tag)
    {
        if (tag == "O")
        {
            return -1;
        }

        var name = tag.Length > 2 && tag[1] == '-' && tag[0] is 'B' or 'I' ? tag[2..] : tag;
        return TypeNames.GetValueOrDefault(name, 3);
    }
}
