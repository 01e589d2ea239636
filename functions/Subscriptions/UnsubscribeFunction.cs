using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Http;

namespace NewsMonitor.Subscriptions;

internal sealed class UnsubscribeFunction(SubscriptionService subscriptions)
{
    /// <summary>GET shows a confirmation page; POST is the RFC 8058 one-click unsubscribe mail clients send.</summary>
    [Function(nameof(Unsubscribe))]
    public async Task<HttpResponseData> Unsubscribe(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", Route = "api/" + SubscriptionLinks.UnsubscribeRoute)] HttpRequestData request,
        CancellationToken cancellationToken)
    {
        var token = request.Query["token"];
        var answer = string.Equals(request.Method, "POST", StringComparison.OrdinalIgnoreCase)
            ? await subscriptions.UnsubscribeAsync(token, await request.ReadAsStringAsync(), cancellationToken)
            : await subscriptions.UnsubscribePageAsync(token, cancellationToken);
        return await request.WriteAsync(answer, cancellationToken);
    }
}
