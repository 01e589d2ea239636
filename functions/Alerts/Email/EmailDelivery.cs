using Microsoft.Extensions.Options;
using Polly;
using Polly.Retry;

namespace NewsMonitor.Alerts.Email;

/// <summary>
/// The outcome of one email after retries. <see cref="OperationId"/> is set when the transport accepted the email and
/// reports its end later (<see cref="EmailDeliveryStatus.Pending"/>); <see cref="RetryAt"/> when sending must wait
/// (<see cref="EmailDeliveryStatus.Throttled"/>).
/// </summary>
internal sealed record EmailDeliveryResult(
    EmailDeliveryStatus Status,
    int Attempts,
    string? Error,
    string? OperationId = null,
    DateTimeOffset? RetryAt = null)
{
    /// <summary>The transport took the email: delivered (SMTP, outbox) or accepted and pending (ACS).</summary>
    public bool Sent => Status is EmailDeliveryStatus.Sent or EmailDeliveryStatus.Pending;
}

internal enum EmailDeliveryStatus
{
    Sent,

    /// <summary>Accepted by the transport (ACS 202); whether it went out is known later (<see cref="EmailDelivery.GetStatusAsync"/>).</summary>
    Pending,

    /// <summary>Not sent: the configured send rate or the service's 429 says wait until <see cref="EmailDeliveryResult.RetryAt"/>.</summary>
    Throttled,

    /// <summary>Rejected for this recipient: the address bounces.</summary>
    PermanentFailure,

    /// <summary>Our setup is wrong; every recipient would fail alike. No subscriber is to blame.</summary>
    ConfigurationError,

    TransientFailure,

    /// <summary>The server may have accepted it (<see cref="EmailSendException.MayHaveBeenDelivered"/>): not retried.</summary>
    Uncertain,
}

/// <summary>
/// Sends through the configured <see cref="IEmailSender"/> at the configured rate (<see cref="EmailRateLimiter"/>)
/// inside the one retry pipeline of the email path: transient failures are retried with back-off (honouring a
/// server's Retry-After); throttling, recipient and configuration failures return at once, and so does a failure
/// after the server had the whole message (<see cref="EmailDeliveryStatus.Uncertain"/>: never retried). Before a retry
/// it asks the transport whether the failed attempt got through after all (ACS: the operation exists), so a lost
/// response does not send twice. Returns a classified result rather than throwing, so a caller can record it per recipient.
/// </summary>
internal sealed class EmailDelivery
{
    private readonly IEmailSender _sender;
    private readonly EmailRateLimiter _rateLimiter;
    private readonly TimeProvider _timeProvider;
    private readonly ResiliencePipeline<EmailSendReceipt> _pipeline;

    public EmailDelivery(IEmailSender sender, EmailRateLimiter rateLimiter, IOptions<EmailOptions> options, TimeProvider timeProvider)
    {
        _sender = sender;
        _rateLimiter = rateLimiter;
        _timeProvider = timeProvider;
        _pipeline = CreatePipeline(options.Value, timeProvider);
    }

    /// <inheritdoc cref="IEmailSender.ResendIsHarmless"/>
    public bool ResendIsHarmless => _sender.ResendIsHarmless;

    public async Task<EmailDeliveryResult> SendAsync(EmailMessage message, CancellationToken cancellationToken = default)
    {
        if (await _rateLimiter.TryAcquireAsync(cancellationToken) is { } retryAt)
        {
            return new EmailDeliveryResult(EmailDeliveryStatus.Throttled, 0, $"send rate reached; next send at {retryAt:u}", RetryAt: retryAt);
        }

        var attempts = 0;
        try
        {
            var receipt = await _pipeline.ExecuteAsync(
                async token =>
                {
                    attempts++;
                    if (attempts > 1 && await _sender.GetStatusAsync(message.OperationId, token) is { State: not EmailOperationState.Unknown })
                    {
                        // The previous attempt reached the service although its response was lost.
                        return new EmailSendReceipt(message.OperationId);
                    }

                    return await _sender.SendAsync(message, token);
                },
                cancellationToken);
            return receipt.IsPending
                ? new EmailDeliveryResult(EmailDeliveryStatus.Pending, attempts, null, receipt.OperationId)
                : new EmailDeliveryResult(EmailDeliveryStatus.Sent, attempts, null);
        }
        catch (EmailSendException exception)
        {
            if (exception.MayHaveBeenDelivered)
            {
                // The server had the whole message: resending could deliver it twice.
                return new EmailDeliveryResult(EmailDeliveryStatus.Uncertain, attempts, exception.Message);
            }

            switch (exception.Kind)
            {
                case EmailFailureKind.Throttled:
                    var until = _timeProvider.GetUtcNow() + (exception.RetryAfter ?? TimeSpan.FromMinutes(1));
                    await _rateLimiter.BlockUntilAsync(until, cancellationToken);
                    return new EmailDeliveryResult(EmailDeliveryStatus.Throttled, attempts, exception.Message, RetryAt: until);
                case EmailFailureKind.Recipient:
                    return new EmailDeliveryResult(EmailDeliveryStatus.PermanentFailure, attempts, exception.Message);
                case EmailFailureKind.Configuration:
                    return new EmailDeliveryResult(EmailDeliveryStatus.ConfigurationError, attempts, exception.Message);
                default:
                    return new EmailDeliveryResult(EmailDeliveryStatus.TransientFailure, attempts, exception.Message);
            }
        }
    }

    /// <summary>The outcome of an accepted email; a failure to ask counts as still running (ask again later).</summary>
    public async Task<EmailOperationStatus> GetStatusAsync(string operationId, CancellationToken cancellationToken = default)
    {
        try
        {
            return await _sender.GetStatusAsync(operationId, cancellationToken);
        }
        catch (EmailSendException exception) when (exception.Kind is EmailFailureKind.Transient or EmailFailureKind.Throttled)
        {
            return new EmailOperationStatus(EmailOperationState.Running, exception.Message, exception.RetryAfter, Answered: false);
        }
    }

    private static ResiliencePipeline<EmailSendReceipt> CreatePipeline(EmailOptions settings, TimeProvider timeProvider)
    {
        var builder = new ResiliencePipelineBuilder<EmailSendReceipt> { TimeProvider = timeProvider };
        if (settings.MaxRetryAttempts > 0)
        {
            builder.AddRetry(new RetryStrategyOptions<EmailSendReceipt>
            {
                ShouldHandle = new PredicateBuilder<EmailSendReceipt>().Handle<EmailSendException>(
                    exception => exception.Kind == EmailFailureKind.Transient && !exception.MayHaveBeenDelivered),
                MaxRetryAttempts = settings.MaxRetryAttempts,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = settings.RetryBaseDelay,
                MaxDelay = settings.MaxRetryDelay,
                DelayGenerator = arguments => ValueTask.FromResult(
                    arguments.Outcome.Exception is EmailSendException { RetryAfter: { } retryAfter }
                        ? (TimeSpan?)(retryAfter < settings.MaxRetryDelay ? retryAfter : settings.MaxRetryDelay)
                        : null),
            });
        }

        return builder.Build();
    }
}
