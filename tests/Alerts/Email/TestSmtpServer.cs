using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using MimeKit;
using SmtpServer;
using SmtpServer.Mail;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace NewsMonitor.Tests.Alerts.Email;

/// <summary>
/// An in-process SMTP server (SmtpServer package) on a free loopback port. Keeps every accepted message; can refuse
/// a recipient for good (550) or refuse the next N messages transiently (451).
/// </summary>
internal sealed class TestSmtpServer : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _running;
    private int _transientRefusals;
    private int _acceptThen421;
    private int _acceptThenHang;

    private TestSmtpServer(int port)
    {
        Port = port;
        var options = new SmtpServerOptionsBuilder()
            .ServerName("localhost")
            .Endpoint(endpoint => endpoint.Endpoint(new IPEndPoint(IPAddress.Loopback, port)))
            .Build();
        var services = new SmtpServer.ComponentModel.ServiceProvider();
        services.Add(new Store(this));
        services.Add(new Filter(this));
        _running = new SmtpServer.SmtpServer(options, services).StartAsync(_stop.Token);
    }

    public int Port { get; }

    public ConcurrentQueue<MimeMessage> Messages { get; } = new();

    /// <summary>Recipients answered with 550 at RCPT TO.</summary>
    public ConcurrentDictionary<string, bool> RejectedRecipients { get; } = new(StringComparer.OrdinalIgnoreCase);

    public int Attempts;

    public static TestSmtpServer Start()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return new TestSmtpServer(port);
    }

    /// <summary>The next <paramref name="count"/> messages get "451 try again later" at the end of DATA.</summary>
    public void RefuseNext(int count) => Interlocked.Exchange(ref _transientRefusals, count);

    /// <summary>The next <paramref name="count"/> messages are kept, then answered "421 closing" (the server went down after queueing them).</summary>
    public void AcceptThenReply421Next(int count) => Interlocked.Exchange(ref _acceptThen421, count);

    /// <summary>The next <paramref name="count"/> messages are kept, then never answered (the connection is lost for the client).</summary>
    public void AcceptThenHangNext(int count) => Interlocked.Exchange(ref _acceptThenHang, count);

    public IReadOnlyList<MimeMessage> To(string address) =>
        Messages.Where(message => message.To.Mailboxes.Any(mailbox => string.Equals(mailbox.Address, address, StringComparison.OrdinalIgnoreCase))).ToList();

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _running;
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
    }

    private sealed class Store(TestSmtpServer server) : MessageStore
    {
        public override async Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref server.Attempts);
            if (Interlocked.Decrement(ref server._transientRefusals) >= 0)
            {
                return new SmtpResponse((SmtpReplyCode)451, "4.3.0 Try again later");
            }

            using var stream = new MemoryStream(buffer.ToArray());
            server.Messages.Enqueue(MimeMessage.Load(stream, cancellationToken));
            if (Interlocked.Decrement(ref server._acceptThen421) >= 0)
            {
                return new SmtpResponse((SmtpReplyCode)421, "4.3.2 Shutting down");
            }

            if (Interlocked.Decrement(ref server._acceptThenHang) >= 0)
            {
                await Task.Delay(Timeout.Infinite, server._stop.Token);
            }

            return SmtpResponse.Ok;
        }
    }

    private sealed class Filter(TestSmtpServer server) : IMailboxFilter
    {
        public Task<bool> CanAcceptFromAsync(ISessionContext context, IMailbox from, int size, CancellationToken cancellationToken) =>
            Task.FromResult(true);

        public Task<bool> CanDeliverToAsync(ISessionContext context, IMailbox to, IMailbox from, CancellationToken cancellationToken) =>
            Task.FromResult(!server.RejectedRecipients.ContainsKey($"{to.User}@{to.Host}"));
    }
}
