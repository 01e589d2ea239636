using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Http;
using NewsMonitor.Subscriptions;

namespace NewsMonitor.Web;

internal sealed class ServeManagePageFunction(WebPages pages)
{
    /// <summary>The manage page every email links to (signed token) and its POSTs.</summary>
    [Function(nameof(ServeManagePage))]
    public async Task<HttpResponseData> ServeManagePage(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", Route = SubscriptionLinks.ManagePath)] HttpRequestData request,
        CancellationToken cancellationToken) =>
        await request.WriteAsync(await pages.ManageAsync(await request.ToWebRequestAsync(isAdmin: false), cancellationToken), cancellationToken);
}
