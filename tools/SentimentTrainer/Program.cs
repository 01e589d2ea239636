using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using NewsMonitor.Analysis.Local;

// Trains the local analyzer's sentiment model of short texts from human-rated texts and writes its embedded weights.
// Usage: dotnet run -c Release --project tools/SentimentTrainer -- DATA_DIR [--out FILE] [--epochs N] [--seed N]
//        [--rate R] [--l2 L] [--prune P] [--heldout-dir DIR] [--dev]
// Each file holds `id<TAB>mean rating (-4..4)<TAB>text`. Held out, never trained on: every fifth line of each file
// (the 5th, 10th, ...). With --dev, every fifth line after the 4th (the 4th, 9th, ...) is held out too and scored,
// for choosing settings without looking at the held-out lines.
if (args.Length == 0 || args[0].StartsWith('-'))
{
    Console.Error.WriteLine("usage: SentimentTrainer DATA_DIR [--out functions/Analysis/Resources/sentiment-model.bin.gz] [--epochs 10] [--seed 1] [--rate 0.012] [--l2 1e-4] [--prune 0.002] [--heldout-dir DIR] [--dev]");
    return 2;
}

var dataDirectory = args[0];
var output = Option("--out") ?? Path.Combine("functions", "Analysis", "Resources", "sentiment-model.bin.gz");
var epochs = int.Parse(Option("--epochs") ?? "10", CultureInfo.InvariantCulture);
var seed = int.Parse(Option("--seed") ?? "1", CultureInfo.InvariantCulture);
var rate = double.Parse(Option("--rate") ?? "0.012", CultureInfo.InvariantCulture);
var l2 = double.Parse(Option("--l2") ?? "1e-4", CultureInfo.InvariantCulture);
var prune = float.Parse(Option("--prune") ?? "0.002", CultureInfo.InvariantCulture);
var dev = args.Contains("--dev");
var heldOutDirectory = Option("--heldout-dir");

var clock = Stopwatch.StartNew();
var resources = LocalAnalyzerResources.Default;
var featureSource = new LocalTextAnalyzer(resources, resources.EntityTagger, sentimentModel: null);
var training = new List<(List<KeyValuePair<ulong, float>> Features, double Target)>();
var evaluation = new List<(string Set, string Text, double Rating)>();
foreach (var path in Directory.GetFiles(dataDirectory, "*.txt").Order(StringComparer.Ordinal))
{
    var name = Path.GetFileNameWithoutExtension(path);
    var lines = File.ReadAllLines(path, Encoding.UTF8);
    var heldOutLines = new List<string>();
    for (var i = 0; i < lines.Length; i++)
    {
        var parts = lines[i].Split('\t', 3);
        if (parts.Length < 3 || !double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var rating))
        {
            continue;
        }

        if (i % 5 == 4)
        {
            heldOutLines.Add(lines[i]);
            if (!dev)
            {
                evaluation.Add((name, parts[2], rating));
            }

            continue;
        }

        if (dev && i % 5 == 3)
        {
            evaluation.Add((name, parts[2], rating));
            continue;
        }

        if (featureSource.SentimentFeatures(parts[2]) is { } features)
        {
            training.Add((features, rating / 4));
        }
    }

    if (heldOutDirectory is not null)
    {
        Directory.CreateDirectory(heldOutDirectory);
        File.WriteAllLines(Path.Combine(heldOutDirectory, $"heldout-{Path.GetFileName(path)}"), heldOutLines);
    }
}

Console.WriteLine($"{training.Count} training texts, {evaluation.Count} {(dev ? "dev" : "held-out")} texts, prepared in {clock.Elapsed.TotalSeconds:F0} s");

// Linear regression on squared error by AdaGrad (a step per feature that shrinks with its own gradient history: rare
// words move fast, the dense rule scores settle), L2 applied to the features a text touches, weights averaged over
// the last half of the epochs. Written here because no package on the approved list trains on hashed sparse features.
var weights = new Dictionary<ulong, double>();
var squares = new Dictionary<ulong, double>();
var sums = new Dictionary<ulong, double>();
var averagedSteps = 0;
var random = new Random(seed);
for (var epoch = 1; epoch <= epochs; epoch++)
{
    random.Shuffle(CollectionsMarshal.AsSpan(training));
    var loss = 0.0;
    foreach (var (features, target) in training)
    {
        var prediction = 0.0;
        foreach (var (hash, value) in features)
        {
            prediction += weights.GetValueOrDefault(hash) * value;
        }

        var error = Math.Clamp(prediction, -1.5, 1.5) - target;
        loss += error * error;
        foreach (var (hash, value) in features)
        {
            ref var weight = ref CollectionsMarshal.GetValueRefOrAddDefault(weights, hash, out _);
            ref var square = ref CollectionsMarshal.GetValueRefOrAddDefault(squares, hash, out _);
            var gradient = (error * value) + (l2 * weight);
            square += gradient * gradient;
            weight -= rate * gradient / (Math.Sqrt(square) + 1e-8);
        }
    }

    if (epoch > epochs / 2)
    {
        averagedSteps++;
        foreach (var (hash, weight) in weights)
        {
            CollectionsMarshal.GetValueRefOrAddDefault(sums, hash, out _) += weight;
        }
    }

    Console.WriteLine($"epoch {epoch}: training RMSE {Math.Sqrt(loss / training.Count):F4} ({weights.Count} features, {clock.Elapsed.TotalSeconds:F0} s)");
}

var averaged = sums.ToDictionary(s => s.Key, s => (float)(s.Value / averagedSteps));
using (var file = File.Create(output))
{
    SentimentModel.Write(file, averaged, prune);
}

SentimentModel model;
using (var file = File.OpenRead(output))
{
    model = SentimentModel.Read(file);
}

Console.WriteLine($"wrote {output}: {new FileInfo(output).Length / 1024} KB, {model.FeatureCount} features");

// Pearson r of positive − negative against the ratings, through the whole analyzer as score-sentiment.py measures it.
var withModel = new LocalTextAnalyzer(resources, resources.EntityTagger, model);
var rulesOnly = new LocalTextAnalyzer(resources, resources.EntityTagger, sentimentModel: null);
foreach (var set in evaluation.GroupBy(e => e.Set))
{
    var ratings = set.Select(e => e.Rating).ToArray();
    var rules = set.Select(e => Score(rulesOnly, e.Text)).ToArray();
    var trained = set.Select(e => Score(withModel, e.Text)).ToArray();
    Console.WriteLine($"{(dev ? "dev" : "held-out")} {set.Key} ({ratings.Length}): rules r {Pearson(rules, ratings):F3}, trained r {Pearson(trained, ratings):F3}");
}

if (args.Contains("--evidence"))
{
    // How well each of the rules' scores alone follows the ratings (what the model starts from).
    string[] names = ["text compound", "mean compound", "min", "max", "rule score", "plain compound"];
    int[] templates = [2, 3, 4, 5, 6, 12];
    foreach (var set in evaluation.GroupBy(e => e.Set))
    {
        var ratings = set.Select(e => e.Rating).ToArray();
        var rows = set.Select(e => featureSource.SentimentFeatures(e.Text)).ToArray();
        for (var k = 0; k < names.Length; k++)
        {
            var hash = EntityFeaturesMix(templates[k]);
            var values = rows.Select(r => (double)(r?.FirstOrDefault(f => f.Key == hash).Value ?? 0)).ToArray();
            Console.WriteLine($"  {set.Key} {names[k]}: r {Pearson(values, ratings):F3}");
        }
    }
}

Console.WriteLine($"done in {clock.Elapsed.TotalSeconds:F0} s");
return 0;

static ulong EntityFeaturesMix(int template) => EntityFeatures.Mix(template, 0);

static double Score(LocalTextAnalyzer analyzer, string text)
{
    var sentiment = analyzer.Analyze(text).Sentiment;
    return sentiment.Positive - sentiment.Negative;
}

static double Pearson(double[] x, double[] y)
{
    var (mx, my) = (x.Average(), y.Average());
    var (sxy, sxx, syy) = (0.0, 0.0, 0.0);
    for (var i = 0; i < x.Length; i++)
    {
        sxy += (x[i] - mx) * (y[i] - my);
        sxx += (x[i] - mx) * (x[i] - mx);
        syy += (y[i] - my) * (y[i] - my);
    }

    return sxy / Math.Sqrt(sxx * syy);
}

string? Option(string name)
{
    var index = Array.IndexOf(args, name);
    return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
}
