using System.Net.Sockets;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;

namespace NewsMonitor.Alerts.Email;

/// <summary>SMTP with MailKit: one connection per email (alerts are few; a pooled connection would outlive its welcome).</summary>
/// <remarks>
/// SMTP cannot say whether a message was delivered when the connection fails after the server had all of it (DATA
/// accepted, content sent, no final reply or a 421): resending could deliver it twice. Such a failure is reported as
/// <see cref="EmailSendException.MayHaveBeenDelivered"/> and is never retried; the message carries the same
/// Message-ID (per alert and subscriber) on every attempt, so a receiving system can also drop a copy it already has.
/// </remarks>
internal sealed class SmtpEmailSender(IOptions<EmailOptions> options, MimeMessageFactory factory) : IEmailSender
{
    public async Task SendAsync(EmailMessage message, CancellationToken cancellationToken = default)
    {
        var settings = options.Value;
        var mime = factory.Create(message);
        var data = new DataProgress();
        using var client = new SmtpClient { Timeout = (int)settings.SendTimeout.TotalMilliseconds };
        try
        {
            await client.ConnectAsync(settings.SmtpHost ?? throw new InvalidOperationException("Email:SmtpHost is not set."), settings.SmtpPort, settings.SmtpSecurity, cancellationToken);
            if (!string.IsNullOrEmpty(settings.SmtpUserName))
            {
                await client.AuthenticateAsync(settings.SmtpUserName, settings.SmtpPassword ?? string.Empty, cancellationToken);
            }

            await client.SendAsync(mime, cancellationToken, data);
        }
        catch (SmtpCommandException exception) when (data.Started && exception.StatusCode == SmtpStatusCode.ServiceNotAvailable)
        {
            // 421 after the content: the server is closing down and may have queued the message before saying so.
            throw new EmailSendException($"SMTP 421 after the message was sent: {exception.Message}", isPermanent: false, innerException: exception)
            {
                MayHaveBeenDelivered = true,
            };
        }
        catch (SmtpCommandException exception)
        {
            throw new EmailSendException(
                $"SMTP {(int)exception.StatusCode} {exception.ErrorCode}: {exception.Message}",
                IsPermanent(exception),
                innerException: exception);
        }
        catch (Exception exception) when (IsConnectionFailure(exception) && data.Started && !cancellationToken.IsCancellationRequested)
        {
            throw new EmailSendException(
                $"SMTP connection lost after the message was sent ({exception.GetType().Name}: {exception.Message})",
                isPermanent: false,
                innerException: exception)
            {
                MayHaveBeenDelivered = true,
            };
        }
        catch (Exception exception) when (IsConnectionFailure(exception) && exception is not OperationCanceledException)
        {
            throw new EmailSendException($"SMTP {exception.GetType().Name}: {exception.Message}", isPermanent: false, innerException: exception);
        }

        try
        {
            await client.DisconnectAsync(quit: true, cancellationToken);
        }
        catch (Exception exception) when (exception is SmtpCommandException || IsConnectionFailure(exception))
        {
            // The server accepted the message (250): a QUIT that fails changes nothing, and reporting it would resend.
        }
    }

    private static bool IsConnectionFailure(Exception exception) =>
        exception is SmtpProtocolException or AuthenticationException or IOException or SocketException
            or ServiceNotConnectedException or SslHandshakeException or TimeoutException or OperationCanceledException;

    /// <summary>
    /// Only a 5xx about this recipient or this message is permanent (RFC 5321 4.2.1). A 5xx for the sender or the
    /// session is our configuration, which must not mark subscribers as bouncing; 4xx is transient by definition.
    /// </summary>
    private static bool IsPermanent(SmtpCommandException exception) =>
        (int)exception.StatusCode >= 500
        && exception.ErrorCode is SmtpErrorCode.RecipientNotAccepted or SmtpErrorCode.MessageNotAccepted;

    /// <summary>MailKit reports progress only while it writes the message content, i.e. after the server accepted DATA.</summary>
    private sealed class DataProgress : ITransferProgress
    {
        public bool Started { get; private set; }

        public void Report(long bytesTransferred, long totalSize) => Started = true;

        public void Report(long bytesTransferred) => Started = true;
    }
}
