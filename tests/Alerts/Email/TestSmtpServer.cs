using System.Collections.Concurrent;
using MimeKit;
using NewsMonitor.Tests.Support;
using SmtpServer.Mail;
using SmtpServer.Protocol;

namespace NewsMonitor.Tests.Alerts.Email;

/// <summary>
/// The tests' SMTP server (<see cref="LoopbackSmtpServer"/> on a free loopback port). Keeps every accepted message;
/// can refuse a recipient for good (550) or refuse the next N messages transiently (451).
/// </summary>
internal sealed class TestSmtpServer : LoopbackSmtpServer
{
    private int _transientRefusals;
    private int _acceptThen421;
    private int _acceptThenHang;

    private TestSmtpServer()
    {
    }

    /// <summary>Recipients answered with 550 at RCPT TO.</summary>
    public ConcurrentDictionary<string, bool> RejectedRecipients { get; } = new(StringComparer.OrdinalIgnoreCase);

    public int Attempts;

    public static TestSmtpServer Start() => new();

    /// <summary>The next <paramref name="count"/> messages get "451 try again later" at the end of DATA.</summary>
    public void RefuseNext(int count) => Interlocked.Exchange(ref _transientRefusals, count);

    /// <summary>The next <paramref name="count"/> messages are kept, then answered "421 closing" (the server went down after queueing them).</summary>
    public void AcceptThenReply421Next(int count) => Interlocked.Exchange(ref _acceptThen421, count);

    /// <summary>The next <paramref name="count"/> messages are kept, then never answered (the connection is lost for the client).</summary>
    public void AcceptThenHangNext(int count) => Interlocked.Exchange(ref _acceptThenHang, count);

    public IReadOnlyList<MimeMessage> To(string address) =>
        Messages.Where(message => message.To.Mailboxes.Any(mailbox => string.Equals(mailbox.Address, address, StringComparison.OrdinalIgnoreCase))).ToList();

    protected override Task<SmtpResponse?> BeforeKeepAsync(CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref Attempts);
        return Task.FromResult(Interlocked.Decrement(ref _transientRefusals) >= 0
            ? new SmtpResponse((SmtpReplyCode)451, "4.3.0 Try again later")
            : null);
    }

    protected override async Task<SmtpResponse> AfterKeepAsync(MimeMessage message, CancellationToken cancellationToken)
    {
        if (Interlocked.Decrement(ref _acceptThen421) >= 0)
        {
            return new SmtpResponse((SmtpReplyCode)421, "4.3.2 Shutting down");
        }

        if (Interlocked.Decrement(ref _acceptThenHang) >= 0)
        {
            await Task.Delay(Timeout.Infinite, Stopping);
        }

        return SmtpResponse.Ok;
    }

    protected override Task<bool> CanDeliverToAsync(IMailbox to, CancellationToken cancellationToken) =>
        Task.FromResult(!RejectedRecipients.ContainsKey($"{to.User}@{to.Host}"));
}
