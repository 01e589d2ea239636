using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using MimeKit;
using SmtpServer;
using SmtpServer.Mail;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace NewsMonitor.Tests.Support;

/// <summary>
/// An in-process SMTP server (SmtpServer package) on free loopback ports: starts and stops it and keeps every message
/// it accepts. What it answers is the subclass's: the tests' <c>TestSmtpServer</c> and the crash harness's
/// <c>MailSink</c> each add their own fault rules through the hooks. This one file is compiled into both projects
/// (tools/CrashHarness links it), so the server plumbing exists once.
/// </summary>
internal abstract class LoopbackSmtpServer : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _running;

    /// <param name="startTlsCertificate">When set, a second endpoint (<see cref="StartTlsPort"/>) advertises STARTTLS
    /// with this certificate (a client that does not trust it fails the handshake).</param>
    protected LoopbackSmtpServer(X509Certificate2? startTlsCertificate = null)
    {
        Port = FreePort();
        var options = new SmtpServerOptionsBuilder()
            .ServerName("localhost")
            .Endpoint(endpoint => endpoint.Endpoint(new IPEndPoint(IPAddress.Loopback, Port)));
        if (startTlsCertificate is not null)
        {
            StartTlsPort = FreePort();
            options = options.Endpoint(endpoint => endpoint
                .Endpoint(new IPEndPoint(IPAddress.Loopback, StartTlsPort))
                .Certificate(startTlsCertificate)
                .AllowUnsecureAuthentication());
        }

        var services = new SmtpServer.ComponentModel.ServiceProvider();
        services.Add(new Store(this));
        services.Add(new Filter(this));
        var server = new SmtpServer.SmtpServer(options.Build(), services);
        server.SessionCreated += (_, _) => OnSessionCreated();
        _running = server.StartAsync(_stop.Token);
    }

    /// <summary>The plain endpoint (no STARTTLS offered).</summary>
    public int Port { get; }

    /// <summary>The endpoint that offers STARTTLS; 0 when no certificate was given.</summary>
    public int StartTlsPort { get; }

    /// <summary>Every message kept, in order.</summary>
    public ConcurrentQueue<MimeMessage> Messages { get; } = new();

    /// <summary>Cancelled when the server stops (for a hook that waits forever).</summary>
    protected CancellationToken Stopping => _stop.Token;

    /// <summary>At the end of DATA, before the message is kept: a response refuses it; null keeps it.</summary>
    protected virtual Task<SmtpResponse?> BeforeKeepAsync(CancellationToken cancellationToken) => Task.FromResult<SmtpResponse?>(null);

    /// <summary>After the message is kept: the answer the client gets (or none, if this never returns).</summary>
    protected virtual Task<SmtpResponse> AfterKeepAsync(MimeMessage message, CancellationToken cancellationToken) => Task.FromResult(SmtpResponse.Ok);

    /// <summary>MAIL FROM: false answers 553.</summary>
    protected virtual Task<bool> CanAcceptFromAsync(IMailbox from, CancellationToken cancellationToken) => Task.FromResult(true);

    /// <summary>RCPT TO: false answers 550.</summary>
    protected virtual Task<bool> CanDeliverToAsync(IMailbox to, CancellationToken cancellationToken) => Task.FromResult(true);

    /// <summary>A client connected (on either endpoint).</summary>
    protected virtual void OnSessionCreated()
    {
    }

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

    /// <summary>A free port now; the server binds it a moment later (nothing else on loopback races it here).</summary>
    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return port;
    }

    private sealed class Store(LoopbackSmtpServer server) : MessageStore
    {
        public override async Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
        {
            if (await server.BeforeKeepAsync(cancellationToken) is { } refusal)
            {
                return refusal;
            }

            using var stream = new MemoryStream(buffer.ToArray());
            var message = await MimeMessage.LoadAsync(stream, cancellationToken);
            server.Messages.Enqueue(message);
            return await server.AfterKeepAsync(message, cancellationToken);
        }
    }

    private sealed class Filter(LoopbackSmtpServer server) : IMailboxFilter
    {
        public Task<bool> CanAcceptFromAsync(ISessionContext context, IMailbox from, int size, CancellationToken cancellationToken) =>
            server.CanAcceptFromAsync(from, cancellationToken);

        public Task<bool> CanDeliverToAsync(ISessionContext context, IMailbox to, IMailbox from, CancellationToken cancellationToken) =>
            server.CanDeliverToAsync(to, cancellationToken);
    }
}
