using System.Text;

namespace NewsMonitor.Feeds.Normalizing;

/// <summary>
/// The canonical form of an article URL, from which its id is derived: the same story reached through two feeds
/// (or two campaigns) must give one id.
/// </summary>
internal static class UrlCanonicalizer
{
    private static readonly HashSet<string> TrackingParameters = new(StringComparer.OrdinalIgnoreCase)
    {
        "fbclid", "gclid", "gclsrc", "dclid", "gbraid", "wbraid", "msclkid", "yclid", "twclid", "ttclid", "li_fat_id",
        "mc_cid", "mc_eid", "igshid", "igsh", "_ga", "_gl", "_hsenc", "_hsmi", "mkt_tok", "oly_anon_id", "oly_enc_id",
        "vero_id", "rb_clickid", "s_cid", "ref", "ref_src", "ref_url", "cmpid", "ocid", "spm", "ito",
        "at_medium", "at_campaign", "at_custom1", "at_custom2", "at_custom3", "at_custom4",
    };

    /// <summary>
    /// Lowercase scheme and host (IDN as punycode), default port and fragment dropped, an empty path made "/",
    /// tracking parameters removed, every other query parameter kept as written and in order.
    /// Returns null when <paramref name="url"/> is not an absolute http(s) URL.
    /// </summary>
    public static string? Canonicalize(string? url)
    {
        if (string.IsNullOrWhiteSpace(url) || !Uri.TryCreate(url.Trim(), UriKind.Absolute, out var uri)
            || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            return null;
        }

        var builder = new StringBuilder(url.Length);
        builder.Append(uri.Scheme.ToLowerInvariant()).Append("://");
        var host = uri.HostNameType == UriHostNameType.IPv6 ? uri.Host : uri.IdnHost;
        builder.Append(host.ToLowerInvariant().TrimEnd('.'));
        if (!uri.IsDefaultPort)
        {
            builder.Append(':').Append(uri.Port);
        }

        builder.Append(string.IsNullOrEmpty(uri.AbsolutePath) ? "/" : uri.AbsolutePath);

        var separator = '?';
        foreach (var parameter in uri.Query.TrimStart('?').Split('&'))
        {
            if (parameter.Length == 0 || IsTracking(parameter))
            {
                continue;
            }

            builder.Append(separator).Append(parameter);
            separator = '&';
        }

        return builder.ToString();
    }

    private static bool IsTracking(string parameter)
    {
        var equals = parameter.IndexOf('=', StringComparison.Ordinal);
        var name = Uri.UnescapeDataString(equals < 0 ? parameter : parameter[..equals]);
        return name.StartsWith("utm_", StringComparison.OrdinalIgnoreCase) || TrackingParameters.Contains(name);
    }
}
