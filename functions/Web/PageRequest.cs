using System.Collections.Specialized;
using System.Web;

namespace NewsMonitor.Web;

/// <summary>What a page needs of a request, host-neutral (built by the Functions adapter and by Kestrel's endpoints).</summary>
internal sealed record PageRequest
{
    public required string Method { get; init; }

    public NameValueCollection Query { get; init; } = [];

    /// <summary>An <c>application/x-www-form-urlencoded</c> body, parsed; empty otherwise.</summary>
    public NameValueCollection Form { get; init; } = [];

    /// <summary>The raw body (RFC 8058 one-click unsubscribe reads it as sent).</summary>
    public string? Body { get; init; }

    public IReadOnlyDictionary<string, string> Cookies { get; init; } = new Dictionary<string, string>();

    /// <summary>Served over https: the CSRF cookie is then marked Secure.</summary>
    public bool IsHttps { get; init; }

    /// <summary>
    /// The caller may see ops pages: in Azure the function key was checked by the host (admin routes are
    /// Function-level); locally <c>newsmon serve --admin</c> grants it.
    /// </summary>
    public bool IsAdmin { get; init; }

    public bool IsPost => string.Equals(Method, "POST", StringComparison.OrdinalIgnoreCase);

    public static PageRequest Create(string method, Uri url, string? cookieHeader, string? contentType, string? body, bool isAdmin) => new()
    {
        Method = method,
        Query = HttpUtility.ParseQueryString(url.Query),
        Form = body is not null && contentType?.StartsWith("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase) == true
            ? HttpUtility.ParseQueryString(body)
            : [],
        Body = body,
        Cookies = ParseCookies(cookieHeader),
        IsHttps = url.Scheme == Uri.UriSchemeHttps,
        IsAdmin = isAdmin,
    };

    /// <summary>
    /// <c>name=value; name2=value2</c> (RFC 6265 section 5.4). Hand-written: the Functions worker has no cookie parser
    /// for <c>HttpRequestData</c> that the tests' and Kestrel's requests share, and this format is one split.
    /// </summary>
    internal static Dictionary<string, string> ParseCookies(string? header)
    {
        var cookies = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in (header ?? string.Empty).Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            if (equals > 0)
            {
                cookies.TryAdd(pair[..equals], pair[(equals + 1)..].Trim('"'));
            }
        }

        return cookies;
    }
}
