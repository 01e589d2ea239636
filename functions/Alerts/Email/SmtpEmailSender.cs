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
    /// <summary>SMTP gives no handle to ask later: whether an earlier attempt arrived cannot be known.</summary>
    public Task<EmailOperationStatus> GetStatusAsync(string operationId, CancellationToken cancellationToken = default) =>
        Task.FromResult(EmailOperationStatus.Unknown);

    /// <summary>A message the server may already hold would arrive twice.</summary>
    public bool ResendIsHarmless => false;

    public async Task<EmailSendReceipt> SendAsync(EmailMessage message, CancellationToken cancellationToken = default)
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
            throw new EmailSendException($"SMTP 421 after the message was sent: {exception.Message}", EmailFailureKind.Transient, innerException: exception)
            {
                MayHaveBeenDelivered = true,
            };
        }
        catch (SmtpCommandException exception)
        {
            throw new EmailSendException(
                $"SMTP {(int)exception.StatusCode} {exception.ErrorCode}: {exception.Message}",
                Classify(exception),
                innerException: exception);
        }
        catch (NotSupportedException exception) when (!data.Started && settings.SmtpSecurity == SecureSocketOptions.StartTls)
        {
            // Settings require STARTTLS and the server did not offer it (misconfigured, or stripped on the way): nothing
            // was handed over, and a later attempt may find it offered again; no recipient is at fault.
            throw new EmailSendException($"SMTP TLS failed: {exception.Message}", EmailFailureKind.Transient, innerException: exception);
        }
        catch (SslHandshakeException exception) when (!data.Started)
        {
            // The handshake failed (a certificate not trusted, expired or for another name): nothing was handed over.
            throw new EmailSendException($"SMTP TLS failed: {exception.Message}", EmailFailureKind.Transient, innerException: exception);
        }
        catch (AuthenticationException exception)
        {
            // Wrong user name or password: every email would fail the same way, and no subscriber is at fault.
            throw new EmailSendException($"SMTP authentication failed: {exception.Message}", EmailFailureKind.Configuration, innerException: exception);
        }
        catch (Exception exception) when (IsConnectionFailure(exception) && data.Started && !cancellationToken.IsCancellationRequested)
        {
            throw new EmailSendException(
                $"SMTP connection lost after the message was sent ({exception.GetType().Name}: {exception.Message})",
                EmailFailureKind.Transient,
                innerException: exception)
            {
                MayHaveBeenDelivered = true,
            };
        }
        catch (Exception exception) when (IsConnectionFailure(exception) && exception is not OperationCanceledException)
        {
            throw new EmailSendException($"SMTP {exception.GetType().Name}: {exception.Message}", EmailFailureKind.Transient, innerException: exception);
        }

        try
        {
            await client.DisconnectAsync(quit: true, cancellationToken);
        }
        catch (Exception exception) when (exception is SmtpCommandException || IsConnectionFailure(exception))
        {
            // The server accepted the message (250): a QUIT that fails changes nothing, and reporting it would resend.
        }

        return EmailSendReceipt.Delivered;
    }

    private static bool IsConnectionFailure(Exception exception) =>
        exception is SmtpProtocolException or IOException or SocketException
            or ServiceNotConnectedException or SslHandshakeException or TimeoutException or OperationCanceledException;

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

    /// <summary>MailKit reports progress only while it writes the message content, i.e. after the server accepted DATA.</summary>
    private sealed class DataProgress : ITransferProgress
    {
        public bool Started { get; private set; }

        public void Report(long bytesTransferred, long totalSize) => Started = true;

        public void Report(long bytesTransferred) => Started = true;
    }
}
