using System.Net.Sockets;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;

namespace NewsMonitor.Alerts.Email;

/// <summary>SMTP with MailKit: one connection per email (alerts are few; a pooled connection would outlive its welcome).</summary>
internal sealed class SmtpEmailSender(IOptions<EmailOptions> options, MimeMessageFactory factory) : IEmailSender
{
    /// <summary>SMTP gives no handle to ask later: whether an earlier attempt arrived cannot be known.</summary>
    public Task<EmailOperationStatus> GetStatusAsync(string operationId, CancellationToken cancellationToken = default) =>
        Task.FromResult(EmailOperationStatus.Unknown);

    public async Task<EmailSendReceipt> SendAsync(EmailMessage message, CancellationToken cancellationToken = default)
    {
        var settings = options.Value;
        var mime = factory.Create(message);
        using var client = new SmtpClient { Timeout = (int)settings.SendTimeout.TotalMilliseconds };
        try
        {
            await client.ConnectAsync(settings.SmtpHost ?? throw new InvalidOperationException("Email:SmtpHost is not set."), settings.SmtpPort, settings.SmtpSecurity, cancellationToken);
            if (!string.IsNullOrEmpty(settings.SmtpUserName))
            {
                await client.AuthenticateAsync(settings.SmtpUserName, settings.SmtpPassword ?? string.Empty, cancellationToken);
            }

            await client.SendAsync(mime, cancellationToken);
            await client.DisconnectAsync(quit: true, cancellationToken);
            return EmailSendReceipt.Delivered;
        }
        catch (SmtpCommandException exception)
        {
            throw new EmailSendException(
                $"SMTP {(int)exception.StatusCode} {exception.ErrorCode}: {exception.Message}",
                Classify(exception),
                innerException: exception);
        }
        catch (AuthenticationException exception)
        {
            // Wrong user name or password: every email would fail the same way, and no subscriber is at fault.
            throw new EmailSendException($"SMTP authentication failed: {exception.Message}", EmailFailureKind.Configuration, innerException: exception);
        }
        catch (Exception exception) when (exception is SmtpProtocolException or IOException
            or SocketException or ServiceNotConnectedException or SslHandshakeException or TimeoutException)
        {
            throw new EmailSendException($"SMTP {exception.GetType().Name}: {exception.Message}", EmailFailureKind.Transient, innerException: exception);
        }
    }

    /// <summary>
    /// Only a 5xx about this recipient or this message bounces it (RFC 5321 4.2.1). A 5xx for the sender or the
    /// session is our configuration, which must fail loudly rather than mark subscribers as bouncing. 421 (closing the
    /// session) and 452 (too many recipients or messages for now) ask us to slow down; other 4xx are transient.
    /// </summary>
    private static EmailFailureKind Classify(SmtpCommandException exception) => (int)exception.StatusCode switch
    {
        >= 500 when exception.ErrorCode is SmtpErrorCode.RecipientNotAccepted or SmtpErrorCode.MessageNotAccepted => EmailFailureKind.Recipient,
        >= 500 => EmailFailureKind.Configuration,
        421 or 452 => EmailFailureKind.Throttled,
        _ => EmailFailureKind.Transient,
    };
}
