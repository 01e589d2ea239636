using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NewsMonitor.Alerts.Email;
using NewsMonitor.Analysis;

namespace NewsMonitor.Subscriptions;

/// <summary>The body of <c>POST /api/subscribe</c>.</summary>
internal sealed record SubscribeRequest(string? Email, IReadOnlyList<string>? Keywords, string? Frequency);

/// <summary>The form field a refused sign-up is about.</summary>
internal enum SubscribeField
{
    Email,
    Keywords,
    Frequency,
}

/// <summary>
/// What a sign-up did: 200 already subscribed (<see cref="Keywords"/> active), 202 confirmation sent
/// (<see cref="Keywords"/> pending), or a refusal with its status, the field it is about (none: a server-side failure)
/// and a message a person can act on.
/// </summary>
internal sealed record SubscribeOutcome(HttpStatusCode Status, SubscribeField? Field, string Message, IReadOnlyList<string> Keywords)
{
    public TimeSpan? RetryAfter { get; init; }

    public bool Succeeded => Status is HttpStatusCode.OK or HttpStatusCode.Accepted;

    public static SubscribeOutcome Refused(HttpStatusCode status, SubscribeField? field, string message) => new(status, field, message, []);
}

/// <summary>
/// The subscriptions stage: sign-up with double opt-in, confirmation, one-click unsubscribe and the admin list.
/// Each method answers one HTTP function; the same methods serve <c>newsmon subscribers</c>.
/// </summary>
internal sealed class SubscriptionService(
    SubscriberStore store,
    SubscriptionTokens tokens,
    SubscriptionLinks links,
    EmailDelivery email,
    IOptions<SubscriptionsOptions> options,
    TimeProvider timeProvider,
    ILogger<SubscriptionService> logger)
{
    private const int MaxKeywordLength = 100;
    private const string OneClickBody = "List-Unsubscribe=One-Click";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task<SubscriptionResponse> SubscribeAsync(string? body, CancellationToken cancellationToken = default)
    {
        SubscribeRequest? request;
        try
        {
            request = string.IsNullOrWhiteSpace(body) ? null : JsonSerializer.Deserialize<SubscribeRequest>(body, Json);
        }
        catch (JsonException)
        {
            request = null;
        }

        if (request is null)
        {
            return SubscriptionResponse.Error(HttpStatusCode.BadRequest,
                "The body must be JSON: {\"email\": \"name@example.com\", \"keywords\": [\"Taliban\"], \"frequency\": \"instant\"}.");
        }

        var outcome = await SubscribeAsync(request, cancellationToken);
        return outcome.Status switch
        {
            HttpStatusCode.OK => SubscriptionResponse.JsonBody(HttpStatusCode.OK, new { status = "subscribed", keywords = outcome.Keywords }),
            HttpStatusCode.Accepted => SubscriptionResponse.JsonBody(HttpStatusCode.Accepted, new
            {
                status = "confirmation-sent",
                message = outcome.Message,
                pendingKeywords = outcome.Keywords,
            }),
            _ => SubscriptionResponse.Error(outcome.Status, outcome.Message) with { RetryAfter = outcome.RetryAfter },
        };
    }

    /// <summary>
    /// The sign-up itself, for the JSON API and the subscribe page: validates, stores the pending keywords and sends
    /// the confirmation email, at most one per address per <see cref="SubscriptionsOptions.ConfirmationThrottle"/>
    /// (the rate limit both front doors share). A refusal names the field it is about, so a page can show it there.
    /// </summary>
    public async Task<SubscribeOutcome> SubscribeAsync(SubscribeRequest request, CancellationToken cancellationToken = default)
    {
        if (!EmailAddresses.TryNormalize(request.Email, out var address, out var addressError))
        {
            return SubscribeOutcome.Refused(HttpStatusCode.BadRequest, SubscribeField.Email, addressError);
        }

        if (!TryValidateKeywords(request.Keywords, out var keywords, out var keywordError))
        {
            return SubscribeOutcome.Refused(HttpStatusCode.BadRequest, SubscribeField.Keywords, keywordError);
        }

        var frequency = string.IsNullOrWhiteSpace(request.Frequency) ? SubscriberFrequency.Instant : request.Frequency.Trim().ToLowerInvariant();
        if (!SubscriberFrequency.IsValid(frequency))
        {
            return SubscribeOutcome.Refused(HttpStatusCode.BadRequest, SubscribeField.Frequency, "frequency must be \"instant\" or \"daily\".");
        }

        var masked = EmailAddresses.Mask(address);
        SubscriptionsLog.SubscribeRequested(logger, masked, keywords.Count);
        var existing = await store.FindByEmailAsync(address, cancellationToken);
        var total = (existing?.Keywords ?? []).Concat(existing?.PendingKeywords ?? []).Concat(keywords)
            .Select(MentionKeys.KeywordKey).Distinct(StringComparer.Ordinal).Count();
        if (total > options.Value.MaxKeywordsPerSubscriber)
        {
            return SubscribeOutcome.Refused(HttpStatusCode.BadRequest, SubscribeField.Keywords,
                $"At most {options.Value.MaxKeywordsPerSubscriber} keywords per address.");
        }

        var record = await store.AddAsync(address, keywords, frequency, confirmed: false, cancellationToken);
        if (record.PendingKeywords.Count == 0)
        {
            return new SubscribeOutcome(HttpStatusCode.OK, null, "Already subscribed.", record.Keywords);
        }

        var nextAllowedAt = await store.TryReserveConfirmationAsync(record.Id, options.Value.ConfirmationThrottle, cancellationToken);
        if (nextAllowedAt is { } retryAt)
        {
            SubscriptionsLog.ConfirmationThrottled(logger, masked, retryAt);
            return SubscribeOutcome.Refused(HttpStatusCode.TooManyRequests, SubscribeField.Email,
                "A confirmation email was sent to this address recently: please use the link in it, or try again later.")
                with
            { RetryAfter = retryAt - timeProvider.GetUtcNow() };
        }

        var result = await email.SendAsync(CreateConfirmationEmail(record), cancellationToken);
        if (!result.Sent)
        {
            SubscriptionsLog.ConfirmationFailed(logger, masked, result.Status.ToString(), result.Error);
            await store.ReleaseConfirmationAsync(record.Id, cancellationToken);
            return result.Status == EmailDeliveryStatus.PermanentFailure
                ? SubscribeOutcome.Refused(HttpStatusCode.BadRequest, SubscribeField.Email, "The mail server refused this address.")
                : SubscribeOutcome.Refused(HttpStatusCode.ServiceUnavailable, null, "Could not send the confirmation email just now; please try again later.");
        }

        SubscriptionsLog.ConfirmationSent(logger, masked, record.Id);
        return new SubscribeOutcome(HttpStatusCode.Accepted, null,
            "Check your inbox: alerts start once you open the confirmation link.", record.PendingKeywords);
    }

    public async Task<SubscriptionResponse> ConfirmAsync(string? token, CancellationToken cancellationToken = default)
    {
        if (!tokens.TryValidate(token, TokenPurpose.Confirm, out var claims))
        {
            SubscriptionsLog.InvalidToken(logger, TokenPurpose.Confirm);
            return InvalidLink();
        }

        var record = await store.ConfirmAsync(claims!.SubscriberId, cancellationToken);
        if (record is null)
        {
            return InvalidLink();
        }

        SubscriptionsLog.Confirmed(logger, record.Id);
        return SubscriptionResponse.Page(HttpStatusCode.OK, "Subscription confirmed",
            $"<p>Alerts for {EncodeList(record.Keywords)} will go to {Encode(EmailAddresses.Mask(record.Email))}.</p>" +
            $"<p><a href=\"{Encode(links.Manage(record.Id).AbsoluteUri)}\">Manage your alerts</a></p>");
    }

    /// <summary>
    /// GET: shows what the link would do and a button that POSTs it. A GET never changes anything, because mail
    /// scanners open links (RFC 8058 section 1).
    /// </summary>
    public async Task<SubscriptionResponse> UnsubscribePageAsync(string? token, CancellationToken cancellationToken = default)
    {
        SubscriptionToken? claims;
        if (!tokens.TryValidate(token, TokenPurpose.Unsubscribe, out claims) && !tokens.TryValidate(token, TokenPurpose.Manage, out claims))
        {
            SubscriptionsLog.InvalidToken(logger, TokenPurpose.Unsubscribe);
            return InvalidLink();
        }

        var record = await store.GetAsync(claims!.SubscriberId, cancellationToken);
        if (record is null)
        {
            return SubscriptionResponse.Page(HttpStatusCode.OK, "Not subscribed", "<p>This address receives no alerts.</p>");
        }

        var html = new StringBuilder();
        html.Append(CultureInfo.InvariantCulture, $"<p>Alerts to {Encode(EmailAddresses.Mask(record.Email))}.</p><ul>");
        var keywords = record.Keywords.Concat(record.PendingKeywords)
            .Where(k => claims.Purpose == TokenPurpose.Manage || claims.AllKeywords || MentionKeys.KeywordKey(k) == claims.KeywordKey);
        foreach (var keyword in keywords)
        {
            var link = claims.Purpose == TokenPurpose.Manage
                ? links.Unsubscribe(record.Id, MentionKeys.KeywordKey(keyword))
                : options.Value.Link(SubscriptionLinks.UnsubscribeRoute, token!);
            html.Append(CultureInfo.InvariantCulture, $"<li>{Encode(keyword)} {Form(link, $"Stop {keyword} alerts")}</li>");
        }

        html.Append("</ul>");
        if (claims.Purpose == TokenPurpose.Manage || claims.AllKeywords)
        {
            html.Append(CultureInfo.InvariantCulture, $"<p>{Form(links.Unsubscribe(record.Id, null), "Unsubscribe from all alerts")}</p>");
        }

        return SubscriptionResponse.Page(HttpStatusCode.OK, "Your NewsMonitor alerts", html.ToString());
    }

    /// <summary>POST: RFC 8058 one-click unsubscribe (body <c>List-Unsubscribe=One-Click</c>), idempotent.</summary>
    public async Task<SubscriptionResponse> UnsubscribeAsync(string? token, string? body, CancellationToken cancellationToken = default)
    {
        if (!tokens.TryValidate(token, TokenPurpose.Unsubscribe, out var claims))
        {
            SubscriptionsLog.InvalidToken(logger, TokenPurpose.Unsubscribe);
            return InvalidLink();
        }

        if (body is null || !body.Split('&').Any(part => string.Equals(WebUtility.UrlDecode(part).Trim(), OneClickBody, StringComparison.Ordinal)))
        {
            return SubscriptionResponse.Error(HttpStatusCode.BadRequest, $"The POST body must be '{OneClickBody}' (RFC 8058).");
        }

        var remaining = await store.UnsubscribeAsync(claims!.SubscriberId, claims.KeywordKey, cancellationToken);
        SubscriptionsLog.Unsubscribed(logger, claims.SubscriberId, claims.KeywordKey ?? "*");
        return SubscriptionResponse.Page(HttpStatusCode.OK, "Unsubscribed", remaining is null
            ? "<p>You will receive no more alerts.</p>"
            : $"<p>Done. You still receive alerts for {EncodeList(remaining.Keywords.Concat(remaining.PendingKeywords))}.</p>");
    }

    public async Task<SubscriptionResponse> ListAsync(string? keyword, CancellationToken cancellationToken = default)
    {
        var records = await store.ListAsync(string.IsNullOrWhiteSpace(keyword) ? null : keyword, cancellationToken);
        return SubscriptionResponse.JsonBody(HttpStatusCode.OK, records);
    }

    private EmailMessage CreateConfirmationEmail(SubscriberRecord record)
    {
        var link = links.Confirm(record.Id).AbsoluteUri;
        var keywords = string.Join(", ", record.PendingKeywords);
        var hours = (int)options.Value.ConfirmTokenLifetime.TotalHours;
        return new EmailMessage
        {
            MessageId = $"confirm.{record.Id}.{record.LastConfirmationSentAt?.ToUnixTimeSeconds()}@newsmonitor",
            To = record.Email,
            Subject = "Confirm your NewsMonitor alerts",
            TextBody = $"""
                Someone (hopefully you) asked NewsMonitor to email this address when coverage of these keywords spikes:
                {keywords}

                Confirm within {hours} hours by opening:
                {link}

                If this was not you, ignore this email: nothing is sent without confirmation.
                """,
            HtmlBody = $"""
                <p>Someone (hopefully you) asked NewsMonitor to email this address when coverage of these keywords spikes:
                <strong>{Encode(keywords)}</strong>.</p>
                <p><a href="{Encode(link)}">Confirm your alerts</a> (the link works for {hours} hours).</p>
                <p>If this was not you, ignore this email: nothing is sent without confirmation.</p>
                """,
        };
    }

    /// <summary>Each keyword 1 to 100 printable characters; shared with the manage page.</summary>
    internal static bool TryValidateKeywords(IReadOnlyList<string>? input, out IReadOnlyList<string> keywords, out string error)
    {
        keywords = [];
        if (input is null || input.Count == 0)
        {
            error = "keywords must be a non-empty array of strings, e.g. [\"Taliban\"].";
            return false;
        }

        var list = new List<string>();
        foreach (var raw in input)
        {
            var keyword = raw?.Trim() ?? string.Empty;
            if (keyword.Length is 0 or > MaxKeywordLength || keyword.Any(char.IsControl) || MentionKeys.KeywordKey(keyword).Length == 0)
            {
                error = $"Each keyword must be 1 to {MaxKeywordLength} printable characters.";
                return false;
            }

            list.Add(keyword);
        }

        keywords = list;
        error = string.Empty;
        return true;
    }

    internal static SubscriptionResponse InvalidLink() =>
        SubscriptionResponse.Page(HttpStatusCode.BadRequest, "This link is invalid or has expired",
            "<p>Links in NewsMonitor emails expire: a confirmation link after 48 hours, the others after 90 days.</p>" +
            "<p>To get a new one, <a href=\"/subscribe\">subscribe again</a> (nothing is sent twice for keywords you already " +
            "have), or use the link in a more recent email.</p>");

    private static string Form(Uri action, string label) =>
        $"<form method=\"post\" action=\"{Encode(action.AbsoluteUri)}\" class=\"inline\">" +
        $"<input type=\"hidden\" name=\"List-Unsubscribe\" value=\"One-Click\"><button type=\"submit\">{Encode(label)}</button></form>";

    private static string EncodeList(IEnumerable<string> keywords) => Encode(string.Join(", ", keywords));

    private static string Encode(string value) => HtmlEncoder.Default.Encode(value);
}
