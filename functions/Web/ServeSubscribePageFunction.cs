using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Http;
using NewsMonitor.Subscriptions;

namespace NewsMonitor.Web;

internal sealed class ServeSubscribePageFunction(WebPages pages)
{
    /// <summary>The subscribe form and its POST (double opt-in, CSRF-checked).</summary>
    [Function(nameof(ServeSubscribePage))]
    public async Task<HttpResponseData> ServeSubscribePage(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", Route = "subscribe")] HttpRequestData request,
        CancellationToken cancellationToken) =>
        await request.WriteAsync(await pages.SubscribeAsync(await request.ToWebRequestAsync(isAdmin: false), cancellationToken), cancellationToken);
}
