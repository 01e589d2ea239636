using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Azure.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using NewsMonitor.Hosting;

namespace NewsMonitor.Alerts.Email;

/// <summary>
/// Azure Communication Services Email over its REST API (Email 2025-09-01 spec, CommunicationServicesEmail.json; the
/// SDK is not available here). <c>POST {endpoint}/emails:send</c> answers 202 once the service has queued the email;
/// the sender returns then, with the operation id, instead of polling inside the queue invocation (a poll may be told
/// to wait 100 s). <see cref="GetStatusAsync"/> asks <c>GET /emails/operations/{id}</c> later. The <c>Operation-Id</c>
/// header is the message's stable <see cref="EmailMessage.OperationId"/>, so before resending after a lost response a
/// caller can look the operation up and not send twice.
/// </summary>
internal sealed class AcsEmailSender(
    IHttpClientFactory httpClientFactory,
    [FromKeyedServices(AcsEmailSender.CredentialKey)] TokenCredential credential,
    IOptions<EmailOptions> options,
    TimeProvider timeProvider) : IEmailSender
{
    /// <summary>
    /// The Entra scope the Azure Communication SDKs request (azure-communication-common's auth policy in .NET, Java,
    /// JavaScript and Python): the double slash is theirs and is what the service's token audience matches.
    /// </summary>
    public const string Scope = "https://communication.azure.com//.default";

    /// <summary>The named client (created per send, so handler rotation works although this sender is a singleton).</summary>
    public const string HttpClientName = "AcsEmail";

    /// <summary>Key of this client's <see cref="TokenCredential"/>, built from <see cref="EmailOptions.AcsManagedIdentityClientId"/>.</summary>
    public const string CredentialKey = "AcsEmail";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };

    public static string OperationId(string messageId) => EmailMessage.DeriveOperationId(messageId);

    public async Task<EmailSendReceipt> SendAsync(EmailMessage message, CancellationToken cancellationToken = default)
    {
        var settings = options.Value;
        using var request = new HttpRequestMessage(HttpMethod.Post, OperationUri("emails:send", settings))
        {
            Content = JsonContent.Create(CreateBody(message, settings), options: Json),
        };
        await AuthorizeAsync(request, cancellationToken);
        request.Headers.Add("Operation-Id", message.OperationId);

        using var response = await SendOrThrowAsync(request, cancellationToken);
        if (response.StatusCode is not HttpStatusCode.Accepted and not HttpStatusCode.OK)
        {
            throw await FailureAsync(response, cancellationToken);
        }

        return new EmailSendReceipt(message.OperationId);
    }

    public async Task<EmailOperationStatus> GetStatusAsync(string operationId, CancellationToken cancellationToken = default)
    {
        var settings = options.Value;
        using var request = new HttpRequestMessage(HttpMethod.Get, OperationUri($"emails/operations/{System.Uri.EscapeDataString(operationId)}", settings));
        await AuthorizeAsync(request, cancellationToken);
        using var response = await SendOrThrowAsync(request, cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return EmailOperationStatus.Unknown;
        }

        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw await FailureAsync(response, cancellationToken);
        }

        var result = await response.Content.ReadFromJsonAsync<SendResult>(Json, cancellationToken);
        return result?.Status switch
        {
            "Succeeded" => new EmailOperationStatus(EmailOperationState.Succeeded),
            "Failed" or "Canceled" => new EmailOperationStatus(
                EmailOperationState.Failed, $"ACS {result.Status}: {result.Error?.Code} {result.Error?.Message}".TrimEnd()),
            _ => new EmailOperationStatus(EmailOperationState.Running, RetryAfter: RetryAfter(response)),
        };
    }

    private static Uri OperationUri(string path, EmailOptions settings)
    {
        var endpoint = settings.AcsEndpoint ?? throw new EmailSendException("Email:AcsEndpoint is not set.", EmailFailureKind.Configuration);
        // Concatenated, not new Uri(endpoint, "emails:send"): a relative reference with a colon parses as a scheme.
        return new Uri($"{endpoint.AbsoluteUri.TrimEnd('/')}/{path}?api-version={System.Uri.EscapeDataString(settings.AcsApiVersion)}");
    }

    private async Task AuthorizeAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        try
        {
            var token = await credential.GetTokenAsync(new TokenRequestContext([Scope]), cancellationToken);
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token.Token);
        }
        catch (Azure.Identity.AuthenticationFailedException exception)
        {
            // While a new identity or role assignment propagates this heals by itself; it is never a recipient's fault.
            throw new EmailSendException($"ACS token: {exception.Message}", EmailFailureKind.Transient, innerException: exception);
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
            throw new EmailSendException($"ACS unreachable: {exception.Message}", EmailFailureKind.Transient, innerException: exception);
        }
        catch (TaskCanceledException exception) when (!cancellationToken.IsCancellationRequested)
        {
            throw new EmailSendException("ACS request timed out.", EmailFailureKind.Transient, innerException: exception);
        }
    }

    /// <summary>
    /// 429 is throttling (the sandbox limits of an Azure-managed domain), 408 and 5xx are transient. 400 names what it
    /// rejects: an invalid recipient bounces that subscriber only; anything else (sender not on a linked domain, a
    /// malformed message) and 401/403/404 (identity, role, endpoint) are our configuration and bounce nobody.
    /// </summary>
    private async Task<EmailSendException> FailureAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var status = (int)response.StatusCode;
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        var code = response.Headers.TryGetValues("x-ms-error-code", out var codes) ? codes.FirstOrDefault() : null;
        var detail = body.Length > 300 ? body[..300] : body;
        var kind = status switch
        {
            429 => EmailFailureKind.Throttled,
            408 or >= 500 => EmailFailureKind.Transient,
            400 when MentionsRecipient(code) || MentionsRecipient(body) => EmailFailureKind.Recipient,
            _ => EmailFailureKind.Configuration,
        };
        return new EmailSendException($"ACS HTTP {status} {code}: {detail}".TrimEnd(), kind, RetryAfter(response));
    }

    private static bool MentionsRecipient(string? text) =>
        text is not null
        && text.Contains("recipient", StringComparison.OrdinalIgnoreCase)
        && !text.Contains("sender", StringComparison.OrdinalIgnoreCase);

    private TimeSpan? RetryAfter(HttpResponseMessage response) => RetryAfterHeader.Delay(response, timeProvider.GetUtcNow());

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
