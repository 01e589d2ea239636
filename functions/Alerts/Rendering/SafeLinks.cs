namespace NewsMonitor.Alerts.Rendering;

internal static class SafeLinks
{
    /// <summary>
    /// Only absolute http and https links survive: <c>javascript:</c>, <c>data:</c>, <c>vbscript:</c>, relative and
    /// malformed links from a feed are dropped rather than cleaned, because a half-cleaned link is still a link.
    /// </summary>
    public static Uri? Parse(string? candidate)
    {
        if (string.IsNullOrWhiteSpace(candidate) || candidate.Any(char.IsControl))
        {
            return null;
        }

        return Uri.TryCreate(candidate.Trim(), UriKind.Absolute, out var uri)
            && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)
            && !string.IsNullOrEmpty(uri.Host)
                ? uri
                : null;
    }
}
