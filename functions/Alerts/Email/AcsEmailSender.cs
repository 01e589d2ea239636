using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Azure.Core;
using Microsoft.Extensions.Options;
using NewsMonitor.Hosting;

namespace NewsMonitor.Alerts.Email;

/// <summary>
/// Azure Communication Services Email over its REST API (the SDK is not available here):
/// <c>POST {endpoint}/emails:send</c> → 202 + <c>Operation-Location</c>, polled until Succeeded or Failed.
/// The <c>Operation-Id</c> header derives from the stable message id, so a retried send is the same operation.
/// </summary>
internal sealed class AcsEmailSender(
    IHttpClientFactory httpClientFactory,
    TokenCredential credential,
    IOptions<EmailOptions> options,
    TimeProvider timeProvider) : IEmailSender
{
    public const string Scope = "https://communication.azure.com/.default";

    /// <summary>The named client (created per send, so handler rotation works although this sender is a singleton).</summary>
    public const string HttpClientName = "AcsEmail";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };

    public async Task SendAsync(EmailMessage message, CancellationToken cancellationToken = default)
    {
        var settings = options.Value;
        var endpoint = settings.AcsEndpoint ?? throw new InvalidOperationException("Email:AcsEndpoint is not set.");
        // Concatenated, not new Uri(endpoint, "emails:send"): a relative reference with a colon parses as a scheme.
        var apiVersion = Uri.EscapeDataString(settings.AcsApiVersion);
        var root = endpoint.AbsoluteUri.TrimEnd('/');
        var sendUri = new Uri($"{root}/emails:send?api-version={apiVersion}");
        var token = await credential.GetTokenAsync(new TokenRequestContext([Scope]), cancellationToken);

        using var request = new HttpRequestMessage(HttpMethod.Post, sendUri)
        {
            Content = JsonContent.Create(CreateBody(message, settings), options: Json),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token.Token);
        request.Headers.Add("Operation-Id", OperationId(message.MessageId).ToString());

        Uri operationLocation;
        using (var response = await SendOrThrowAsync(request, cancellationToken))
        {
            if (response.StatusCode != HttpStatusCode.Accepted && response.StatusCode != HttpStatusCode.OK)
            {
                throw await FailureAsync(response, cancellationToken);
            }

            operationLocation = response.Headers.TryGetValues("Operation-Location", out var values)
                && Uri.TryCreate(values.FirstOrDefault(), UriKind.Absolute, out var location)
                    ? location
                    : new Uri($"{root}/emails/operations/{OperationId(message.MessageId)}?api-version={apiVersion}");
        }

        await PollAsync(operationLocation, token.Token, settings, cancellationToken);
    }

    private async Task PollAsync(Uri operationLocation, string accessToken, EmailOptions settings, CancellationToken cancellationToken)
    {
        var deadline = timeProvider.GetUtcNow() + settings.AcsPollTimeout;
        while (true)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, operationLocation);
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
            using var response = await SendOrThrowAsync(request, cancellationToken);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                throw await FailureAsync(response, cancellationToken);
            }

            var result = await response.Content.ReadFromJsonAsync<SendResult>(Json, cancellationToken);
            switch (result?.Status)
            {
                case "Succeeded":
                    return;
                case "Failed" or "Canceled":
                    throw new EmailSendException(
                        $"ACS {result.Status}: {result.Error?.Code} {result.Error?.Message}".TrimEnd(),
                        isPermanent: true);
            }

            if (timeProvider.GetUtcNow() >= deadline)
            {
                throw new EmailSendException($"ACS operation still {result?.Status} after {settings.AcsPollTimeout}.", isPermanent: false);
            }

            var wait = RetryAfter(response) ?? settings.AcsPollInterval;
            await Task.Delay(wait < settings.AcsPollTimeout ? wait : settings.AcsPollTimeout, timeProvider, cancellationToken);
        }
    }

    private async Task<HttpResponseMessage> SendOrThrowAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        try
        {
            var httpClient = httpClientFactory.CreateClient(HttpClientName);
            return await httpClient.SendAsync(request, cancellationToken);
        }
        catch (HttpRequestException exception)
        {
            throw new EmailSendException($"ACS unreachable: {exception.Message}", isPermanent: false, innerException: exception);
        }
        catch (TaskCanceledException exception) when (!cancellationToken.IsCancellationRequested)
        {
            throw new EmailSendException("ACS request timed out.", isPermanent: false, innerException: exception);
        }
    }

    /// <summary>
    /// 429, 408 and 5xx are worth another try; 401/403 are our identity or role assignment, which must not mark
    /// a subscriber as bouncing, so they are transient too. Any other 4xx (400: invalid recipient or message) is final.
    /// </summary>
    private async Task<EmailSendException> FailureAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var status = (int)response.StatusCode;
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        var code = response.Headers.TryGetValues("x-ms-error-code", out var codes) ? codes.FirstOrDefault() : null;
        var permanent = status is >= 400 and < 500 and not 401 and not 403 and not 408 and not 429;
        var detail = body.Length > 300 ? body[..300] : body;
        return new EmailSendException($"ACS HTTP {status} {code}: {detail}".TrimEnd(), permanent, RetryAfter(response));
    }

    private TimeSpan? RetryAfter(HttpResponseMessage response) => RetryAfterHeader.Delay(response, timeProvider.GetUtcNow());

    public static Guid OperationId(string messageId)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(messageId));
        return new Guid(hash.AsSpan(0, 16));
    }

    private static object CreateBody(EmailMessage message, EmailOptions settings) => new
    {
        senderAddress = settings.Sender,
        content = new { subject = message.Subject, plainText = message.TextBody, html = message.HtmlBody },
        recipients = new { to = new[] { new { address = message.To, displayName = message.ToName } } },
        headers = message.Headers,
        attachments = message.InlineImages.Select(image => new
        {
            name = image.FileName,
            contentType = image.ContentType,
            contentInBase64 = Convert.ToBase64String(image.Content.Span),
            contentId = image.ContentId,
        }).ToArray(),
        userEngagementTrackingDisabled = true,
    };

    private sealed record SendResult(string? Id, string? Status, SendError? Error);

    private sealed record SendError(string? Code, string? Message);
}
