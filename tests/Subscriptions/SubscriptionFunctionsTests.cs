using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using MimeKit;
using NewsMonitor.Alerts;
using NewsMonitor.Subscriptions;
using NewsMonitor.Tests.Alerts;
using NewsMonitor.Tests.Support;

namespace NewsMonitor.Tests.Subscriptions;

/// <summary>The subscriber HTTP functions invoked directly, with the outbox transport standing in for a mail server.</summary>
[Collection(AlertsStorage.Name)]
public sealed partial class SubscriptionFunctionsTests(AzuriteFixture azurite)
{
    private const string Address = "analyst@example.com";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    [Fact]
    public async Task Lifecycle_SubscribeConfirmAlertOneClickUnsubscribe_NoFurtherAlerts()
    {
        var storage = await azurite.ResetAsync();
        await using var host = new AlertsTestHost(azurite);
        var alert = await new AlertScenario().WriteAsync(storage);

        var subscribed = await Subscribe(host, $$"""{"email": "{{Address}}", "keywords": ["Taliban"], "frequency": "instant"}""");
        Assert.Equal(HttpStatusCode.Accepted, subscribed.StatusCode);
        var confirmation = Assert.Single(Emails(host));
        await SendAlert(host, alert);
        Assert.Single(Emails(host));

        var confirmLink = ConfirmLink().Match(confirmation.TextBody ?? string.Empty).Value;
        var confirmed = await new ConfirmFunction(host.Get<SubscriptionService>()).Confirm(TestHttpRequest.Get(new Uri(confirmLink)), default);
        Assert.Equal(HttpStatusCode.OK, confirmed.StatusCode);

        await SendAlert(host, alert);
        var alertEmail = Assert.Single(Emails(host), email => email.Subject?.StartsWith("Taliban:", StringComparison.Ordinal) == true);
        var unsubscribeLink = new Uri(alertEmail.Headers["List-Unsubscribe"]!.Trim('<', '>'));

        var unsubscribed = await new UnsubscribeFunction(host.Get<SubscriptionService>()).Unsubscribe(TestHttpRequest.PostOneClick(unsubscribeLink), default);
        Assert.Equal(HttpStatusCode.OK, unsubscribed.StatusCode);

        host.Time.Advance(TimeSpan.FromDays(2));
        await SendAlert(host, alert with { AlertId = "taliban|2021071110" });
        Assert.Equal(2, Emails(host).Count);
        Assert.Empty(await host.Subscribers.GetConfirmedSubscribersAsync("Taliban"));
    }

    [Fact]
    public async Task Unsubscribe_Get_ShowsAFormAndChangesNothing()
    {
        await azurite.ResetAsync();
        await using var host = new AlertsTestHost(azurite);
        var record = await host.Subscribers.AddAsync(Address, ["Taliban", "Lavrov"], "instant", confirmed: true);
        var link = host.Get<SubscriptionLinks>().Manage(record.Id);

        var page = await new UnsubscribeFunction(host.Get<SubscriptionService>()).Unsubscribe(TestHttpRequest.Get(link), default);

        var html = page.ReadBody();
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("method=\"post\"", html, StringComparison.Ordinal);
        Assert.Contains("name=\"List-Unsubscribe\" value=\"One-Click\"", html, StringComparison.Ordinal);
        Assert.Contains("a***@example.com", html, StringComparison.Ordinal);
        Assert.DoesNotContain(Address, html, StringComparison.Ordinal);
        Assert.Equal(2, (await host.Subscribers.GetAsync(record.Id))!.Keywords.Count);
    }

    [Fact]
    public async Task Unsubscribe_PostWithoutOneClickBody_Rejected()
    {
        await azurite.ResetAsync();
        await using var host = new AlertsTestHost(azurite);
        var record = await host.Subscribers.AddAsync(Address, ["Taliban"], "instant", confirmed: true);
        var link = host.Get<SubscriptionLinks>().Unsubscribe(record.Id, "taliban");

        var response = await new UnsubscribeFunction(host.Get<SubscriptionService>()).Unsubscribe(new TestHttpRequest("POST", link, "hello"), default);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Single(await host.Subscribers.GetConfirmedSubscribersAsync("Taliban"));
    }

    [Theory]
    [InlineData("""{"email": "not-an-address", "keywords": ["Taliban"]}""", "not a valid email address")]
    [InlineData("""{"email": "a@example.com", "keywords": []}""", "keywords must be a non-empty array")]
    [InlineData("""{"email": "a@example.com", "keywords": ["Taliban"], "frequency": "hourly"}""", "frequency must be")]
    [InlineData("""{"keywords": ["Taliban"]}""", "An email address is required")]
    [InlineData("not json", "The body must be JSON")]
    public async Task Subscribe_InvalidRequest_Returns400WithAClearMessage(string body, string message)
    {
        await azurite.ResetAsync();
        await using var host = new AlertsTestHost(azurite);

        var response = await Subscribe(host, body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = JsonDocument.Parse(response.ReadBody()).RootElement.GetProperty("error").GetString();
        Assert.Contains(message, error, StringComparison.Ordinal);
        Assert.Empty(Emails(host));
        Assert.Empty(await host.Subscribers.ListAsync());
    }

    [Fact]
    public async Task Subscribe_RepeatedWithinThrottle_SendsOneConfirmationAndReturns429()
    {
        await azurite.ResetAsync();
        await using var host = new AlertsTestHost(azurite);
        var body = $$"""{"email": "{{Address}}", "keywords": ["Taliban"]}""";

        Assert.Equal(HttpStatusCode.Accepted, (await Subscribe(host, body)).StatusCode);
        host.Time.Advance(TimeSpan.FromMinutes(3));
        var repeated = await Subscribe(host, body);

        Assert.Equal(HttpStatusCode.TooManyRequests, repeated.StatusCode);
        Assert.Equal("420", repeated.Headers.GetValues("Retry-After").Single());
        Assert.Single(Emails(host));

        host.Time.Advance(TimeSpan.FromMinutes(8));
        Assert.Equal(HttpStatusCode.Accepted, (await Subscribe(host, body)).StatusCode);
        Assert.Equal(2, Emails(host).Count);
    }

    [Fact]
    public async Task Confirm_TamperedOrExpiredToken_Rejected()
    {
        await azurite.ResetAsync();
        await using var host = new AlertsTestHost(azurite);
        await Subscribe(host, $$"""{"email": "{{Address}}", "keywords": ["Taliban"]}""");
        var link = ConfirmLink().Match(Assert.Single(Emails(host)).TextBody ?? string.Empty).Value;
        var function = new ConfirmFunction(host.Get<SubscriptionService>());
        var tampered = link[..^3] + (link[^3] == 'x' ? "y" : "x") + link[^2..];

        Assert.Equal(HttpStatusCode.BadRequest, (await function.Confirm(TestHttpRequest.Get(new Uri(tampered)), default)).StatusCode);
        host.Time.Advance(TimeSpan.FromHours(49));
        Assert.Equal(HttpStatusCode.BadRequest, (await function.Confirm(TestHttpRequest.Get(new Uri(link)), default)).StatusCode);
        Assert.Empty(await host.Subscribers.GetConfirmedSubscribersAsync("Taliban"));
    }

    [Fact]
    public async Task ListSubscribers_Admin_SeesSubscribersOfAKeyword()
    {
        await azurite.ResetAsync();
        await using var host = new AlertsTestHost(azurite);
        await host.Subscribers.AddAsync(Address, ["Taliban"], "instant", confirmed: true);
        await host.Subscribers.AddAsync("other@example.com", ["Lavrov"], "instant", confirmed: true);

        var response = await new ListSubscribersFunction(host.Get<SubscriptionService>())
            .ListSubscribers(TestHttpRequest.Get(new Uri("https://news.example.org/api/subscribers?keyword=taliban")), default);

        var list = JsonDocument.Parse(response.ReadBody()).RootElement;
        Assert.Equal(Address, Assert.Single(list.EnumerateArray()).GetProperty("email").GetString());
    }

    private static Task<Microsoft.Azure.Functions.Worker.Http.HttpResponseData> Subscribe(AlertsTestHost host, string body) =>
        new SubscribeFunction(host.Get<SubscriptionService>()).Subscribe(TestHttpRequest.PostJson("https://news.example.org/api/subscribe", body), default);

    private static Task SendAlert(AlertsTestHost host, SpikeAlert alert) =>
        new SendAlertsFunction(host.Dispatcher).SendAlerts(JsonSerializer.Serialize(alert, Json), 1, default);

    private static List<MimeMessage> Emails(AlertsTestHost host) =>
        Directory.Exists(host.OutboxPath)
            ? Directory.GetFiles(host.OutboxPath, "*.eml").Select(file => MimeMessage.Load(file)).ToList()
            : [];

    [GeneratedRegex(@"https://news\.example\.org/api/confirm\?token=\S+")]
    private static partial Regex ConfirmLink();
}
