using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using Azure.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using NewsMonitor.Alerts.Email;
using NewsMonitor.Tests.Support;

namespace NewsMonitor.Tests.Alerts.Email;

/// <summary>The ACS sender against a Kestrel fake of <c>emails:send</c> and <c>emails/operations/{id}</c>.</summary>
public sealed class AcsEmailSenderTests : IAsyncLifetime
{
    private readonly ConcurrentQueue<(string OperationId, string Authorization, JsonElement Body)> _sends = new();
    private TestWebServer _fake = null!;
    private Uri _endpoint = null!;
    private int _throttleNext;
    private int _polls;
    private string _finalStatus = "Succeeded";
    private HttpStatusCode? _sendStatus;

    public async Task InitializeAsync()
    {
        _fake = await TestWebServer.StartAsync(app => app.Run(HandleAsync));
        _endpoint = _fake.BaseAddress;
    }

    public async Task DisposeAsync() => await _fake.DisposeAsync();

    [Fact]
    public async Task SendAsync_Accepted_PostsTheMessageAndPollsUntilSucceeded()
    {
        using var services = CreateServices();

        var result = await services.GetRequiredService<EmailDelivery>().SendAsync(Message());

        Assert.Equal(EmailDeliveryStatus.Sent, result.Status);
        var (operationId, authorization, body) = Assert.Single(_sends);
        Assert.Equal(AcsEmailSender.OperationId("alert.1.sub1@newsmonitor").ToString(), operationId);
        Assert.Equal("Bearer fake-entra-token", authorization);
        Assert.Equal("DoNotReply@news.example.org", body.GetProperty("senderAddress").GetString());
        Assert.Equal("reader@example.com", body.GetProperty("recipients").GetProperty("to")[0].GetProperty("address").GetString());
        Assert.Equal("Taliban: 14 articles in the last hour, 5x usual", body.GetProperty("content").GetProperty("subject").GetString());
        Assert.Contains("cid:spike-chart", body.GetProperty("content").GetProperty("html").GetString(), StringComparison.Ordinal);
        Assert.Equal("List-Unsubscribe=One-Click", body.GetProperty("headers").GetProperty("List-Unsubscribe-Post").GetString());
        var attachment = body.GetProperty("attachments")[0];
        Assert.Equal("spike-chart", attachment.GetProperty("contentId").GetString());
        Assert.Equal([1, 2, 3], Convert.FromBase64String(attachment.GetProperty("contentInBase64").GetString()!));
        Assert.True(_polls >= 2);
    }

    [Fact]
    public async Task SendAsync_ThrottledTwice_RetriesWithTheSameOperationId()
    {
        using var services = CreateServices();
        _throttleNext = 2;

        var result = await services.GetRequiredService<EmailDelivery>().SendAsync(Message());

        Assert.Equal(EmailDeliveryStatus.Sent, result.Status);
        Assert.Equal(3, result.Attempts);
        Assert.Equal(3, _sends.Count);
        Assert.Single(_sends.Select(send => send.OperationId).Distinct());
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
    public async Task SendAsync_OperationFailed_IsPermanent()
    {
        using var services = CreateServices();
        _finalStatus = "Failed";

        var result = await services.GetRequiredService<EmailDelivery>().SendAsync(Message());

        Assert.Equal(EmailDeliveryStatus.PermanentFailure, result.Status);
        Assert.Contains("EmailDropped", result.Error, StringComparison.Ordinal);
    }

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        if (request.Method == "POST" && request.Path == "/emails:send" && request.Query["api-version"] == "2025-09-01")
        {
            var body = await JsonDocument.ParseAsync(request.Body);
            var operationId = request.Headers["Operation-Id"].ToString();
            _sends.Enqueue((operationId, request.Headers.Authorization.ToString(), body.RootElement.Clone()));
            if (Interlocked.Decrement(ref _throttleNext) >= 0)
            {
                context.Response.StatusCode = 429;
                context.Response.Headers.RetryAfter = "0";
                return;
            }

            if (_sendStatus is { } status)
            {
                context.Response.StatusCode = (int)status;
                context.Response.Headers["x-ms-error-code"] = status == HttpStatusCode.BadRequest ? "InvalidRecipient" : "ServiceUnavailable";
                await context.Response.WriteAsJsonAsync(new { error = new { code = "InvalidRecipient", message = "The recipient address is not valid." } });
                return;
            }

            context.Response.StatusCode = 202;
            context.Response.Headers["Operation-Location"] = $"{_endpoint}emails/operations/{operationId}?api-version=2025-09-01";
            await context.Response.WriteAsJsonAsync(new { id = operationId, status = "Running" });
            return;
        }

        if (request.Method == "GET" && request.Path.StartsWithSegments("/emails/operations"))
        {
            var polls = Interlocked.Increment(ref _polls);
            var id = request.Path.Value!.Split('/').Last();
            context.Response.Headers.RetryAfter = "0";
            object? error = _finalStatus == "Failed" && polls >= 2 ? new { code = "EmailDropped", message = "Dropped." } : null;
            await context.Response.WriteAsJsonAsync<object>(new { id, status = polls < 2 ? "Running" : _finalStatus, error });
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
            ["Email:AcsPollInterval"] = "00:00:00",
            ["Email:RetryBaseDelay"] = "00:00:00",
            ["Email:MaxRetryDelay"] = "00:00:00",
        }).Build());
        services.AddLogging();
        services.AddSingleton<TokenCredential>(new FakeCredential());
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

    private sealed class FakeCredential : TokenCredential
    {
        public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
            requestContext.Scopes.SequenceEqual([AcsEmailSender.Scope])
                ? new AccessToken("fake-entra-token", DateTimeOffset.UtcNow.AddHours(1))
                : throw new InvalidOperationException("Unexpected scope.");

        public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
            ValueTask.FromResult(GetToken(requestContext, cancellationToken));
    }
}
