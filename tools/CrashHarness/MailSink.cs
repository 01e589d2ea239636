using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using MimeKit;
using NewsMonitor.Tests.Support;
using SmtpServer.Mail;
using SmtpServer.Protocol;

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

    /// <summary>MAIL FROM refused (553) for every message: the sender is not allowed, a configuration failure.</summary>
    RejectSender,

    /// <summary>
    /// The harness points newsmon at a TLS setup that fails (STARTTLS required and not offered, or offered with a
    /// certificate newsmon does not trust); every connection while this is set is one injected fault.
    /// </summary>
    Tls,
}

/// <summary>
/// The SMTP server newsmon sends to (<see cref="LoopbackSmtpServer"/>, in-process, loopback): counts every kept
/// message by its Message-ID and injects the configured fault into a seeded share of the messages. Its second endpoint
/// (<see cref="LoopbackSmtpServer.StartTlsPort"/>) offers STARTTLS with a self-signed certificate no client trusts.
/// </summary>
internal sealed class MailSink : LoopbackSmtpServer
{
    public const string RejectedRecipient = "dave@reject.example";

    private readonly Lock _gate = new();
    private Random _random = new(0);

    private MailSink(X509Certificate2 certificate)
        : base(certificate)
    {
    }

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

    public static MailSink Start() => new(SelfSignedCertificate());

    public void Reset(SmtpFault fault, double rate, int seed)
    {
        Received.Clear();
        Messages.Clear();
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

    protected override Task<SmtpResponse?> BeforeKeepAsync(CancellationToken cancellationToken) =>
        Task.FromResult(Roll(SmtpFault.Transient451) ? new SmtpResponse((SmtpReplyCode)451, "4.3.0 Try again later") : null);

    protected override async Task<SmtpResponse> AfterKeepAsync(MimeMessage message, CancellationToken cancellationToken)
    {
        Received.AddOrUpdate(message.MessageId ?? "(none)", 1, (_, count) => count + 1);
        if (Roll(SmtpFault.DropAfterData))
        {
            return new SmtpResponse((SmtpReplyCode)421, "4.3.2 Shutting down");
        }

        if (Roll(SmtpFault.SlowAfterData))
        {
            await Task.Delay(SlowDelay, cancellationToken);
        }

        if (Fault == SmtpFault.KillAfterData && KillSender is { } kill)
        {
            lock (_gate)
            {
                if (_random.NextDouble() >= FaultRate)
                {
                    return SmtpResponse.Ok;
                }
            }

            if (kill())
            {
                Interlocked.Increment(ref Injected);
            }
        }

        return SmtpResponse.Ok;
    }

    protected override async Task<bool> CanAcceptFromAsync(IMailbox from, CancellationToken cancellationToken)
    {
        if (Roll(SmtpFault.SlowBeforeData))
        {
            await Task.Delay(SlowDelay, cancellationToken);
        }

        return !Roll(SmtpFault.RejectSender);
    }

    protected override Task<bool> CanDeliverToAsync(IMailbox to, CancellationToken cancellationToken)
    {
        var rejected = Fault == SmtpFault.Reject550 && string.Equals($"{to.User}@{to.Host}", RejectedRecipient, StringComparison.OrdinalIgnoreCase);
        if (rejected)
        {
            Interlocked.Increment(ref Injected);
        }

        return Task.FromResult(!rejected);
    }

    protected override void OnSessionCreated()
    {
        if (Fault == SmtpFault.Tls)
        {
            Interlocked.Increment(ref Injected);
        }
    }

    /// <summary>A certificate for "localhost" signed by itself: newsmon's TLS validation rejects it, as it should.</summary>
    private static X509Certificate2 SelfSignedCertificate()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        // Through PKCS#12 so the private key is usable by SslStream on every platform.
        return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), null);
    }
}
