using System.Net.Sockets;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;

namespace NewsMonitor.Alerts.Email;

/// <summary>SMTP with MailKit: one connection per email (alerts are few; a pooled connection would outlive its welcome).</summary>
internal sealed class SmtpEmailSender(IOptions<EmailOptions> options, MimeMessageFactory factory) : IEmailSender
{
    public async Task SendAsync(EmailMessage message, CancellationToken cancellationToken = default)
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
        }
        catch (SmtpCommandException exception)
        {
            throw new EmailSendException(
                $"SMTP {(int)exception.StatusCode} {exception.ErrorCode}: {exception.Message}",
                IsPermanent(exception),
                innerException: exception);
        }
        catch (Exception exception) when (exception is SmtpProtocolException or AuthenticationException or IOException
            or SocketException or ServiceNotConnectedException or SslHandshakeException or TimeoutException)
        {
            throw new EmailSendException($"SMTP {exception.GetType().Name}: {exception.Message}", isPermanent: false, innerException: exception);
        }
    }

    /// <summary>
    /// Only a 5xx about this recipient or this message is permanent (RFC 5321 4.2.1). A 5xx for the sender or the
    /// session is our configuration, which must not mark subscribers as bouncing; 4xx is transient by definition.
    /// </summary>
    private static bool IsPermanent(SmtpCommandException exception) =>
        (int)exception.StatusCode >= 500
        && exception.ErrorCode is SmtpErrorCode.RecipientNotAccepted or SmtpErrorCode.MessageNotAccepted;
}
