using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Extensions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using NewsMonitor.Subscriptions;
using NewsMonitor.Trends;
using NewsMonitor.Web;

namespace NewsMonitor.Cli.Web;

/// <summary>
/// The Functions app's pages and APIs on Kestrel, for <c>newsmon serve</c>: the same routes, each a thin endpoint
/// over <see cref="WebPages"/> (or the API's service) resolved from the newsmon host's services. Ops routes, which
/// the function key guards in Azure, answer only with <c>--admin</c>.
/// </summary>
internal sealed class LocalWebServer : IAsyncDisposable
{
    /// <summary>Forms are a few hundred bytes; nothing a page accepts needs more.</summary>
    private const long MaxRequestBodySize = 64 * 1024;

    private readonly WebApplication _app;

    private LocalWebServer(WebApplication app, Uri baseAddress)
    {
        _app = app;
        BaseAddress = baseAddress;
    }

    /// <summary>Where the server listens, e.g. <c>http://localhost:7071/</c>.</summary>
    public Uri BaseAddress { get; }

    /// <param name="services">The newsmon host's services (the stages, their storage and email).</param>
    /// <param name="port">The port on localhost (IPv4 and IPv6 loopback); 0 for a free one on 127.0.0.1.</param>
    /// <param name="admin">Serve the ops pages and APIs (feed health, all keywords, subscriber list).</param>
    public static async Task<LocalWebServer> StartAsync(IServiceProvider services, int port, bool admin, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Limits.MaxRequestBodySize = MaxRequestBodySize;
            if (port == 0)
            {
                kestrel.Listen(System.Net.IPAddress.Loopback, 0);
            }
            else
            {
                kestrel.ListenLocalhost(port);
            }
        });
        builder.Logging.ClearProviders();
        var app = builder.Build();
        Map(app, services, admin);
        await app.StartAsync(cancellationToken);
        var address = port == 0
            ? new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First())
            : new Uri($"http://localhost:{port}/");
        return new LocalWebServer(app, address);
    }

    public async ValueTask DisposeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await _app.StopAsync(timeout.Token);
        await _app.DisposeAsync();
    }

    private static void Map(WebApplication app, IServiceProvider services, bool admin)
    {
        var pages = services.GetRequiredService<WebPages>();
        var subscriptions = services.GetRequiredService<SubscriptionService>();
        var trends = services.GetRequiredService<TrendService>();
        string[] getPost = ["GET", "POST"];

        app.MapGet("/", context => Serve(context, false, pages.DashboardAsync));
        app.MapGet("/admin/trends", context => Serve(context, true, pages.DashboardAsync));
        app.MapMethods("/subscribe", getPost, context => Serve(context, false, pages.SubscribeAsync));
        app.MapMethods("/" + SubscriptionLinks.ManagePath, getPost, context => Serve(context, false, pages.ManageAsync));
        app.MapGet("/admin/feeds", context => Serve(context, true, pages.FeedHealthAsync));
        app.MapGet(PageLayout.StylesheetPath, context => WriteAsync(context, WebPages.Stylesheet()));

        app.MapPost("/api/subscribe", context => Serve(context, false, async (request, token) =>
            PageResponse.From(await subscriptions.SubscribeAsync(request.Body, token))));
        app.MapGet("/api/" + SubscriptionLinks.ConfirmRoute, context => Serve(context, false, pages.ConfirmAsync));
        app.MapMethods("/api/" + SubscriptionLinks.UnsubscribeRoute, getPost, context => Serve(context, false, pages.UnsubscribeAsync));
        app.MapGet("/api/subscribers", context => Serve(context, true, async (request, token) =>
            PageResponse.From(await subscriptions.ListAsync(request.Query["keyword"], token))));
        app.MapGet("/api/trends/{keyword}", context => Serve(context, true, async (request, token) =>
            PageResponse.From((await trends.GetAsync((string?)context.Request.RouteValues["keyword"], request.Query["hours"], token)).ToResponse())));
        app.MapFallback(context => WriteAsync(context, WebPages.NotFound()));

        // An ops route (Function-level in Azure) answers 403 unless newsmon serve runs with --admin.
        async Task Serve(HttpContext context, bool adminRoute, Func<PageRequest, CancellationToken, Task<PageResponse>> page)
        {
            if (adminRoute && !admin)
            {
                await WriteAsync(context, WebPages.Forbidden());
                return;
            }

            var request = context.Request;
            string? body = null;
            if (HttpMethods.IsPost(request.Method))
            {
                using var reader = new StreamReader(request.Body);
                body = await reader.ReadToEndAsync(context.RequestAborted);
            }

            var pageRequest = PageRequest.Create(
                request.Method, new Uri(request.GetEncodedUrl()), request.Headers.Cookie.ToString(), request.ContentType, body, adminRoute && admin);
            await WriteAsync(context, await page(pageRequest, context.RequestAborted));
        }
    }

    private static async Task WriteAsync(HttpContext context, PageResponse answer)
    {
        context.Response.StatusCode = (int)answer.Status;
        foreach (var (name, value) in answer.AllHeaders())
        {
            context.Response.Headers.Append(name, value);
        }

        await context.Response.WriteAsync(answer.Body, context.RequestAborted);
    }
}
