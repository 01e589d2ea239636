namespace NewsMonitor.Alerts;

/// <summary>
/// Thrown after every recipient of an alert has been tried when some could not be reached yet, so the queue
/// redelivers the message (and after five tries moves it to <c>alerts-poison</c>). The ledger makes the next try
/// send only to those still owed an email.
/// </summary>
internal sealed class AlertDeliveryException : Exception
{
    public AlertDeliveryException()
    {
    }

    public AlertDeliveryException(string message)
        : base(message)
    {
    }

    public AlertDeliveryException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>
    /// When every delivery still owed is claimed by another worker: how long until the last of those claims expires
    /// (a redelivery before then can only find them busy again). Null when a retry may succeed at once.
    /// </summary>
    public TimeSpan? RetryAfter { get; init; }
}
