using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Http;
using NewsMonitor.Subscriptions;

namespace NewsMonitor.Web;

internal sealed class ShowTrendsFunction(WebPages pages)
{
    /// <summary>The trends dashboard at <c>/</c>: the global watch list's charts and latest spikes.</summary>
    [Function(nameof(ShowTrends))]
    public async Task<HttpResponseData> ShowTrends(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = WebRoutes.Root)] HttpRequestData request,
        CancellationToken cancellationToken) =>
        await request.WriteAsync(await pages.DashboardAsync(await request.ToWebRequestAsync(isAdmin: false), cancellationToken), cancellationToken);
}
