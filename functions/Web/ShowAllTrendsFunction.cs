using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Http;
using NewsMonitor.Subscriptions;

namespace NewsMonitor.Web;

internal sealed class ShowAllTrendsFunction(WebPages pages)
{
    /// <summary>The dashboard with every watched keyword, subscribers' included (function key).</summary>
    [Function(nameof(ShowAllTrends))]
    public async Task<HttpResponseData> ShowAllTrends(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "admin/trends")] HttpRequestData request,
        CancellationToken cancellationToken) =>
        await request.WriteAsync(await pages.DashboardAsync(await request.ToWebRequestAsync(isAdmin: true), cancellationToken), cancellationToken);
}
