using System.Globalization;
using System.IO.Compression;
using System.Reflection;
using System.Text;
using System.Text.RegularExpressions;

namespace NewsMonitor.Analysis.Local;

/// <summary>
/// The local analyzer's data: lexicons and gazetteers generated from pinned npm data packages by
/// <c>scripts/build-lexicons.mjs</c> and embedded (gzipped) in the assembly. Loaded once, immutable afterwards,
/// so one instance is safely shared by every thread.
/// </summary>
internal sealed class LocalAnalyzerResources
{
    private static readonly Lazy<LocalAnalyzerResources> Lazy = new(Load, LazyThreadSafetyMode.ExecutionAndPublication);

    private LocalAnalyzerResources()
    {
    }

    /// <summary>The data embedded in this assembly, loaded on first use.</summary>
    public static LocalAnalyzerResources Default => Lazy.Value;

    /// <summary>Word (lower case) → Penn Treebank tags, most likely first (wink-lexicon).</summary>
    public Dictionary<string, string[]> PartsOfSpeech { get; } = new(StringComparer.Ordinal);

    /// <summary>Word or emoticon (lower case) → valence −4..+4 (VADER).</summary>
    public Dictionary<string, double> Valences { get; } = new(StringComparer.Ordinal);

    /// <summary>VADER's negation words ("not", "never", "isn't").</summary>
    public HashSet<string> Negations { get; } = new(StringComparer.Ordinal);

    /// <summary>VADER's intensifiers and dampeners ("very" +0.293, "slightly" −0.293).</summary>
    public Dictionary<string, double> Boosters { get; } = new(StringComparer.Ordinal);

    /// <summary>VADER's multi-word idioms ("cut the mustard" +2).</summary>
    public Dictionary<string, double> Idioms { get; } = new(StringComparer.Ordinal);

    /// <summary>Name (lower case) → kinds: "Location/GPE", "Organization", "Person", "FirstName", "LastName",
    /// "Demonym", "Honorific", "Abbreviation", "Month", "WeekDay", "Acronym".</summary>
    public Dictionary<string, GazetteerKind> Gazetteer { get; } = new(StringComparer.Ordinal);

    /// <summary>Longest gazetteer name, in words.</summary>
    public int LongestGazetteerName { get; private set; }

    /// <summary>Well-known organisations and places written by hand (<c>Resources/known-names.tsv</c>): name as the
    /// tokenizer's lower-case words joined by spaces → <see cref="GazetteerKind.Organization"/> or
    /// <see cref="GazetteerKind.Location"/>. The entity tagger reads them as features only.</summary>
    public Dictionary<string, GazetteerKind> KnownNames { get; } = new(StringComparer.Ordinal);

    /// <summary>Longest known name, in tokens.</summary>
    public int LongestKnownName { get; private set; }

    public HashSet<string> StopWords { get; } = new(StringComparer.Ordinal);

    public IReadOnlyList<ScriptProfile> Scripts { get; private set; } = [];

    /// <summary>Word (lower case; "0" for numbers) → its distributional classes, learned from unlabelled text by
    /// <c>tools/NerTrainer</c> (empty in a build without them). Set by the trainer while it trains.</summary>
    public Dictionary<string, WordCluster> WordClusters { get; internal set; } = new(StringComparer.Ordinal);

    /// <summary>Word classes from pretrained word vectors (<c>Resources/word-classes.tsv.gz</c>), features of the
    /// entity tagger; empty in a build without the file. The trainer may swap them while it compares settings.</summary>
    public WordClasses WordClasses { get; internal set; } = WordClasses.Empty;

    /// <summary>The trained entity tagger (null in a build without its weights: the rules then answer alone).</summary>
    public EntityTagger? EntityTagger { get; private set; }

    /// <summary>The trained sentiment model of short texts (null in a build without its weights: the rules answer).</summary>
    public SentimentModel? SentimentModel { get; private set; }

    private static LocalAnalyzerResources Load()
    {
        var resources = new LocalAnalyzerResources();
        foreach (var line in ReadLines("pos-lexicon.tsv.gz"))
        {
            var tab = line.IndexOf('\t', StringComparison.Ordinal);
            resources.PartsOfSpeech[line[..tab]] = line[(tab + 1)..].Split(',');
        }

        foreach (var line in ReadLines("sentiment.tsv.gz"))
        {
            var parts = line.Split('\t');
            var value = double.Parse(parts[2], CultureInfo.InvariantCulture);
            switch (parts[0])
            {
                case "valence": resources.Valences[parts[1]] = value; break;
                case "negation": resources.Negations.Add(parts[1]); break;
                case "booster": resources.Boosters[parts[1]] = value; break;
                case "idiom": resources.Idioms[parts[1]] = value; break;
                default: break;
            }
        }

        foreach (var line in ReadLines("gazetteer.tsv.gz"))
        {
            var tab = line.IndexOf('\t', StringComparison.Ordinal);
            var kind = ParseKind(line.AsSpan(0, tab));
            var name = line[(tab + 1)..];
            resources.Gazetteer[name] = resources.Gazetteer.GetValueOrDefault(name) | kind;
            resources.LongestGazetteerName = Math.Max(resources.LongestGazetteerName, name.Count(c => c == ' ') + 1);
        }

        foreach (var line in ReadLines("known-names.tsv"))
        {
            var tab = line.IndexOf('\t', StringComparison.Ordinal);
            // Keyed by the tokenizer's own words, so "at&t" and "mcdonald's" match however it splits them.
            var tokens = Tokenizer.Tokenize(line[(tab + 1)..]);
            var key = string.Join(' ', tokens.Select(t => t.Lower));
            resources.KnownNames[key] = line[..tab] switch
            {
                "Organization" => GazetteerKind.Organization,
                "Location" => GazetteerKind.Location,
                _ => throw new InvalidDataException($"known-names.tsv: unknown kind in \"{line}\" (Organization or Location)."),
            };
            resources.LongestKnownName = Math.Max(resources.LongestKnownName, tokens.Count);
        }

        foreach (var line in ReadLines("stopwords-en.txt.gz"))
        {
            resources.StopWords.Add(line);
        }

        resources.Scripts = LoadScripts();
        if (HasResource("word-clusters.tsv.gz"))
        {
            foreach (var line in ReadLines("word-clusters.tsv.gz"))
            {
                var parts = line.Split('\t');
                resources.WordClusters[parts[0]] = new WordCluster(
                    ushort.Parse(parts[1], CultureInfo.InvariantCulture), ushort.Parse(parts[2], CultureInfo.InvariantCulture));
            }
        }

        if (HasResource("word-classes.tsv.gz"))
        {
            resources.WordClasses = WordClasses.Read(ReadLines("word-classes.tsv.gz"));
        }

        resources.EntityTagger = EntityTagger.LoadEmbedded();
        resources.SentimentModel = SentimentModel.LoadEmbedded();
        return resources;
    }

    private static GazetteerKind ParseKind(ReadOnlySpan<char> kind) => kind switch
    {
        "Location/GPE" => GazetteerKind.Location,
        "Organization" => GazetteerKind.Organization,
        "Person" => GazetteerKind.Person,
        "FirstName" => GazetteerKind.FirstName,
        "LastName" => GazetteerKind.LastName,
        "Demonym" => GazetteerKind.Demonym,
        "Honorific" => GazetteerKind.Honorific,
        "Abbreviation" => GazetteerKind.Abbreviation,
        "Month" => GazetteerKind.Month,
        "WeekDay" => GazetteerKind.WeekDay,
        "Acronym" => GazetteerKind.Acronym | GazetteerKind.Location,
        _ => GazetteerKind.None,
    };

    private static List<ScriptProfile> LoadScripts()
    {
        var scripts = new List<(string Name, string Language, string Pattern)>();
        var profiles = new Dictionary<string, List<LanguageProfile>>(StringComparer.Ordinal);
        foreach (var line in ReadLines("language-profiles.tsv.gz"))
        {
            var parts = line.Split('\t');
            if (parts[0] == "script")
            {
                scripts.Add((parts[1], parts[2], parts[3]));
            }
            else
            {
                if (!profiles.TryGetValue(parts[1], out var list))
                {
                    profiles[parts[1]] = list = [];
                }

                list.Add(new LanguageProfile(parts[2], parts[3].Split('|')));
            }
        }

        return [.. scripts.Select(s => new ScriptProfile(
            s.Name,
            s.Language.Length == 0 ? null : s.Language,
            s.Pattern,
            profiles.GetValueOrDefault(s.Name) ?? []))];
    }

    private static bool HasResource(string fileName) =>
        typeof(LocalAnalyzerResources).Assembly.GetManifestResourceNames().Any(name => name.EndsWith(".Resources." + fileName, StringComparison.Ordinal));

    private static IEnumerable<string> ReadLines(string fileName)
    {
        var assembly = typeof(LocalAnalyzerResources).Assembly;
        var resourceName = assembly.GetManifestResourceNames()
            .Single(name => name.EndsWith(".Resources." + fileName, StringComparison.Ordinal));
        using var stream = assembly.GetManifestResourceStream(resourceName)
            ?? throw new InvalidOperationException($"Embedded resource {resourceName} is missing.");
        // Generated data is gzipped; the hand-written lists are plain text, to be read and reviewed as they are.
        using var gzip = fileName.EndsWith(".gz", StringComparison.Ordinal) ? new GZipStream(stream, CompressionMode.Decompress) : stream;
        using var reader = new StreamReader(gzip, Encoding.UTF8);
        while (reader.ReadLine() is { } line)
        {
            if (line.Length > 0 && line[0] != '#')
            {
                yield return line;
            }
        }
    }
}

[Flags]
internal enum GazetteerKind
{
    None = 0,
    Location = 1,
    Organization = 2,
    Person = 4,
    FirstName = 8,
    LastName = 16,
    Demonym = 32,
    Honorific = 64,
    Abbreviation = 128,
    Month = 256,
    WeekDay = 512,

    /// <summary>A country acronym ("US", "UK"): a location only when written in capitals.</summary>
    Acronym = 1024,
}

/// <summary>A writing system (franc's script regexes); its language when only one uses it, else trigram profiles.</summary>
internal sealed record ScriptProfile(string Name, string? Language, string Pattern, IReadOnlyList<LanguageProfile> Profiles)
{
    // Built on first use and shared: most text is Latin script and never needs the other scripts' expressions.
    private readonly Lazy<Regex> _regex = new(() => new Regex(Pattern, RegexOptions.CultureInvariant), LazyThreadSafetyMode.ExecutionAndPublication);

    public Regex Regex => _regex.Value;
}

/// <summary>A language's most frequent trigrams, most frequent first (franc).</summary>
internal sealed class LanguageProfile
{
    public LanguageProfile(string language, string[] trigrams)
    {
        Language = language;
        Ranks = new Dictionary<long, int>(trigrams.Length);
        for (var i = 0; i < trigrams.Length; i++)
        {
            if (trigrams[i].Length == 3)
            {
                Ranks.TryAdd(Pack(trigrams[i][0], trigrams[i][1], trigrams[i][2]), i);
            }
        }
    }

    public string Language { get; }

    /// <summary>Trigram (three UTF-16 units packed by <see cref="Pack"/>) → rank, 0 the most frequent.</summary>
    public Dictionary<long, int> Ranks { get; }

    // Packed integer keys: a string-keyed lookup costs several times more, and this is the analyzer's hot loop.
    public static long Pack(char a, char b, char c) => ((long)a << 32) | ((long)b << 16) | c;
}

/// <summary>A word's distributional classes (coarse and fine; 0 unknown): see <see cref="LocalAnalyzerResources.WordClusters"/>.</summary>
internal readonly record struct WordCluster(ushort Coarse, ushort Fine);
