namespace NewsMonitor.Feeds.Parsing;

/// <summary>Turns the link text a feed gives into an absolute http(s) URL, or null when that is impossible.</summary>
internal static class FeedLinks
{
    public static string? Resolve(string? raw, Uri? baseUri)
    {
        if (raw is null)
        {
            return null;
        }

        var text = raw.AsSpan().Trim();
        if (text.IsEmpty)
        {
            return null;
        }

        if (text.StartsWith("https://", StringComparison.OrdinalIgnoreCase) || text.StartsWith("http://", StringComparison.OrdinalIgnoreCase))
        {
            return text.Length == raw.Length ? raw : text.ToString();
        }

        var trimmed = text.ToString();

        // On Unix "/news/1" parses as an absolute file: URI, so only scheme-qualified text counts as absolute here.
        if (text[0] is not ('/' or '\\' or '.' or '?' or '#') && Uri.TryCreate(trimmed, UriKind.Absolute, out var absolute)
            && trimmed.Contains(':', StringComparison.Ordinal))
        {
            return IsWeb(absolute) ? absolute.AbsoluteUri : null;
        }

        return baseUri is not null && IsWeb(baseUri) && Uri.TryCreate(baseUri, trimmed, out var resolved) && IsWeb(resolved)
            ? resolved.AbsoluteUri
            : null;
    }

    /// <summary>The base an xml:base value (itself possibly relative) establishes under <paramref name="parent"/>.</summary>
    public static Uri? ResolveBase(string? raw, Uri? parent)
    {
        var resolved = Resolve(raw, parent);
        return resolved is not null && Uri.TryCreate(resolved, UriKind.Absolute, out var uri) ? uri : parent;
    }

    public static Uri? AsWebBase(Uri? uri) => uri is not null && uri.IsAbsoluteUri && IsWeb(uri) ? uri : null;

    private static bool IsWeb(Uri uri) => uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp;
}
