using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace NewsMonitor.Cli.Demo;

/// <summary>
/// Serves the demo feeds on 127.0.0.1 (a free port) as they looked at the simulated time: each request sees the items
/// published up to then, with an ETag and Last-Modified, so conditional GETs get 304 when nothing changed and
/// re-fetched items turn into duplicates, as with real feeds.
/// </summary>
internal sealed class DemoFeedServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly DemoScenario _scenario;
    private readonly TimeProvider _clock;
    private int _requests;
    private int _notModified;
    private long _bodyBytes;

    private DemoFeedServer(WebApplication app, DemoScenario scenario, TimeProvider clock)
    {
        _app = app;
        _scenario = scenario;
        _clock = clock;
    }

    public Uri BaseAddress { get; private set; } = null!;

    public int Requests => Volatile.Read(ref _requests);

    public int NotModified => Volatile.Read(ref _notModified);

    /// <summary>Bytes of feed bodies sent (what polling costs the publisher, headers aside).</summary>
    public long BodyBytes => Interlocked.Read(ref _bodyBytes);

    public Uri FeedUrl(DemoSource source) => new(BaseAddress, source.FeedPath);

    public static async Task<DemoFeedServer> StartAsync(DemoScenario scenario, TimeProvider clock, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var server = new DemoFeedServer(app, scenario, clock);
        app.Run(server.HandleAsync);
        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.BaseAddress = new Uri(address);
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context)
    {
        Interlocked.Increment(ref _requests);
        var source = _scenario.Sources.FirstOrDefault(candidate => candidate.FeedPath == context.Request.Path.Value);
        if (source is null || !HttpMethods.IsGet(context.Request.Method))
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        var now = _clock.GetUtcNow();
        var items = _scenario.Visible(source.Id, now);
        var updated = items.Count > 0 ? items[0].Published : _scenario.Start;
        var (body, contentType) = DemoFeedRenderer.Render(source, items, new Uri(BaseAddress, source.FeedPath), updated);
        var etag = $"\"{Convert.ToHexStringLower(SHA256.HashData(body))[..20]}\"";
        var lastModified = updated.ToString("r", CultureInfo.InvariantCulture);

        context.Response.Headers.ETag = etag;
        context.Response.Headers.LastModified = lastModified;
        context.Response.Headers.CacheControl = "max-age=300";
        if (IsNotModified(context.Request, etag, updated))
        {
            Interlocked.Increment(ref _notModified);
            context.Response.StatusCode = StatusCodes.Status304NotModified;
            return;
        }

        context.Response.ContentType = contentType;
        context.Response.ContentLength = body.Length;
        Interlocked.Add(ref _bodyBytes, body.Length);
        await context.Response.Body.WriteAsync(body, context.RequestAborted);
    }

    private static bool IsNotModified(HttpRequest request, string etag, DateTimeOffset updated)
    {
        // RFC 9110 13.1.3: If-None-Match, when present, decides; If-Modified-Since only without it.
        var ifNoneMatch = request.Headers.IfNoneMatch.ToString();
        if (!string.IsNullOrEmpty(ifNoneMatch))
        {
            return ifNoneMatch.Split(',').Any(tag => tag.Trim().Replace("W/", "", StringComparison.Ordinal) == etag);
        }

        return DateTimeOffset.TryParse(request.Headers.IfModifiedSince.ToString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var since)
               && updated <= since;
    }
}
