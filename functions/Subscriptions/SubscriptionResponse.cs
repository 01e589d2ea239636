using System.Net;
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

    /// <summary>A page in the site's layout (<see cref="Web.PageLayout"/>). <paramref name="bodyHtml"/> must already be encoded.</summary>
    public static SubscriptionResponse Page(HttpStatusCode status, string title, string bodyHtml) =>
        new(status, Web.PageLayout.ContentType, Web.PageLayout.Document(title, bodyHtml));
}
