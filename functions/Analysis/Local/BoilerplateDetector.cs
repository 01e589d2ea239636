namespace NewsMonitor.Analysis.Local;

/// <summary>
/// Finds the page furniture that scrapers and full-text feeds leave at the end of an article: newsletter and
/// subscription prompts, sharing and app prompts, copyright lines. Those sentences are not the story: their
/// "Thank you" and "valid" must not colour the sentiment, and "Mint Newsletters" is no person.
/// Only a trailing run of such sentences counts: the same words inside the story (a report about a newsletter)
/// are news.
/// </summary>
internal static class BoilerplateDetector
{
    // Phrases of calls to action and legal lines; lower case, matched inside the lower-cased sentence.
    private static readonly string[] Cues =
    [
        "subscribe to", "subscribe now", "subscribing", "newsletter", "sign up for", "sign up to", "enter a valid email",
        "click here", "tap here", "download the app", "download our app", "follow us on", "all rights reserved",
        "copyright ©", "©", "read more:", "also read:", "catch all the", "share this article", "terms of use",
        "privacy policy", "log in to", "unlock this story", "already a subscriber",
    ];

    /// <summary>Index of the first sentence of the trailing boilerplate run; <c>sentences.Count</c> when there is none.</summary>
    public static int TrailingStart(string text, IReadOnlyList<SentenceSpan> sentences)
    {
        var start = sentences.Count;
        // Never the whole document: a one-line "Subscribe to our newsletter" item is still that item's text.
        while (start > 1 && IsBoilerplate(text.AsSpan(sentences[start - 1].Start, sentences[start - 1].End - sentences[start - 1].Start)))
        {
            start--;
        }

        return start;
    }

    public static bool IsBoilerplate(ReadOnlySpan<char> sentence)
    {
        foreach (var cue in Cues)
        {
            if (sentence.Contains(cue, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }
}
