using Microsoft.Azure.Functions.Worker.Http;

namespace NewsMonitor.Web;

/// <summary>
/// How the web pages sit in the Functions app: host.json's route prefix is empty, so pages are at the site's root and
/// the APIs keep their <c>api/</c> routes. Ops pages are Function-level: the host checks the key before they run.
/// </summary>
internal static class WebRoutes
{
    /// <summary>
    /// The dashboard at <c>/</c>: an empty route is not allowed, and an optional parameter of length zero is the
    /// route template that matches the root only. The host's own landing page is switched off in the app settings
    /// (<c>AzureWebJobsDisableHomepage</c>).
    /// </summary>
    public const string Root = "{root:maxlength(0)?}";

    /// <summary>The request as the pages see it; <paramref name="isAdmin"/> only on routes the host guards with the key.</summary>
    public static async Task<PageRequest> ToWebRequestAsync(this HttpRequestData request, bool isAdmin)
    {
        var body = string.Equals(request.Method, "POST", StringComparison.OrdinalIgnoreCase) ? await request.ReadAsStringAsync() : null;
        return PageRequest.Create(
            request.Method,
            request.Url,
            request.Headers.TryGetValues("Cookie", out var cookies) ? string.Join("; ", cookies) : null,
            request.Headers.TryGetValues("Content-Type", out var types) ? types.FirstOrDefault() : null,
            body,
            isAdmin);
    }
}
