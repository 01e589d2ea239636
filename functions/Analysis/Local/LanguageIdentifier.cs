using System.Text.RegularExpressions;

namespace NewsMonitor.Analysis.Local;

internal readonly record struct DetectedLanguage(string Language, double Confidence);

/// <summary>
/// Language identification in the manner of franc (whose data it uses): the dominant script decides when one
/// language writes it (Han, Hangul, Greek...); otherwise the text's most frequent character trigrams are compared
/// with each language's profile by the Cavnar–Trenkle out-of-place distance.
/// </summary>
internal sealed class LanguageIdentifier
{
    public const string Unknown = "unknown";

    // franc's limits: longer samples add time, not accuracy; shorter ones are guesses.
    private const int MaxSample = 2048;
    private const int MinLetters = 10;
    private const int MaxDifference = 300;

    private readonly List<(ScriptProfile Script, Regex Pattern)> _scripts;
    private readonly ScriptProfile _latin;

    public LanguageIdentifier(LocalAnalyzerResources resources)
    {
        _scripts = [.. resources.Scripts.Select(s => (s, new Regex(s.Pattern, RegexOptions.Compiled | RegexOptions.CultureInvariant)))];
        _latin = resources.Scripts.Single(s => s.Name == "Latin");
    }

    public DetectedLanguage Detect(string text)
    {
        var sample = text.Length > MaxSample ? text[..MaxSample] : text;
        var letters = 0;
        var asciiLetters = 0;
        foreach (var c in sample)
        {
            if (char.IsLetter(c))
            {
                letters++;
                if (c < 128)
                {
                    asciiLetters++;
                }
            }
        }

        if (letters < MinLetters)
        {
            return new DetectedLanguage(Unknown, 0);
        }

        // Mostly ASCII letters: Latin script without running the ~40 script expressions.
        var script = asciiLetters * 2 > letters ? _latin : TopScript(sample);
        if (script is null)
        {
            return new DetectedLanguage(Unknown, 0);
        }

        if (script.Profiles.Count == 0)
        {
            return script.Language is null ? new DetectedLanguage(Unknown, 0) : new DetectedLanguage(script.Language, 1);
        }

        return Closest(sample, script.Profiles, letters);
    }

    private ScriptProfile? TopScript(string sample)
    {
        ScriptProfile? top = null;
        var topCount = 0;
        foreach (var (script, pattern) in _scripts)
        {
            var count = pattern.Count(sample);
            if (count > topCount)
            {
                topCount = count;
                top = script;
            }
        }

        return top;
    }

    private static DetectedLanguage Closest(string sample, IReadOnlyList<LanguageProfile> profiles, int letters)
    {
        var trigrams = RankedTrigrams(sample);
        var best = (Language: Unknown, Distance: long.MaxValue);
        var second = long.MaxValue;
        foreach (var profile in profiles)
        {
            long distance = 0;
            for (var rank = 0; rank < trigrams.Count; rank++)
            {
                distance += profile.Ranks.TryGetValue(trigrams[rank], out var modelRank) ? Math.Abs(rank - modelRank) : MaxDifference;
                if (distance >= second)
                {
                    break;
                }
            }

            if (distance < best.Distance)
            {
                second = best.Distance;
                best = (profile.Language, distance);
            }
            else if (distance < second)
            {
                second = distance;
            }
        }

        if (best.Distance == long.MaxValue)
        {
            return new DetectedLanguage(Unknown, 0);
        }

        // Confidence from the margin over the runner-up, damped for short samples (a few words are a guess).
        var margin = second == long.MaxValue ? 1 : (double)(second - best.Distance) / Math.Max(1, second);
        var lengthFactor = Math.Min(1, letters / 100.0);
        var confidence = Math.Clamp((0.5 + (margin * 5)) * (0.5 + (0.5 * lengthFactor)), 0, 1);
        return new DetectedLanguage(best.Language, Math.Round(confidence, 2));
    }

    /// <summary>franc's cleaning (ASCII punctuation and digits to spaces, collapsed, lower case, padded) then
    /// trigrams by descending frequency, ties in ordinal order.</summary>
    private static List<string> RankedTrigrams(string sample)
    {
        var cleaned = new char[sample.Length + 2];
        var length = 0;
        cleaned[length++] = ' ';
        foreach (var raw in sample)
        {
            var c = raw is >= '\u0021' and <= '\u0040' || char.IsWhiteSpace(raw) ? ' ' : char.ToLowerInvariant(raw);
            if (c == ' ' && cleaned[length - 1] == ' ')
            {
                continue;
            }

            cleaned[length++] = c;
        }

        if (cleaned[length - 1] != ' ')
        {
            cleaned[length++] = ' ';
        }

        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i + 3 <= length; i++)
        {
            var trigram = new string(cleaned, i, 3);
            counts[trigram] = counts.GetValueOrDefault(trigram) + 1;
        }

        return [.. counts
            .OrderByDescending(pair => pair.Value)
            .ThenBy(pair => pair.Key, StringComparer.Ordinal)
            .Take(MaxDifference)
            .Select(pair => pair.Key)];
    }
}
