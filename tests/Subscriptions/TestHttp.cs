using System.Net;
using System.Security.Claims;
using System.Text;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Http;
using Moq;

namespace NewsMonitor.Tests.Subscriptions;

/// <summary>Minimal HttpRequestData/HttpResponseData so HTTP functions can be invoked directly, without the host.</summary>
internal sealed class TestHttpRequest(string method, Uri url, string? body = null, string? contentType = null)
    : HttpRequestData(new Mock<FunctionContext>().Object)
{
    public override Stream Body { get; } = new MemoryStream(Encoding.UTF8.GetBytes(body ?? string.Empty));

    public override HttpHeadersCollection Headers { get; } = contentType is null ? [] : new HttpHeadersCollection { { "Content-Type", contentType } };

    public override IReadOnlyCollection<IHttpCookie> Cookies { get; } = [];

    public override Uri Url { get; } = url;

    public override IEnumerable<ClaimsIdentity> Identities { get; } = [];

    public override string Method { get; } = method;

    public override HttpResponseData CreateResponse() => new TestHttpResponse(FunctionContext);

    public static TestHttpRequest Get(Uri url) => new("GET", url);

    public static TestHttpRequest PostJson(string url, string json) => new("POST", new Uri(url), json, "application/json");

    /// <summary>What a mail client sends for RFC 8058 one-click unsubscribe.</summary>
    public static TestHttpRequest PostOneClick(Uri url) =>
        new("POST", url, "List-Unsubscribe=One-Click", "application/x-www-form-urlencoded");
}

internal sealed class TestHttpResponse(FunctionContext context) : HttpResponseData(context)
{
    public override HttpStatusCode StatusCode { get; set; }

    public override HttpHeadersCollection Headers { get; set; } = [];

    public override Stream Body { get; set; } = new MemoryStream();

    public override HttpCookies Cookies { get; } = new Mock<HttpCookies>().Object;
}

internal static class TestHttpResponseExtensions
{
    public static string ReadBody(this HttpResponseData response)
    {
        response.Body.Position = 0;
        return new StreamReader(response.Body).ReadToEnd();
    }
}
