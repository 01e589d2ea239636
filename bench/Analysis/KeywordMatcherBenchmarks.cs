using System.Globalization;
using System.Text.RegularExpressions;
using BenchmarkDotNet.Attributes;
using NewsMonitor.Analysis.Keywords;

namespace NewsMonitor.Bench.Analysis;

/// <summary>
/// Keyword matching on a news article (the Mint sample): the one-pass Aho-Corasick matcher against the naive
/// alternative, one compiled Regex per keyword, with 10 and with 10,000 keywords. Goal: ≥10x at 10,000.
/// Run: <c>dotnet run -c Release --project bench -- --filter '*KeywordMatcherBenchmarks*' --job short --inProcess</c>.
/// </summary>
[MemoryDiagnoser]
public class KeywordMatcherBenchmarks
{
    private static readonly string[] RealKeywords =
    [
        "Taliban", "Afghanistan", "Lavrov", "Kabul", "\"Shanghai Cooperation Organisation\"",
        "Pakistan", "\"Ashraf Ghani\"", "\"Al Qaeda\"", "Moscow", "Jaishankar",
    ];

    private string _text = string.Empty;
    private KeywordMatcher _matcher = null!;
    private Regex[] _regexes = [];

    [Params(10, 10_000)]
    public int KeywordCount { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _text = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Corpus", "mint-2021-07-09-afghanistan.txt"));
        var entries = RealKeywords.Concat(SyntheticKeywords(KeywordCount - RealKeywords.Length)).ToList();
        _matcher = new KeywordMatcher(entries.Select(Keyword.Parse));
        _regexes = [.. entries.Select(e => new Regex(
            @"\b" + Regex.Escape(e.Trim('"')) + @"(?:['’]s|s|es)?\b",
            RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Compiled))];
    }

    [Benchmark(Baseline = true)]
    public int RegexPerKeyword()
    {
        var found = 0;
        foreach (var regex in _regexes)
        {
            found += regex.IsMatch(_text) ? 1 : 0;
        }

        return found;
    }

    [Benchmark]
    public int AhoCorasick() => _matcher.Match(_text).Count;

    /// <summary>Plausible place and organisation names: deterministic pseudo-words and two-word phrases.</summary>
    private static HashSet<string> SyntheticKeywords(int count)
    {
        var random = new Random(42);
        const string consonants = "bcdfghjklmnprstvz";
        const string vowels = "aeiou";
        string Word()
        {
            var length = random.Next(2, 5);
            var chars = new char[length * 2];
            for (var i = 0; i < length; i++)
            {
                chars[2 * i] = consonants[random.Next(consonants.Length)];
                chars[(2 * i) + 1] = vowels[random.Next(vowels.Length)];
            }

            chars[0] = char.ToUpperInvariant(chars[0]);
            return new string(chars);
        }

        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        while (seen.Count < count)
        {
            var keyword = random.Next(4) == 0
                ? string.Create(CultureInfo.InvariantCulture, $"\"{Word()} {Word()}\"")
                : Word();
            seen.Add(keyword);
        }

        return seen;
    }
}
