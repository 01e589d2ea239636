using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using MimeKit;
using NewsMonitor.Alerts.Email;

namespace NewsMonitor.Tests.Alerts.Email;

public sealed class OutboxEmailSenderTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "newsmon-outbox-test-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task SendAsync_Message_WritesAParseableEmlWithRfc8058HeadersAndInlineChart()
    {
        var sut = CreateSut();

        await sut.SendAsync(Message());

        var file = Assert.Single(Directory.GetFiles(_folder, "*.eml"));
        var email = await MimeMessage.LoadAsync(file);
        Assert.Equal("Taliban: 14 articles in the last hour, 5x usual", email.Subject);
        Assert.Equal("alerts@newsmonitor.test", email.From.Mailboxes.Single().Address);
        Assert.Equal("<https://news.example.org/api/unsubscribe?token=abc>", email.Headers["List-Unsubscribe"]);
        Assert.Equal("List-Unsubscribe=One-Click", email.Headers["List-Unsubscribe-Post"]);
        Assert.Equal("plain text", email.TextBody?.Trim());
        Assert.Contains("cid:spike-chart", email.HtmlBody, StringComparison.Ordinal);
        var image = email.BodyParts.OfType<MimePart>().Single(part => part.ContentId == "spike-chart");
        Assert.Equal("image/png", image.ContentType.MimeType);
    }

    [Fact]
    public async Task SendAsync_SameMessageTwice_KeepsOneFile()
    {
        var sut = CreateSut();

        await sut.SendAsync(Message());
        await sut.SendAsync(Message());

        Assert.Single(Directory.GetFiles(_folder));
    }

    public void Dispose()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    private OutboxEmailSender CreateSut()
    {
        var options = Options.Create(new EmailOptions { OutboxPath = _folder, Sender = "alerts@newsmonitor.test" });
        return new OutboxEmailSender(options, new MimeMessageFactory(options, new FakeTimeProvider()));
    }

    private static EmailMessage Message() => new()
    {
        MessageId = "alert.1.sub1@newsmonitor",
        To = "reader@example.com",
        Subject = "Taliban: 14 articles in the last hour, 5x usual",
        TextBody = "plain text",
        HtmlBody = "<p><img src=\"cid:spike-chart\"></p>",
        InlineImages = [new InlineImage("spike-chart", "spike-chart.png", "image/png", new byte[] { 0x89, 0x50, 0x4E, 0x47 })],
        Headers = new Dictionary<string, string>
        {
            ["List-Unsubscribe"] = "<https://news.example.org/api/unsubscribe?token=abc>",
            ["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click",
        },
    };
}
