using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Http;

namespace NewsMonitor.Subscriptions;

internal sealed class SubscribeFunction(SubscriptionService subscriptions)
{
    [Function(nameof(Subscribe))]
    public async Task<HttpResponseData> Subscribe(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/subscribe")] HttpRequestData request,
        CancellationToken cancellationToken)
    {
        var body = await request.ReadAsStringAsync();
        return await request.WriteAsync(await subscriptions.SubscribeAsync(body, cancellationToken), cancellationToken);
    }
}
