using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Http;

namespace NewsMonitor.Subscriptions;

internal sealed class ListSubscribersFunction(SubscriptionService subscriptions)
{
    /// <summary>Admin only (function key): every subscriber with full addresses, optionally <c>?keyword=</c>.</summary>
    [Function(nameof(ListSubscribers))]
    public async Task<HttpResponseData> ListSubscribers(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "api/subscribers")] HttpRequestData request,
        CancellationToken cancellationToken) =>
        await request.WriteAsync(await subscriptions.ListAsync(request.Query["keyword"], cancellationToken), cancellationToken);
}
