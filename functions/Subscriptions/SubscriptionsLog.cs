using Microsoft.Extensions.Logging;

namespace NewsMonitor.Subscriptions;

/// <summary>The subscriptions stage's recurring log events. Addresses appear masked only (EmailAddresses.Mask).</summary>
internal static partial class SubscriptionsLog
{
    [LoggerMessage(EventId = 6001, Level = LogLevel.Information, Message = "Subscribe request for {MaskedEmail} ({KeywordCount} keywords)")]
    public static partial void SubscribeRequested(ILogger logger, string maskedEmail, int keywordCount);

    [LoggerMessage(EventId = 6002, Level = LogLevel.Information, Message = "Confirmation for {MaskedEmail} throttled until {NextAllowedAt}")]
    public static partial void ConfirmationThrottled(ILogger logger, string maskedEmail, DateTimeOffset nextAllowedAt);

    [LoggerMessage(EventId = 6003, Level = LogLevel.Information, Message = "Confirmation email sent to {MaskedEmail} (subscriber {SubscriberId})")]
    public static partial void ConfirmationSent(ILogger logger, string maskedEmail, string subscriberId);

    [LoggerMessage(EventId = 6004, Level = LogLevel.Warning, Message = "Confirmation email to {MaskedEmail} failed ({Status}): {Error}")]
    public static partial void ConfirmationFailed(ILogger logger, string maskedEmail, string status, string? error);

    [LoggerMessage(EventId = 6005, Level = LogLevel.Information, Message = "Subscriber {SubscriberId} confirmed")]
    public static partial void Confirmed(ILogger logger, string subscriberId);

    [LoggerMessage(EventId = 6006, Level = LogLevel.Information, Message = "Subscriber {SubscriberId} unsubscribed from {KeywordKey}")]
    public static partial void Unsubscribed(ILogger logger, string subscriberId, string keywordKey);

    [LoggerMessage(EventId = 6007, Level = LogLevel.Information, Message = "Rejected an invalid or expired {Purpose} token")]
    public static partial void InvalidToken(ILogger logger, TokenPurpose purpose);
}
