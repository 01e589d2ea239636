using Microsoft.Extensions.Options;
using MimeKit;

namespace NewsMonitor.Alerts.Email;

/// <summary>Builds the MIME form of an <see cref="EmailMessage"/> for the SMTP and outbox transports.</summary>
internal sealed class MimeMessageFactory(IOptions<EmailOptions> options, TimeProvider timeProvider)
{
    public MimeMessage Create(EmailMessage message)
    {
        var settings = options.Value;
        var mime = new MimeMessage
        {
            Subject = message.Subject,
            Date = timeProvider.GetUtcNow(),
            MessageId = message.MessageId,
        };
        mime.From.Add(new MailboxAddress(settings.SenderName, settings.Sender));
        mime.To.Add(new MailboxAddress(message.ToName ?? string.Empty, message.To));

        var body = new BodyBuilder { TextBody = message.TextBody, HtmlBody = message.HtmlBody };
        foreach (var image in message.InlineImages)
        {
            var resource = body.LinkedResources.Add(image.FileName, image.Content.ToArray(), ContentType.Parse(image.ContentType));
            resource.ContentId = image.ContentId;
        }

        mime.Body = body.ToMessageBody();
        foreach (var (name, value) in message.Headers)
        {
            mime.Headers.Add(name, value);
        }

        return mime;
    }
}
