using Microsoft.Azure.Functions.Worker.Http;
using NewsMonitor.Web;

namespace NewsMonitor.Subscriptions;

internal static class HttpResponses
{
    /// <summary>Copies a stage's answer onto the function's response, with the headers every answer carries.</summary>
    public static Task<HttpResponseData> WriteAsync(this HttpRequestData request, SubscriptionResponse answer, CancellationToken cancellationToken) =>
        request.WriteAsync(PageResponse.From(answer), cancellationToken);

    public static async Task<HttpResponseData> WriteAsync(this HttpRequestData request, PageResponse answer, CancellationToken cancellationToken)
    {
        var response = request.CreateResponse(answer.Status);
        foreach (var (name, value) in answer.AllHeaders())
        {
            response.Headers.Add(name, value);
        }

        await response.WriteStringAsync(answer.Body, cancellationToken);
        return response;
    }
}
