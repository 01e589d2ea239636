using System.Text.RegularExpressions;

namespace NewsMonitor.Feeds.State;

/// <summary>One entry of the feed catalogue (<c>config/feeds.json</c> is a JSON array of these, camelCase).</summary>
internal sealed partial record FeedDefinition
{
    /// <summary>Stable key: the row key of the feed's state and the <c>feedId</c> of its articles.</summary>
    public required string Id { get; init; }

    public string? Name { get; init; }

    public required string Url { get; init; }

    public bool Enabled { get; init; } = true;

    /// <summary>Fetch each article page and extract its main text.</summary>
    public bool FullText { get; init; }

    public IReadOnlyList<string> Tags { get; init; } = [];

    /// <summary>What is wrong with this entry, or null when it is usable.</summary>
    public string? Validate()
    {
        if (string.IsNullOrWhiteSpace(Id) || !IdPattern().IsMatch(Id))
        {
            // Table row keys forbid / \ # ? and control characters; a slug also keeps blob metadata and logs readable.
            return $"feed id '{Id}' must be 1-100 characters of a-z, 0-9, '-', '_' or '.', starting with a letter or digit";
        }

        if (!Uri.TryCreate(Url, UriKind.Absolute, out var uri)
            || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeFile))
        {
            return $"feed '{Id}': url '{Url}' must be an absolute http, https or file URL";
        }

        return null;
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9._-]{0,99}$")]
    private static partial Regex IdPattern();
}
