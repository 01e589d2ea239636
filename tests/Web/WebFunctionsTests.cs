using System.Net;
using System.Reflection;
using System.Text.Json;
using Microsoft.Azure.Functions.Worker;
using NewsMonitor.Subscriptions;
using NewsMonitor.Tests.Alerts;
using NewsMonitor.Tests.Subscriptions;
using NewsMonitor.Tests.Support;
using NewsMonitor.Web;

namespace NewsMonitor.Tests.Web;

/// <summary>The pages as the Functions app exposes them: routes, auth levels, and each page rendered through its trigger.</summary>
[Collection(WebPagesBrowser.Name)]
public sealed class WebFunctionsTests(AzuriteFixture azurite)
{
    private static readonly Dictionary<string, (AuthorizationLevel Level, string[] Methods)> Expected = new()
    {
        [WebRoutes.Root] = (AuthorizationLevel.Anonymous, ["get"]),
        ["subscribe"] = (AuthorizationLevel.Anonymous, ["get", "post"]),
        ["manage"] = (AuthorizationLevel.Anonymous, ["get", "post"]),
        ["admin/feeds"] = (AuthorizationLevel.Function, ["get"]),
        ["admin/trends"] = (AuthorizationLevel.Function, ["get"]),
        ["static/site.css"] = (AuthorizationLevel.Anonymous, ["get"]),
        ["api/subscribe"] = (AuthorizationLevel.Anonymous, ["post"]),
        ["api/confirm"] = (AuthorizationLevel.Anonymous, ["get"]),
        ["api/unsubscribe"] = (AuthorizationLevel.Anonymous, ["get", "post"]),
        ["api/subscribers"] = (AuthorizationLevel.Function, ["get"]),
        ["api/trends/{keyword}"] = (AuthorizationLevel.Function, ["get"]),
    };

    [Fact]
    public void HttpTriggers_ServeEveryPageAtTheRoot_AndEveryApiUnderApi_WithOpsRoutesBehindTheKey()
    {
        var triggers = typeof(WebPages).Assembly.GetTypes()
            .SelectMany(type => type.GetMethods())
            .SelectMany(method => method.GetParameters())
            .Select(parameter => parameter.GetCustomAttribute<HttpTriggerAttribute>())
            .OfType<HttpTriggerAttribute>()
            .ToDictionary(trigger => trigger.Route!, trigger => trigger);

        Assert.Equal(Expected.Keys.Order(), triggers.Keys.Order());
        foreach (var (route, (level, methods)) in Expected)
        {
            Assert.Equal(level, triggers[route].AuthLevel);
            Assert.Equal(methods, triggers[route].Methods);
        }

        // The routes above are the URLs only because host.json's prefix is empty (the default would be "api/").
        using var hostJson = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepositoryRoot(), "host.json")));
        Assert.Equal("", hostJson.RootElement.GetProperty("extensions").GetProperty("http").GetProperty("routePrefix").GetString());
    }

    [Fact]
    public async Task EveryPage_RendersThroughItsFunction_WithTheSecurityHeaders()
    {
        await azurite.ResetAsync();
        await using var host = new AlertsTestHost(azurite, configure: services => services.AddWeb());
        await host.Get<Storage.NewsStorage>().EnsureCreatedAsync();
        var record = await host.Subscribers.AddAsync("ops@example.com", ["Taliban"], "daily", confirmed: true);
        var pages = host.Get<WebPages>();
        var manage = host.Get<SubscriptionLinks>().Manage(record.Id);
        var baseUrl = new Uri(AlertsTestHost.BaseUrl);

        var answers = new Dictionary<string, Microsoft.Azure.Functions.Worker.Http.HttpResponseData>
        {
            ["dashboard"] = await new ShowTrendsFunction(pages).ShowTrends(TestHttpRequest.Get(baseUrl), default),
            ["admin dashboard"] = await new ShowAllTrendsFunction(pages).ShowAllTrends(TestHttpRequest.Get(new Uri(baseUrl, "/admin/trends")), default),
            ["subscribe"] = await new ServeSubscribePageFunction(pages).ServeSubscribePage(TestHttpRequest.Get(new Uri(baseUrl, "/subscribe")), default),
            ["manage"] = await new ServeManagePageFunction(pages).ServeManagePage(TestHttpRequest.Get(manage), default),
            ["feed health"] = await new ShowFeedHealthFunction(pages).ShowFeedHealth(TestHttpRequest.Get(new Uri(baseUrl, "/admin/feeds")), default),
        };

        foreach (var (name, answer) in answers)
        {
            Assert.True(answer.StatusCode == HttpStatusCode.OK, $"{name}: {answer.StatusCode}");
            Assert.Contains("frame-ancestors 'none'", answer.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
            Assert.Equal("nosniff", answer.Headers.GetValues("X-Content-Type-Options").Single());
            Assert.Contains("<main id=\"content\">", answer.ReadBody(), StringComparison.Ordinal);
        }

        Assert.Contains("o***@example.com", answers["manage"].ReadBody(), StringComparison.Ordinal);
        Assert.DoesNotContain("ops@example.com", answers["manage"].ReadBody(), StringComparison.Ordinal);
        Assert.Contains("set-cookie", answers["subscribe"].Headers.Select(h => h.Key.ToLowerInvariant()));
        var css = await new ServeStylesheetFunction().ServeStylesheet(TestHttpRequest.Get(new Uri(baseUrl, "/static/site.css")), default);
        Assert.StartsWith("text/css", css.Headers.GetValues("Content-Type").Single(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ManageLink_InEmails_OpensTheManagePage()
    {
        await azurite.ResetAsync();
        await using var host = new AlertsTestHost(azurite);

        var link = host.Get<SubscriptionLinks>().Manage("0123456789abcdef0123456789abcdef");

        Assert.Equal(AlertsTestHost.BaseUrl + "/manage", link.GetLeftPart(UriPartial.Path));
    }

    [Fact]
    public async Task SubscribeForm_SecondSignUpWithinTheThrottle_Is429WithTheReasonAtTheEmailField()
    {
        await azurite.ResetAsync();
        await using var host = new AlertsTestHost(azurite, configure: services => services.AddWeb());
        await host.Get<Storage.NewsStorage>().EnsureCreatedAsync();
        var pages = host.Get<WebPages>();
        var csrf = host.Get<CsrfTokens>();
        var url = new Uri(AlertsTestHost.BaseUrl + "/subscribe");
        var (field, setCookie) = csrf.Issue(PageRequest.Create("GET", url, null, null, null, isAdmin: false));
        var cookie = setCookie!.Split(';')[0];
        PageRequest Post(string keyword) => PageRequest.Create("POST", url, cookie, "application/x-www-form-urlencoded",
            $"csrf={Uri.EscapeDataString(field)}&email=reader%40example.com&keyword={keyword}&frequency=instant", isAdmin: false);

        var first = await pages.SubscribeAsync(Post("Taliban"));
        var second = await pages.SubscribeAsync(Post("Afghanistan"));

        Assert.Equal(HttpStatusCode.Accepted, first.Status);
        Assert.Equal(HttpStatusCode.TooManyRequests, second.Status);
        Assert.Contains(second.Headers, header => header.Key == "Retry-After" && int.Parse(header.Value, System.Globalization.CultureInfo.InvariantCulture) > 0);
        Assert.Matches("<p class=\"error\" id=\"email-error\">A confirmation email was sent to this address recently", second.Body);
        Assert.Single(Directory.GetFiles(host.OutboxPath, "*.eml", SearchOption.AllDirectories));
    }

    private static string RepositoryRoot()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "host.json")))
        {
            folder = folder.Parent;
        }

        return folder?.FullName ?? throw new InvalidOperationException("host.json not found above the test binaries.");
    }
}
