using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NewsMonitor.Subscriptions;

namespace NewsMonitor.Analysis.Keywords;

/// <summary>
/// The keywords the stage looks for: the global setting (<see cref="AnalysisOptions.Keywords"/>) plus every keyword a
/// confirmed subscriber watches. Entries naming the same keyword (case and diacritics aside) count once, under the
/// first spelling seen, global ones first. The matcher is rebuilt only when the list changes.
/// </summary>
internal sealed class KeywordWatchList(
    IOptions<AnalysisOptions> options,
    ILogger<KeywordWatchList> logger,
    ISubscriberDirectory? directory = null)
{
    private sealed record Compiled(string Signature, KeywordMatcher Matcher);

    private volatile Compiled? _compiled;

    public async Task<KeywordMatcher> GetMatcherAsync(CancellationToken cancellationToken = default)
    {
        var keywords = new List<Keyword>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var entry in options.Value.GlobalKeywords())
        {
            // A bad global entry is a configuration error (also caught by options validation at start-up).
            Add(Keyword.Parse(entry));
        }

        if (directory is not null)
        {
            foreach (var entry in await directory.GetWatchedKeywordsAsync(cancellationToken))
            {
                try
                {
                    Add(Keyword.Parse(entry));
                }
                catch (FormatException exception)
                {
                    // One subscriber's malformed keyword must not stop every article's analysis.
                    AnalysisLog.SubscriberKeywordSkipped(logger, exception, entry);
                }
            }
        }

        var signature = string.Join('\n', keywords.Select(k => k.Name));
        var compiled = _compiled;
        if (compiled?.Signature != signature)
        {
            compiled = new Compiled(signature, new KeywordMatcher(keywords));
            _compiled = compiled;
        }

        return compiled.Matcher;

        void Add(Keyword keyword)
        {
            if (seen.Add(MentionKeys.KeywordKey(keyword.Name)))
            {
                keywords.Add(keyword);
            }
        }
    }
}
