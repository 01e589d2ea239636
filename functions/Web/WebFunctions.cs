using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Http;
using NewsMonitor.Subscriptions;

namespace NewsMonitor.Web;

/// <summary>
/// The web pages in Azure: thin HTTP triggers over <see cref="WebPages"/> (host.json's route prefix is empty, so pages
/// sit at the site's root and the APIs under <c>/api</c>). Ops pages are Function-level: the host checks the key.
/// </summary>
internal sealed class WebFunctions(WebPages pages)
{
    /// <summary>
    /// The dashboard at <c>/</c>: an empty route is not allowed, and an optional parameter of length zero is the
    /// route template that matches the root only. The host's own landing page is switched off in the app settings
    /// (<c>AzureWebJobsDisableHomepage</c>).
    /// </summary>
    public const string RootRoute = "{root:maxlength(0)?}";

    [Function(nameof(Dashboard))]
    public async Task<HttpResponseData> Dashboard(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = RootRoute)] HttpRequestData request,
        CancellationToken cancellationToken) =>
        await request.WriteAsync(await pages.DashboardAsync(await ReadAsync(request, isAdmin: false), cancellationToken), cancellationToken);

    /// <summary>The dashboard with every watched keyword, subscribers' included (function key).</summary>
    [Function(nameof(AdminDashboard))]
    public async Task<HttpResponseData> AdminDashboard(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "admin/trends")] HttpRequestData request,
        CancellationToken cancellationToken) =>
        await request.WriteAsync(await pages.DashboardAsync(await ReadAsync(request, isAdmin: true), cancellationToken), cancellationToken);

    [Function(nameof(SubscribePage))]
    public async Task<HttpResponseData> SubscribePage(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", Route = "subscribe")] HttpRequestData request,
        CancellationToken cancellationToken) =>
        await request.WriteAsync(await pages.SubscribeAsync(await ReadAsync(request, isAdmin: false), cancellationToken), cancellationToken);

    [Function(nameof(ManagePage))]
    public async Task<HttpResponseData> ManagePage(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", Route = SubscriptionLinks.ManagePath)] HttpRequestData request,
        CancellationToken cancellationToken) =>
        await request.WriteAsync(await pages.ManageAsync(await ReadAsync(request, isAdmin: false), cancellationToken), cancellationToken);

    [Function(nameof(FeedHealthPage))]
    public async Task<HttpResponseData> FeedHealthPage(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "admin/feeds")] HttpRequestData request,
        CancellationToken cancellationToken) =>
        await request.WriteAsync(await pages.FeedHealthAsync(await ReadAsync(request, isAdmin: true), cancellationToken), cancellationToken);

    [Function(nameof(Stylesheet))]
    public Task<HttpResponseData> Stylesheet(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "static/site.css")] HttpRequestData request,
        CancellationToken cancellationToken) =>
        request.WriteAsync(WebPages.Stylesheet(), cancellationToken);

    /// <summary>The request as the pages see it; <paramref name="isAdmin"/> only on routes the host guards with the key.</summary>
    internal static async Task<WebRequest> ReadAsync(HttpRequestData request, bool isAdmin)
    {
        var body = string.Equals(request.Method, "POST", StringComparison.OrdinalIgnoreCase) ? await request.ReadAsStringAsync() : null;
        return WebRequest.Create(
            request.Method,
            request.Url,
            request.Headers.TryGetValues("Cookie", out var cookies) ? string.Join("; ", cookies) : null,
            request.Headers.TryGetValues("Content-Type", out var types) ? types.FirstOrDefault() : null,
            body,
            isAdmin);
    }
}
