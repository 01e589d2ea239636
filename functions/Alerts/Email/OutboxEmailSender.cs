using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace NewsMonitor.Alerts.Email;

/// <summary>
/// The offline transport: writes each email as an .eml file (RFC 5322, what a mail client opens). The file name
/// derives from the stable message id, so sending the same email again rewrites the same file.
/// </summary>
internal sealed class OutboxEmailSender(IOptions<EmailOptions> options, MimeMessageFactory factory) : IEmailSender
{
    /// <summary>The file is written or not; there is nothing pending to ask about.</summary>
    public Task<EmailOperationStatus> GetStatusAsync(string operationId, CancellationToken cancellationToken = default) =>
        Task.FromResult(EmailOperationStatus.Unknown);

    public async Task<EmailSendReceipt> SendAsync(EmailMessage message, CancellationToken cancellationToken = default)
    {
        var folder = Path.GetFullPath(options.Value.OutboxPath);
        try
        {
            Directory.CreateDirectory(folder);
            var path = Path.Combine(folder, FileName(message));
            var mime = factory.Create(message);
            var temporary = path + ".tmp";
            await mime.WriteToAsync(temporary, cancellationToken);
            File.Move(temporary, path, overwrite: true);
            return EmailSendReceipt.Delivered;
        }
        catch (IOException exception)
        {
            throw new EmailSendException($"Could not write to the outbox '{folder}': {exception.Message}", EmailFailureKind.Transient, innerException: exception);
        }
        catch (UnauthorizedAccessException exception)
        {
            throw new EmailSendException($"Could not write to the outbox '{folder}': {exception.Message}", EmailFailureKind.Transient, innerException: exception);
        }
    }

    public static string FileName(EmailMessage message)
    {
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(message.MessageId)))[..16];
        return $"{hash}.eml";
    }
}
