using System.Net;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace NewsMonitor.Subscriptions;

/// <summary>What an HTTP function answers; the function only copies it onto the response.</summary>
internal sealed record SubscriptionResponse(HttpStatusCode Status, string ContentType, string Body)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public TimeSpan? RetryAfter { get; init; }

    public static SubscriptionResponse JsonBody(HttpStatusCode status, object body) =>
        new(status, "application/json; charset=utf-8", JsonSerializer.Serialize(body, Json));

    public static SubscriptionResponse Error(HttpStatusCode status, string message) => JsonBody(status, new { error = message });

    /// <summary>A small self-contained page. <paramref name="bodyHtml"/> must already be encoded.</summary>
    public static SubscriptionResponse Page(HttpStatusCode status, string title, string bodyHtml)
    {
        var encodedTitle = HtmlEncoder.Default.Encode(title);
        return new(status, "text/html; charset=utf-8", $$"""
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
            <meta name="robots" content="noindex"><title>{{encodedTitle}}</title>
            <style>body{font-family:system-ui,sans-serif;max-width:36rem;margin:3rem auto;padding:0 1rem;color:#222}button{padding:.4rem 1rem}li{margin:.4rem 0}</style>
            </head><body><h1>{{encodedTitle}}</h1>
            {{bodyHtml}}
            </body></html>
            """);
    }
}
