using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Http;
using NewsMonitor.Subscriptions;

namespace NewsMonitor.Web;

internal sealed class ServeStylesheetFunction
{
    /// <summary>The pages' one stylesheet, embedded in the app.</summary>
    [Function(nameof(ServeStylesheet))]
    public Task<HttpResponseData> ServeStylesheet(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "static/site.css")] HttpRequestData request,
        CancellationToken cancellationToken) =>
        request.WriteAsync(WebPages.Stylesheet(), cancellationToken);
}
