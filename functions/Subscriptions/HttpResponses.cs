using System.Globalization;
using Microsoft.Azure.Functions.Worker.Http;

namespace NewsMonitor.Subscriptions;

internal static class HttpResponses
{
    /// <summary>Copies a stage's answer onto the function's response.</summary>
    public static async Task<HttpResponseData> WriteAsync(this HttpRequestData request, SubscriptionResponse answer, CancellationToken cancellationToken)
    {
        var response = request.CreateResponse(answer.Status);
        response.Headers.Add("Content-Type", answer.ContentType);
        response.Headers.Add("Cache-Control", "no-store");
        response.Headers.Add("X-Content-Type-Options", "nosniff");
        if (answer.RetryAfter is { } retryAfter)
        {
            response.Headers.Add("Retry-After", Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture));
        }

        await response.WriteStringAsync(answer.Body, cancellationToken);
        return response;
    }
}
