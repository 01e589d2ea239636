using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Http;
using NewsMonitor.Subscriptions;

namespace NewsMonitor.Web;

internal sealed class ShowFeedHealthFunction(WebPages pages)
{
    /// <summary>Each feed's fetch state, as <c>newsmon feeds status</c> shows it (function key).</summary>
    [Function(nameof(ShowFeedHealth))]
    public async Task<HttpResponseData> ShowFeedHealth(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "admin/feeds")] HttpRequestData request,
        CancellationToken cancellationToken) =>
        await request.WriteAsync(await pages.FeedHealthAsync(await request.ToWebRequestAsync(isAdmin: true), cancellationToken), cancellationToken);
}
