namespace NewsMonitor.Alerts.Email;

/// <summary>
/// Sends one email over one transport, once: no retry inside. Failures surface as <see cref="EmailSendException"/>,
/// classified, so <see cref="EmailDelivery"/> can retry the transient ones and record the others.
/// </summary>
internal interface IEmailSender
{
    /// <summary>
    /// Hands the email to the transport. SMTP and the outbox have delivered it on return; Communication Services has
    /// only accepted it (202) and says how it ended later, through <see cref="GetStatusAsync"/>.
    /// </summary>
    Task<EmailSendReceipt> SendAsync(EmailMessage message, CancellationToken cancellationToken = default);

    /// <summary>
    /// What became of the send with this <see cref="EmailMessage.OperationId"/>; <see cref="EmailOperationState.Unknown"/>
    /// when the transport never saw it or cannot tell (SMTP, outbox).
    /// </summary>
    Task<EmailOperationStatus> GetStatusAsync(string operationId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Whether sending the same <see cref="EmailMessage"/> again can never deliver a second copy: true for
    /// Communication Services (it deduplicates by <c>Operation-Id</c>) and the outbox (the same file is rewritten);
    /// false for SMTP, where a worker that stopped while handing a message over leaves it unknown whether it arrived.
    /// </summary>
    bool ResendIsHarmless => true;
}

/// <summary>What the transport said on accepting an email: <see cref="OperationId"/> is set while its outcome is pending.</summary>
internal sealed record EmailSendReceipt(string? OperationId)
{
    public static EmailSendReceipt Delivered { get; } = new((string?)null);

    public bool IsPending => OperationId is not null;
}

internal enum EmailOperationState
{
    /// <summary>The transport does not know this operation (never received) or cannot be asked.</summary>
    Unknown,

    /// <summary>Accepted, not finished (ACS NotStarted or Running).</summary>
    Running,

    Succeeded,

    /// <summary>Finished without sending (ACS Failed or Canceled): the message was rejected.</summary>
    Failed,
}

/// <summary>
/// An operation's state as the transport reported it. <see cref="Answered"/> is false when the transport could not be
/// asked just now (then <see cref="State"/> is <see cref="EmailOperationState.Running"/>: nothing is known yet).
/// </summary>
internal sealed record EmailOperationStatus(EmailOperationState State, string? Error = null, TimeSpan? RetryAfter = null, bool Answered = true)
{
    public static EmailOperationStatus Unknown { get; } = new(EmailOperationState.Unknown);
}

/// <summary>Why a send failed, which decides what the caller does next.</summary>
internal enum EmailFailureKind
{
    /// <summary>Network, timeout, 5xx, 408: worth another try soon.</summary>
    Transient,

    /// <summary>The transport's send rate is exhausted (429): try again after <see cref="EmailSendException.RetryAfter"/>, without counting it as a failure.</summary>
    Throttled,

    /// <summary>This recipient or this message will never be accepted (SMTP 550 for the recipient, ACS invalid recipient): the address bounces.</summary>
    Recipient,

    /// <summary>
    /// Our setup is wrong (sender not on a linked domain, identity without a role, endpoint unknown): no recipient is
    /// to blame and no retry soon will help; it must fail loudly instead of marking every subscriber bouncing.
    /// </summary>
    Configuration,
}

/// <summary>A classified send failure.</summary>
internal sealed class EmailSendException : Exception
{
    public EmailSendException()
    {
    }

    public EmailSendException(string message)
        : base(message)
    {
    }

    public EmailSendException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public EmailSendException(string message, EmailFailureKind kind, TimeSpan? retryAfter = null, Exception? innerException = null)
        : base(message, innerException)
    {
        Kind = kind;
        RetryAfter = retryAfter;
    }

    public EmailFailureKind Kind { get; }

    /// <summary>
    /// The failure came after the server had the whole message (SMTP: DATA accepted and the content sent, then the
    /// connection dropped, timed out or answered 421): it may have been delivered. Never retried, so never sent twice.
    /// </summary>
    public bool MayHaveBeenDelivered { get; init; }

    /// <summary>The server's hint (ACS <c>Retry-After</c>) for the next attempt, when it gave one.</summary>
    public TimeSpan? RetryAfter { get; }
}
