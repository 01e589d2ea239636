using Microsoft.Extensions.Logging;

namespace NewsMonitor.Alerts;

/// <summary>The alerts stage's recurring log events. Subscribers appear by id, never by address.</summary>
internal static partial class AlertsLog
{
    [LoggerMessage(EventId = 5001, Level = LogLevel.Information, Message = "Alert {AlertId} for {Keyword}: {SubscriberCount} confirmed subscribers")]
    public static partial void Dispatching(ILogger logger, string alertId, string keyword, int subscriberCount);

    [LoggerMessage(EventId = 5002, Level = LogLevel.Information, Message = "Alert {AlertId} sent to subscriber {SubscriberId} after {Attempts} attempts")]
    public static partial void Sent(ILogger logger, string alertId, string subscriberId, int attempts);

    [LoggerMessage(EventId = 5003, Level = LogLevel.Information, Message = "Alert {AlertId} skipped for subscriber {SubscriberId}: {Reason}")]
    public static partial void Skipped(ILogger logger, string alertId, string subscriberId, string reason);

    [LoggerMessage(EventId = 5004, Level = LogLevel.Warning, Message = "Alert {AlertId} to subscriber {SubscriberId} rejected permanently: {Error}")]
    public static partial void Rejected(ILogger logger, string alertId, string subscriberId, string? error);

    [LoggerMessage(EventId = 5005, Level = LogLevel.Warning, Message = "Alert {AlertId} to subscriber {SubscriberId} failed transiently after {Attempts} attempts: {Error}")]
    public static partial void TransientFailure(ILogger logger, string alertId, string subscriberId, int attempts, string? error);

    [LoggerMessage(EventId = 5006, Level = LogLevel.Warning, Message = "Alert {AlertId} to subscriber {SubscriberId} may or may not have been delivered; recorded as uncertain, not resent: {Error}")]
    public static partial void Uncertain(ILogger logger, string alertId, string subscriberId, string? error);

    [LoggerMessage(EventId = 5007, Level = LogLevel.Error, Message = "Alert {AlertId} to subscriber {SubscriberId} recorded as failed: the last delivery attempt still failed transiently: {Error}")]
    public static partial void GaveUp(ILogger logger, string alertId, string subscriberId, string? error);

    [LoggerMessage(EventId = 5008, Level = LogLevel.Information, Message = "Alert {AlertId} to subscriber {SubscriberId} is being sent by another worker")]
    public static partial void Busy(ILogger logger, string alertId, string subscriberId);

    [LoggerMessage(EventId = 5009, Level = LogLevel.Warning, Message = "Article blob {BlobName} of alert {AlertId} is missing or unreadable")]
    public static partial void ArticleMissing(ILogger logger, string alertId, string blobName);

    [LoggerMessage(EventId = 5010, Level = LogLevel.Information, Message = "Requeued poison message {MessageId} to {Queue}")]
    public static partial void Requeued(ILogger logger, string messageId, string queue);

    [LoggerMessage(EventId = 5011, Level = LogLevel.Information, Message = "Digest {DigestId}: {SubscriberCount} confirmed daily subscribers")]
    public static partial void DigestStarting(ILogger logger, string digestId, int subscriberCount);

    [LoggerMessage(EventId = 5012, Level = LogLevel.Information, Message = "Digest {DigestId} done: {Sent} sent, {AlreadyDone} already done, {NothingToSend} without spikes, {Failed} rejected, {Retrying} to retry")]
    public static partial void DigestDone(ILogger logger, string digestId, int sent, int alreadyDone, int nothingToSend, int failed, int retrying);

    [LoggerMessage(EventId = 5013, Level = LogLevel.Information, Message = "Alert {AlertId} to subscriber {SubscriberId} accepted by the service as operation {OperationId}; confirmed later")]
    public static partial void Accepted(ILogger logger, string alertId, string subscriberId, string? operationId);

    [LoggerMessage(EventId = 5014, Level = LogLevel.Information, Message = "Alert {AlertId} to subscriber {SubscriberId} confirmed sent (operation {OperationId})")]
    public static partial void Confirmed(ILogger logger, string alertId, string subscriberId, string operationId);

    [LoggerMessage(EventId = 5015, Level = LogLevel.Warning, Message = "Alert {AlertId} to subscriber {SubscriberId}: {Note}")]
    public static partial void Unconfirmed(ILogger logger, string alertId, string subscriberId, string note);

    [LoggerMessage(EventId = 5016, Level = LogLevel.Information, Message = "Alert {AlertId} to subscriber {SubscriberId} deferred until {NotBefore}: {Reason}")]
    public static partial void Deferred(ILogger logger, string alertId, string subscriberId, DateTimeOffset notBefore, string? reason);

    [LoggerMessage(EventId = 5017, Level = LogLevel.Information, Message = "Alert {AlertId}: {Deferred} deliveries deferred and {Pending} awaiting confirmation; continuing at {ContinueAt}")]
    public static partial void Continuing(ILogger logger, string alertId, int deferred, int pending, DateTimeOffset continueAt);

    [LoggerMessage(EventId = 5018, Level = LogLevel.Warning, Message = "Alert {AlertId} to subscriber {SubscriberId}: sending again after {Attempts} failed attempts; the transport cannot tell whether an earlier one arrived")]
    public static partial void Resending(ILogger logger, string alertId, string subscriberId, int attempts);

    [LoggerMessage(EventId = 5019, Level = LogLevel.Error, Message = "Alert {AlertId}: email is misconfigured, nobody marked bouncing: {Error}")]
    public static partial void ConfigurationError(ILogger logger, string alertId, string? error);
}
