using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Http;

namespace NewsMonitor.Subscriptions;

internal sealed class ConfirmFunction(SubscriptionService subscriptions)
{
    [Function(nameof(Confirm))]
    public async Task<HttpResponseData> Confirm(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/" + SubscriptionLinks.ConfirmRoute)] HttpRequestData request,
        CancellationToken cancellationToken) =>
        await request.WriteAsync(await subscriptions.ConfirmAsync(request.Query["token"], cancellationToken), cancellationToken);
}
