using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using MimeKit;
using SmtpServer;
using SmtpServer.Mail;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace NewsMonitor.Tools.CrashHarness;

/// <summary>What the mail server does wrong, per message (chosen with <see cref="MailSink.FaultRate"/>).</summary>
internal enum SmtpFault
{
    None,

    /// <summary>451 at the end of DATA; the message is not kept (a transient refusal).</summary>
    Transient451,

    /// <summary>550 at RCPT TO for <see cref="MailSink.RejectedRecipient"/>, always (a permanent refusal).</summary>
    Reject550,

    /// <summary>The message is kept, then the server answers 421 and closes (the client cannot know it was kept).</summary>
    DropAfterData,

    /// <summary>The message is kept, then the answer comes after the client's send timeout.</summary>
    SlowAfterData,

    /// <summary>MAIL FROM answered after the client's send timeout: nothing was handed over.</summary>
    SlowBeforeData,

    /// <summary>The message is kept, then newsmon is SIGKILLed before it reads the 250: the accept-before-ledger window.</summary>
    KillAfterData,
}

/// <summary>
/// The SMTP server newsmon sends to (SmtpServer package, in-process, loopback): counts every kept message by its
/// Message-ID and injects the configured fault into a seeded share of the messages.
/// </summary>
internal sealed class MailSink : IAsyncDisposable
{
    public const string RejectedRecipient = "dave@reject.example";

    private readonly CancellationTokenSource _stop = new();
    private readonly Task _running;
    private readonly Lock _gate = new();
    private Random _random = new(0);

    private MailSink(int port)
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

    /// <summary>Kept messages by Message-ID (a second copy of one id is a duplicate email).</summary>
    public ConcurrentDictionary<string, int> Received { get; } = new(StringComparer.Ordinal);

    public SmtpFault Fault { get; private set; }

    public double FaultRate { get; private set; }

    /// <summary>How long a slow answer takes (longer than newsmon's Email:SendTimeout).</summary>
    public TimeSpan SlowDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Faults actually injected since the last <see cref="Reset"/>.</summary>
    public int Injected;

    /// <summary>Called for <see cref="SmtpFault.KillAfterData"/>: kills the sending newsmon; false when none was running.</summary>
    public Func<bool>? KillSender { get; set; }

    public static MailSink Start()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return new MailSink(port);
    }

    public void Reset(SmtpFault fault, double rate, int seed)
    {
        Received.Clear();
        Fault = fault;
        FaultRate = rate;
        Injected = 0;
        lock (_gate)
        {
            _random = new Random(seed);
        }
    }

    /// <summary>Changes the fault for the next messages, keeping what was received.</summary>
    public void SetFault(SmtpFault fault, double rate)
    {
        Fault = fault;
        FaultRate = rate;
    }

    private bool Roll(SmtpFault fault)
    {
        if (Fault != fault)
        {
            return false;
        }

        lock (_gate)
        {
            if (_random.NextDouble() >= FaultRate)
            {
                return false;
            }
        }

        Interlocked.Increment(ref Injected);
        return true;
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

    private sealed class Store(MailSink sink) : MessageStore
    {
        public override async Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
        {
            if (sink.Roll(SmtpFault.Transient451))
            {
                return new SmtpResponse((SmtpReplyCode)451, "4.3.0 Try again later");
            }

            using var stream = new MemoryStream(buffer.ToArray());
            var message = await MimeMessage.LoadAsync(stream, cancellationToken);
            sink.Received.AddOrUpdate(message.MessageId ?? "(none)", 1, (_, count) => count + 1);
            if (sink.Roll(SmtpFault.DropAfterData))
            {
                return new SmtpResponse((SmtpReplyCode)421, "4.3.2 Shutting down");
            }

            if (sink.Roll(SmtpFault.SlowAfterData))
            {
                await Task.Delay(sink.SlowDelay, cancellationToken);
            }

            if (sink.Fault == SmtpFault.KillAfterData && sink.KillSender is { } kill)
            {
                lock (sink._gate)
                {
                    if (sink._random.NextDouble() >= sink.FaultRate)
                    {
                        return SmtpResponse.Ok;
                    }
                }

                if (kill())
                {
                    Interlocked.Increment(ref sink.Injected);
                }
            }

            return SmtpResponse.Ok;
        }
    }

    private sealed class Filter(MailSink sink) : IMailboxFilter
    {
        public async Task<bool> CanAcceptFromAsync(ISessionContext context, IMailbox from, int size, CancellationToken cancellationToken)
        {
            if (sink.Roll(SmtpFault.SlowBeforeData))
            {
                await Task.Delay(sink.SlowDelay, cancellationToken);
            }

            return true;
        }

        public Task<bool> CanDeliverToAsync(ISessionContext context, IMailbox to, IMailbox from, CancellationToken cancellationToken)
        {
            var rejected = sink.Fault == SmtpFault.Reject550 && string.Equals($"{to.User}@{to.Host}", RejectedRecipient, StringComparison.OrdinalIgnoreCase);
            if (rejected)
            {
                Interlocked.Increment(ref sink.Injected);
            }

            return Task.FromResult(!rejected);
        }
    }
}
