using Microsoft.Extensions.Options;
using Polly;
using Polly.Retry;

namespace NewsMonitor.Alerts.Email;

/// <summary>The outcome of one email after retries: sent, rejected for good, or still failing transiently.</summary>
internal sealed record EmailDeliveryResult(EmailDeliveryStatus Status, int Attempts, string? Error)
{
    public bool Sent => Status == EmailDeliveryStatus.Sent;
}

internal enum EmailDeliveryStatus
{
    Sent,
    PermanentFailure,
    TransientFailure,

    /// <summary>The server may have accepted it (<see cref="EmailSendException.MayHaveBeenDelivered"/>): not retried.</summary>
    Uncertain,
}

/// <summary>
/// Sends through the configured <see cref="IEmailSender"/> inside the one retry pipeline of the email path
/// (docs/conventions.md 10): transient failures are retried with back-off (honouring a server's Retry-After), permanent ones
/// return at once. Returns a classified result rather than throwing, so a caller can record it per recipient.
/// </summary>
internal sealed class EmailDelivery
{
    private readonly IEmailSender _sender;
    private readonly ResiliencePipeline _pipeline;

    public EmailDelivery(IEmailSender sender, IOptions<EmailOptions> options, TimeProvider timeProvider)
    {
        _sender = sender;
        _pipeline = CreatePipeline(options.Value, timeProvider);
    }

    public async Task<EmailDeliveryResult> SendAsync(EmailMessage message, CancellationToken cancellationToken = default)
    {
        var attempts = 0;
        try
        {
            await _pipeline.ExecuteAsync(
                async token =>
                {
                    attempts++;
                    await _sender.SendAsync(message, token);
                },
                cancellationToken);
            return new EmailDeliveryResult(EmailDeliveryStatus.Sent, attempts, null);
        }
        catch (EmailSendException exception)
        {
            return new EmailDeliveryResult(
                exception.MayHaveBeenDelivered ? EmailDeliveryStatus.Uncertain
                    : exception.IsPermanent ? EmailDeliveryStatus.PermanentFailure : EmailDeliveryStatus.TransientFailure,
                attempts,
                exception.Message);
        }
    }

    private static ResiliencePipeline CreatePipeline(EmailOptions settings, TimeProvider timeProvider)
    {
        var builder = new ResiliencePipelineBuilder { TimeProvider = timeProvider };
        if (settings.MaxRetryAttempts > 0)
        {
            builder.AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = new PredicateBuilder().Handle<EmailSendException>(exception => !exception.IsPermanent && !exception.MayHaveBeenDelivered),
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
