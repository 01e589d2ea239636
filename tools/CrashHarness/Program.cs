using System.Diagnostics;
using System.Globalization;
using NewsMonitor.Tools.CrashHarness;

// The crash-consistency harness (issue 19). Runs real `newsmon run --once` processes against Azurite, a loopback feed
// server and an in-process SMTP sink; injects one kind of fault per trial at seeded random points; runs newsmon until
// nothing is owed; then checks storage and the sink. Exit 1 on any lost or duplicated item.
// Usage: dotnet tools/CrashHarness/bin/Debug/net10.0/CrashHarness.dll [--seed 1] [--trials 1] [--scenarios a,b]
//        [--intensity 1] [--max-minutes M] [--report FILE]
// --trials is the number of rounds (each runs every selected scenario once); --intensity multiplies the faulty runs
// of a trial; --max-minutes stops starting trials after that long.
string? Option(string name) => args.SkipWhile(arg => arg != name).Skip(1).FirstOrDefault();
var seed = int.Parse(Option("--seed") ?? "1", CultureInfo.InvariantCulture);
var trials = int.Parse(Option("--trials") ?? "1", CultureInfo.InvariantCulture);
var intensity = int.Parse(Option("--intensity") ?? "1", CultureInfo.InvariantCulture);
var maxMinutes = double.Parse(Option("--max-minutes") ?? "0", CultureInfo.InvariantCulture);
var report = Option("--report");
var selected = Option("--scenarios")?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
var unknown = selected?.Where(name => !Scenarios.All.Any(scenario => scenario.Name == name)).ToList();
if (unknown is { Count: > 0 })
{
    Console.Error.WriteLine($"unknown scenario(s): {string.Join(", ", unknown)}. Scenarios: {string.Join(", ", Scenarios.All.Select(s => s.Name))}.");
    return 2;
}

var scenarios = Scenarios.All.Where(scenario => selected is null || selected.Contains(scenario.Name)).ToList();
var folder = Path.Combine(Path.GetTempPath(), "newsmon-crash-harness-" + Guid.NewGuid().ToString("N")[..12]);
Directory.CreateDirectory(folder);
var clock = Stopwatch.StartNew();
var harness = await Harness.StartAsync(folder, seed, intensity);
try
{
    Console.WriteLine($"seed {seed}; calibrating (a clean trial)...");
    var calibration = await harness.CalibrateAsync();
    Console.WriteLine($"calibration: {calibration}");
    if (harness.ExpectedSpikes == 0)
    {
        Console.Error.WriteLine("the clean trial raised no spike: the burst no longer triggers one, so the harness cannot check alerts.");
        return 1;
    }

    var results = scenarios.ToDictionary(scenario => scenario.Name, _ => new ScenarioTotals());
    for (var round = 0; round < trials; round++)
    {
        foreach (var scenario in scenarios)
        {
            if (maxMinutes > 0 && clock.Elapsed.TotalMinutes >= maxMinutes)
            {
                break;
            }

            var outcome = await harness.RunTrialAsync(scenario);
            results[scenario.Name].Add(outcome);
            Console.WriteLine(
                $"[{clock.Elapsed:mm\\:ss}] {scenario.Name,-18} faults {outcome.Faults,3}  lost {outcome.Verdict.Lost}  twice {outcome.Verdict.Duplicated}  " +
                $"uncertain {outcome.Verdict.Uncertain} (received {outcome.Verdict.UncertainReceived})  spikes {outcome.Verdict.Spikes}  emails {outcome.Verdict.Emails}  runs {outcome.Runs}" +
                (outcome.Notes.Count > 0 ? "  notes: " + string.Join("; ", outcome.Notes) : ""));
            foreach (var problem in outcome.Verdict.Problems.Take(10))
            {
                Console.WriteLine("    " + problem);
            }
        }
    }

    var table = ScenarioTotals.Table(scenarios, results);
    Console.WriteLine();
    Console.WriteLine(table);
    Console.WriteLine($"{clock.Elapsed.TotalMinutes:0.0} min, seed {seed}, {trials} round(s), intensity {intensity}.");
    if (report is not null)
    {
        await File.WriteAllTextAsync(report, table + Environment.NewLine);
    }

    return results.Values.Any(total => total.Lost + total.Duplicated > 0) ? 1 : 0;
}
finally
{
    await harness.DisposeAsync();
    try
    {
        Directory.Delete(folder, recursive: true);
    }
    catch (IOException)
    {
        // A temp folder left behind is harmless.
    }
}
