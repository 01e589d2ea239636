using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using NewsMonitor.Analysis.Local;

namespace NewsMonitor.Bench.Analysis;

/// <summary>
/// Documents per second of the local analyzer on news-length text (the Mint article and generated 3–6 KB articles),
/// against a naive baseline in the same run: regex sentence split plus a lexicon-sum sentiment, nothing else.
/// Each benchmark analyzes the whole corpus; OperationsPerInvoke makes the reported time per document.
/// Run: <c>dotnet run -c Release --project bench -- --filter '*LocalAnalyzerBenchmarks*'</c>.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(InProcessShortRun))]
public partial class LocalAnalyzerBenchmarks
{
    private const int Documents = 6;

    private string[] _corpus = [];
    private LocalTextAnalyzer _analyzer = null!;
    private LocalAnalyzerResources _resources = null!;

    [GlobalSetup]
    public void Setup()
    {
        _resources = LocalAnalyzerResources.Default;
        _analyzer = new LocalTextAnalyzer(_resources);
        var mint = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Corpus", "mint-2021-07-09-afghanistan.txt"));
        _corpus = [mint, .. Enumerable.Range(1, Documents - 1).Select(GenerateArticle)];
        _analyzer.Analyze(mint);
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Documents, Description = "naive: regex sentences + lexicon sum")]
    public double NaiveSentenceSplitAndLexiconSentiment()
    {
        var total = 0.0;
        foreach (var text in _corpus)
        {
            foreach (var sentence in SentenceEnd().Split(text))
            {
                var sum = 0.0;
                foreach (Match word in Word().Matches(sentence))
                {
                    sum += _resources.Valences.GetValueOrDefault(word.Value.ToLowerInvariant());
                }

                total += sum / Math.Sqrt((sum * sum) + 15);
            }
        }

        return total;
    }

    [Benchmark(OperationsPerInvoke = Documents, Description = "local analyzer (full)")]
    public int LocalAnalyzer()
    {
        var entities = 0;
        foreach (var text in _corpus)
        {
            entities += _analyzer.Analyze(text).Entities.Count;
        }

        return entities;
    }

    /// <summary>A deterministic news-like article of 3–6 KB: names, places, organisations, dates, figures, quotes.</summary>
    internal static string GenerateArticle(int seed)
    {
        string[] people = ["Sergei Lavrov", "Joe Biden", "Angela Merkel", "Emmanuel Macron", "Maria Gonzalez", "Ashraf Ghani", "Narendra Modi", "Olaf Scholz"];
        string[] places = ["Kabul", "Moscow", "Berlin", "Paris", "New Delhi", "Washington", "Beijing", "Islamabad", "Tehran", "London"];
        string[] organisations = ["the United Nations", "the World Bank", "the Shanghai Cooperation Organisation", "Acme Corporation", "the European Commission", "Al Qaeda"];
        string[] templates =
        [
            "{0} said on {3} that talks in {1} with {2} had made progress, although officials warned that violence could return.",
            "Officials in {1} confirmed that {2} would send a delegation of 40 experts before {4} to review the security situation.",
            "\u201CWe are deeply concerned about the humanitarian crisis,\u201D {0} told reporters in {1}, adding that aid had risen by {5}%.",
            "Analysts said the agreement was a welcome step, but markets in {1} fell 2.5% as investors worried about the outlook.",
            "The U.S. and {2} have pledged $3 billion in support, according to a statement released in {1} on {3}.",
            "Mr. {6} dismissed the criticism as unfair and said the government would publish its plan next month.",
            "Protesters gathered in {1} for a third day, and police said 12 people were injured in clashes near the parliament.",
            "The report by {2} found that growth slowed to {5} percent last year, the weakest pace since 2009.",
        ];
        var days = CultureInfo.InvariantCulture.DateTimeFormat.DayNames;
        var months = CultureInfo.InvariantCulture.DateTimeFormat.MonthNames;
#pragma warning disable CA5394 // Deterministic test data, not security.
        var random = new Random(seed);
        var builder = new StringBuilder();
        var target = random.Next(3000, 6000);
        while (builder.Length < target)
        {
            var person = people[random.Next(people.Length)];
            var sentence = string.Format(
                CultureInfo.InvariantCulture,
                templates[random.Next(templates.Length)],
                person,
                places[random.Next(places.Length)],
                organisations[random.Next(organisations.Length)],
                days[random.Next(days.Length)],
                $"{random.Next(1, 29)} {months[random.Next(12)]}",
                random.Next(2, 30),
                person[(person.LastIndexOf(' ') + 1)..]);
#pragma warning restore CA5394
            builder.Append(sentence).Append(builder.Length % 3 == 0 ? "\n\n" : " ");
        }

        return builder.ToString();
    }

    /// <summary>A short run in-process: on a shared 2-core machine, generating and building a separate benchmark
    /// project (BenchmarkDotNet's default) takes minutes; the measurement itself takes seconds.</summary>
    private sealed class InProcessShortRun : ManualConfig
    {
        public InProcessShortRun() => AddJob(Job.ShortRun.WithToolchain(InProcessEmitToolchain.Instance));
    }

    [GeneratedRegex(@"(?<=[.!?])\s+")]
    private static partial Regex SentenceEnd();

    [GeneratedRegex(@"\w+")]
    private static partial Regex Word();
}
