using System.Globalization;
using System.Net;
using NewsMonitor.Subscriptions;

namespace NewsMonitor.Web;

/// <summary>What a page or API answers, host-neutral: the Functions adapter and Kestrel each copy it onto their response.</summary>
internal sealed record PageResponse(HttpStatusCode Status, string ContentType, string Body)
{
    /// <summary>Headers besides the security ones every answer gets (<see cref="SecurityHeaders"/>), e.g. Set-Cookie.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; init; } = [];

    public static PageResponse Page(HttpStatusCode status, string title, string bodyHtml) =>
        new(status, PageLayout.ContentType, PageLayout.Document(title, bodyHtml));

    public static PageResponse From(SubscriptionResponse answer) => new(answer.Status, answer.ContentType, answer.Body)
    {
        Headers = answer.RetryAfter is { } retryAfter
            ? [new("Retry-After", Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture))]
            : [],
    };

    public PageResponse WithHeader(string name, string value) => this with { Headers = [.. Headers, new(name, value)] };

    /// <summary>Every header to send: the security headers, then this answer's own.</summary>
    public IEnumerable<KeyValuePair<string, string>> AllHeaders() =>
        SecurityHeaders.For(ContentType).Append(new("Content-Type", ContentType)).Concat(Headers);
}

/// <summary>
/// The headers every answer carries, from both hosts. Pages have no inline script or style, so the policy allows only
/// the site's own stylesheet; nothing may frame them (clickjacking on the unsubscribe and manage buttons).
/// </summary>
internal static class SecurityHeaders
{
    public const string ContentSecurityPolicy =
        "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    public static IEnumerable<KeyValuePair<string, string>> For(string contentType)
    {
        yield return new("X-Content-Type-Options", "nosniff");
        yield return new("Referrer-Policy", "no-referrer");
        yield return new("Content-Security-Policy", ContentSecurityPolicy);
        yield return new("X-Frame-Options", "DENY");
        // Pages carry signed links and personal settings: never cached; the stylesheet may be.
        yield return new("Cache-Control", contentType.StartsWith("text/css", StringComparison.Ordinal) ? "public, max-age=3600" : "no-store");
    }
}
