using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using Azure.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using NewsMonitor.Alerts.Email;
using NewsMonitor.Tests.Support;

namespace NewsMonitor.Tests.Alerts.Email;

/// <summary>The ACS sender (through <see cref="EmailDelivery"/>) against a Kestrel fake of <c>emails:send</c> and <c>emails/operations/{id}</c>.</summary>
public sealed class AcsEmailSenderTests : IAsyncLifetime
{
    private readonly ConcurrentQueue<(string OperationId, string Authorization, JsonElement Body)> _sends = new();
    private readonly ConcurrentDictionary<string, bool> _accepted = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2021, 7, 9, 12, 0, 0, TimeSpan.Zero));
    private TestWebServer _fake = null!;
    private Uri _endpoint = null!;
    private int _polls;
    private string _finalStatus = "Succeeded";
    private HttpStatusCode? _sendStatus;
    private string _errorCode = "InvalidRecipient";
    private string _errorMessage = "The recipient address is not valid.";
    private int _loseResponses;

    public async Task InitializeAsync()
    {
        _fake = await TestWebServer.StartAsync(app => app.Run(HandleAsync));
        _endpoint = _fake.BaseAddress;
    }

    public async Task DisposeAsync() => await _fake.DisposeAsync();

    [Fact]
    public async Task SendAsync_Accepted_PostsTheMessageAndReturnsPendingWithoutPolling()
    {
        using var services = CreateServices();

        var result = await services.GetRequiredService<EmailDelivery>().SendAsync(Message());

        Assert.Equal(EmailDeliveryStatus.Pending, result.Status);
        Assert.True(result.Sent);
        var (operationId, authorization, body) = Assert.Single(_sends);
        Assert.Equal(AcsEmailSender.OperationId("alert.1.sub1@newsmonitor"), operationId);
        Assert.Equal(operationId, result.OperationId);
        Assert.Equal("Bearer fake-entra-token", authorization);
        Assert.Equal("DoNotReply@news.example.org", body.GetProperty("senderAddress").GetString());
        Assert.Equal("reader@example.com", body.GetProperty("recipients").GetProperty("to")[0].GetProperty("address").GetString());
        Assert.Equal("Taliban: 14 articles in the last hour, 5x usual", body.GetProperty("content").GetProperty("subject").GetString());
        Assert.Contains("cid:spike-chart", body.GetProperty("content").GetProperty("html").GetString(), StringComparison.Ordinal);
        Assert.Equal("List-Unsubscribe=One-Click", body.GetProperty("headers").GetProperty("List-Unsubscribe-Post").GetString());
        var attachment = body.GetProperty("attachments")[0];
        Assert.Equal("spike-chart", attachment.GetProperty("contentId").GetString());
        Assert.Equal([1, 2, 3], Convert.FromBase64String(attachment.GetProperty("contentInBase64").GetString()!));
        // The invocation does not wait for the operation: confirming it is a later run's job.
        Assert.Equal(0, _polls);
    }

    [Theory]
    [InlineData("Succeeded", nameof(EmailOperationState.Succeeded))]
    [InlineData("Running", nameof(EmailOperationState.Running))]
    [InlineData("Failed", nameof(EmailOperationState.Failed))]
    public async Task GetStatusAsync_AcceptedOperation_MapsTheServiceStatus(string serviceStatus, string expected)
    {
        using var services = CreateServices();
        var delivery = services.GetRequiredService<EmailDelivery>();
        var sent = await delivery.SendAsync(Message());
        _finalStatus = serviceStatus;

        var status = await delivery.GetStatusAsync(sent.OperationId!);

        Assert.Equal(expected, status.State.ToString());
        Assert.Equal(1, _polls);
    }

    [Fact]
    public async Task GetStatusAsync_OperationNeverSent_IsUnknown()
    {
        using var services = CreateServices();

        var status = await services.GetRequiredService<EmailDelivery>().GetStatusAsync(Guid.NewGuid().ToString());

        Assert.Equal(EmailOperationState.Unknown, status.State);
    }

    [Fact]
    public async Task SendAsync_Throttled_ReturnsThrottledUntilRetryAfterWithoutRetrying()
    {
        using var services = CreateServices();
        _sendStatus = HttpStatusCode.TooManyRequests;

        var result = await services.GetRequiredService<EmailDelivery>().SendAsync(Message());

        Assert.Equal(EmailDeliveryStatus.Throttled, result.Status);
        Assert.Equal(_time.GetUtcNow().AddSeconds(30), result.RetryAt);
        Assert.Single(_sends);
    }

    [Fact]
    public async Task SendAsync_InvalidRecipient400_IsPermanentWithoutRetry()
    {
        using var services = CreateServices();
        _sendStatus = HttpStatusCode.BadRequest;

        var result = await services.GetRequiredService<EmailDelivery>().SendAsync(Message());

        Assert.Equal(EmailDeliveryStatus.PermanentFailure, result.Status);
        Assert.Equal(1, result.Attempts);
        Assert.Contains("InvalidRecipient", result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(HttpStatusCode.BadRequest, "DomainNotLinked", "The sender address domain is not linked to this resource.")]
    [InlineData(HttpStatusCode.Forbidden, "Forbidden", "The identity has no role on this resource.")]
    [InlineData(HttpStatusCode.NotFound, "NotFound", "Unknown endpoint.")]
    public async Task SendAsync_OurSetupIsWrong_IsConfigurationErrorNotABounce(HttpStatusCode status, string code, string message)
    {
        using var services = CreateServices();
        (_sendStatus, _errorCode, _errorMessage) = (status, code, message);

        var result = await services.GetRequiredService<EmailDelivery>().SendAsync(Message());

        Assert.Equal(EmailDeliveryStatus.ConfigurationError, result.Status);
        Assert.Equal(1, result.Attempts);
    }

    [Fact]
    public async Task SendAsync_ServerErrorsPersist_IsTransientAfterRetries()
    {
        using var services = CreateServices();
        _sendStatus = HttpStatusCode.ServiceUnavailable;

        var result = await services.GetRequiredService<EmailDelivery>().SendAsync(Message());

        Assert.Equal(EmailDeliveryStatus.TransientFailure, result.Status);
        Assert.Equal(4, result.Attempts);
    }

    [Fact]
    public async Task SendAsync_ResponseLostAfterTheServiceAccepted_DoesNotSendTwice()
    {
        using var services = CreateServices();
        _loseResponses = 1;

        var result = await services.GetRequiredService<EmailDelivery>().SendAsync(Message());

        Assert.Equal(EmailDeliveryStatus.Pending, result.Status);
        Assert.Equal(2, result.Attempts);
        Assert.Single(_sends);
    }

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        if (request.Method == "POST" && request.Path == "/emails:send" && request.Query["api-version"] == "2025-09-01")
        {
            var body = await JsonDocument.ParseAsync(request.Body);
            var operationId = request.Headers["Operation-Id"].ToString();
            _sends.Enqueue((operationId, request.Headers.Authorization.ToString(), body.RootElement.Clone()));
            if (_sendStatus is { } status)
            {
                context.Response.StatusCode = (int)status;
                context.Response.Headers.RetryAfter = "30";
                context.Response.Headers["x-ms-error-code"] = status == HttpStatusCode.BadRequest ? _errorCode : status.ToString();
                await context.Response.WriteAsJsonAsync(new { error = new { code = _errorCode, message = _errorMessage } });
                return;
            }

            _accepted[operationId] = true;
            if (Interlocked.Decrement(ref _loseResponses) >= 0)
            {
                // Accepted, but the caller sees a gateway error (a response lost on the way back).
                context.Response.StatusCode = 502;
                return;
            }

            context.Response.StatusCode = 202;
            context.Response.Headers["Operation-Location"] = $"{_endpoint}emails/operations/{operationId}?api-version=2025-09-01";
            await context.Response.WriteAsJsonAsync(new { id = operationId, status = "Running" });
            return;
        }

        if (request.Method == "GET" && request.Path.StartsWithSegments("/emails/operations"))
        {
            var id = request.Path.Value!.Split('/').Last();
            if (!_accepted.ContainsKey(id))
            {
                context.Response.StatusCode = 404;
                return;
            }

            Interlocked.Increment(ref _polls);
            object? error = _finalStatus == "Failed" ? new { code = "EmailDropped", message = "Dropped." } : null;
            await context.Response.WriteAsJsonAsync<object>(new { id, status = _finalStatus, error });
            return;
        }

        context.Response.StatusCode = 404;
    }

    private ServiceProvider CreateServices()
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Email:Transport"] = "acs",
            ["Email:AcsEndpoint"] = _endpoint.AbsoluteUri,
            ["Email:Sender"] = "DoNotReply@news.example.org",
            ["Email:RetryBaseDelay"] = "00:00:00",
            ["Email:MaxRetryDelay"] = "00:00:00",
        }).Build());
        services.AddLogging();
        services.AddSingleton<TimeProvider>(_time);
        services.AddKeyedSingleton<TokenCredential>(AcsEmailSender.CredentialKey, new FakeCredential());
        services.AddEmail();
        return services.BuildServiceProvider();
    }

    private static EmailMessage Message() => new()
    {
        MessageId = "alert.1.sub1@newsmonitor",
        To = "reader@example.com",
        Subject = "Taliban: 14 articles in the last hour, 5x usual",
        TextBody = "text",
        HtmlBody = "<img src=\"cid:spike-chart\">",
        InlineImages = [new InlineImage("spike-chart", "spike-chart.png", "image/png", new byte[] { 1, 2, 3 })],
        Headers = new Dictionary<string, string>
        {
            ["List-Unsubscribe"] = "<https://news.example.org/api/unsubscribe?token=t>",
            ["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click",
        },
    };

    /// <summary>Answers only the scope the Azure Communication SDKs ask for (double slash).</summary>
    private sealed class FakeCredential : TokenCredential
    {
        public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
            requestContext.Scopes.SequenceEqual(["https://communication.azure.com//.default"])
                ? new AccessToken("fake-entra-token", DateTimeOffset.UtcNow.AddHours(1))
                : throw new InvalidOperationException("Unexpected scope.");

        public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
            ValueTask.FromResult(GetToken(requestContext, cancellationToken));
    }
}
