namespace NewsMonitor.Alerts.Email;

/// <summary>
/// Sends one email over one transport, once: no retry inside. Failures surface as <see cref="EmailSendException"/>,
/// classified transient or permanent, so <see cref="EmailDelivery"/> can retry the one and record the other.
/// </summary>
internal interface IEmailSender
{
    Task SendAsync(EmailMessage message, CancellationToken cancellationToken = default);
}

/// <summary>
/// A classified send failure. Permanent means this recipient or this message will never be accepted (SMTP 550,
/// ACS 400 invalid recipient); anything that might work later (4xx, network, throttling, 5xx from a service, our own
/// configuration) is transient so that a broken setup never marks subscribers as bouncing.
/// </summary>
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

    public EmailSendException(string message, bool isPermanent, TimeSpan? retryAfter = null, Exception? innerException = null)
        : base(message, innerException)
    {
        IsPermanent = isPermanent;
        RetryAfter = retryAfter;
    }

    public bool IsPermanent { get; }

    /// <summary>
    /// The failure came after the server had the whole message (SMTP: DATA accepted and the content sent, then the
    /// connection dropped, timed out or answered 421): it may have been delivered. Never retried, so never sent twice.
    /// </summary>
    public bool MayHaveBeenDelivered { get; init; }

    /// <summary>The server's hint (ACS <c>Retry-After</c>) for the next attempt, when it gave one.</summary>
    public TimeSpan? RetryAfter { get; }
}
