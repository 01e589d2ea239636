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

    // Longer samples add time, not accuracy (franc stops at 2,048 characters; 1,024 give the same answers on news
    // paragraphs at half the cost); shorter ones are guesses.
    private const int MaxSample = 1024;
    private const int MinLetters = 10;
    private const int MinOtherLetters = 40;
    private const int MaxDifference = 300;

    private readonly IReadOnlyList<ScriptProfile> _scripts;
    private readonly ScriptProfile _latin;

    public LanguageIdentifier(LocalAnalyzerResources resources)
    {
        _scripts = resources.Scripts;
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

        if (OtherThanNames(sample) is { } words)
        {
            return Closest(words.Text, script.Profiles, words.Letters);
        }

        return Closest(sample, script.Profiles, letters);
    }

    /// <summary>
    /// The words of a sample made mostly of names (a results table, a list of players and their countries): half
    /// its words or more capitalised. Names are written alike in every language and their trigrams pull the profile
    /// comparison anywhere (an English table of tennis results came out Afrikaans); its other words ("results of",
    /// "matches on", "beat") say which language it is in. Null for prose, or when too few such letters remain.
    /// </summary>
    private static (string Text, int Letters)? OtherThanNames(string sample)
    {
        int words = 0, capitalised = 0, letters = 0;
        foreach (var (start, length) in Words(sample))
        {
            words++;
            if (char.IsUpper(sample[start]))
            {
                capitalised++;
            }
            else
            {
                letters += length;
            }
        }

        if (capitalised * 2 < words || letters < MinOtherLetters)
        {
            return null;
        }

        var others = new System.Text.StringBuilder(letters + (words - capitalised));
        foreach (var (start, length) in Words(sample))
        {
            if (!char.IsUpper(sample[start]))
            {
                others.Append(sample, start, length).Append(' ');
            }
        }

        return (others.ToString(), letters);
    }

    /// <summary>Runs of letters (with apostrophes inside: "don't") as start and length.</summary>
    private static IEnumerable<(int Start, int Length)> Words(string sample)
    {
        var i = 0;
        while (i < sample.Length)
        {
            if (!char.IsLetter(sample[i]))
            {
                i++;
                continue;
            }

            var start = i;
            while (i < sample.Length && (char.IsLetter(sample[i]) || sample[i] is '\'' or '\u2019'))
            {
                i++;
            }

            yield return (start, i - start);
        }
    }

    private ScriptProfile? TopScript(string sample)
    {
        ScriptProfile? top = null;
        var topCount = 0;
        foreach (var script in _scripts)
        {
            var count = script.Regex.Count(sample);
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
    private static List<long> RankedTrigrams(string sample)
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

        var counts = new Dictionary<long, int>();
        for (var i = 0; i + 3 <= length; i++)
        {
            var trigram = LanguageProfile.Pack(cleaned[i], cleaned[i + 1], cleaned[i + 2]);
            counts[trigram] = counts.GetValueOrDefault(trigram) + 1;
        }

        var ranked = counts.ToArray();
        Array.Sort(ranked, (a, b) => a.Value != b.Value ? b.Value.CompareTo(a.Value) : a.Key.CompareTo(b.Key));
        var top = new List<long>(Math.Min(MaxDifference, ranked.Length));
        for (var i = 0; i < ranked.Length && i < MaxDifference; i++)
        {
            top.Add(ranked[i].Key);
        }

        return top;
    }
}
