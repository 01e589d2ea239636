using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Http;
using NewsMonitor.Subscriptions;

namespace NewsMonitor.Trends;

internal sealed class GetTrendFunction(TrendService trends)
{
    /// <summary>
    /// Function key: the answer tells which keywords are watched (subscribers' interests included), and a long span
    /// reads a month of the news-volume rows, so it is not open to anonymous callers.
    /// </summary>
    [Function(nameof(GetTrend))]
    public async Task<HttpResponseData> GetTrend(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "api/trends/{keyword}")] HttpRequestData request,
        string keyword,
        CancellationToken cancellationToken) =>
        await request.WriteAsync((await trends.GetAsync(keyword, request.Query["hours"], cancellationToken)).ToResponse(), cancellationToken);
}
