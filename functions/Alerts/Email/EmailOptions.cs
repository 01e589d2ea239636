using System.ComponentModel.DataAnnotations;
using MailKit.Security;

namespace NewsMonitor.Alerts.Email;

/// <summary>How emails leave the app (section <c>Email</c>).</summary>
internal sealed class EmailOptions : IValidatableObject
{
    public const string SectionName = "Email";

    public const string OutboxTransport = "outbox";
    public const string SmtpTransport = "smtp";
    public const string AcsTransport = "acs";

    /// <summary>smtp, acs or outbox. Default: outbox (offline: .eml files in <see cref="OutboxPath"/>).</summary>
    [Required]
    [RegularExpression("^(?i)(smtp|acs|outbox)$", ErrorMessage = "Email:Transport must be smtp, acs or outbox.")]
    public string Transport { get; set; } = OutboxTransport;

    /// <summary>The From address. Default: alerts@newsmonitor.local (ACS: DoNotReply@&lt;your domain&gt;).</summary>
    [Required]
    [EmailAddress]
    public string Sender { get; set; } = "alerts@newsmonitor.local";

    /// <summary>The From display name. Default: NewsMonitor.</summary>
    public string SenderName { get; set; } = "NewsMonitor";

    /// <summary>Folder the outbox transport writes .eml files to (relative to the working directory). Default: outbox.</summary>
    [Required]
    public string OutboxPath { get; set; } = "outbox";

    /// <summary>SMTP server host name. Default: none (required when Transport is smtp).</summary>
    public string? SmtpHost { get; set; }

    /// <summary>SMTP port. Default: 587.</summary>
    [Range(1, 65535)]
    public int SmtpPort { get; set; } = 587;

    /// <summary>StartTls, SslOnConnect, StartTlsWhenAvailable or None (local test servers only). Default: StartTls.</summary>
    public SecureSocketOptions SmtpSecurity { get; set; } = SecureSocketOptions.StartTls;

    /// <summary>SMTP user name; empty means no authentication. Default: none.</summary>
    public string? SmtpUserName { get; set; }

    /// <summary>SMTP password (a Key Vault reference in Azure). Default: none.</summary>
    public string? SmtpPassword { get; set; }

    /// <summary>Azure Communication Services endpoint, e.g. https://x.communication.azure.com. Default: none.</summary>
    public Uri? AcsEndpoint { get; set; }

    /// <summary>ACS Email REST API version. Default: 2025-09-01.</summary>
    [Required]
    public string AcsApiVersion { get; set; } = "2025-09-01";

    /// <summary>Client id of the user-assigned managed identity for ACS; empty uses DefaultAzureCredential's choice. Default: none.</summary>
    public string? AcsManagedIdentityClientId { get; set; }

    /// <summary>
    /// How long after ACS accepted an email (202) its outcome is checked, when the service gives no Retry-After: the
    /// alert is queued again with this delay instead of polling inside the invocation. Default: 1 minute.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan ConfirmDelay { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// An accepted email still running after this long is recorded as sent, unconfirmed (the service accepted it;
    /// checking forever would keep the alert queued). Default: 2 hours.
    /// </summary>
    [Range(typeof(TimeSpan), "00:01:00", "2.00:00:00")]
    public TimeSpan ConfirmTimeout { get; set; } = TimeSpan.FromHours(2);

    /// <summary>
    /// Emails per minute at most, across all instances (0: no limit). Communication Services allows 5 on an
    /// Azure-managed domain and 30 on a custom domain until a support request raises it. Default: 0.
    /// </summary>
    [Range(0, 100_000)]
    public int MaxPerMinute { get; set; }

    /// <summary>Emails per hour at most, across all instances (0: no limit). ACS: 10 managed, 100 custom. Default: 0.</summary>
    [Range(0, 1_000_000)]
    public int MaxPerHour { get; set; }

    /// <summary>Timeout of one send attempt (connect + send). Default: 30 seconds.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan SendTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Retries of a transient send failure within one delivery (throttling is not retried: the caller defers). Default: 3.</summary>
    [Range(0, 10)]
    public int MaxRetryAttempts { get; set; } = 3;

    /// <summary>First retry delay (exponential back-off with jitter after that). Default: 2 seconds.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:05:00")]
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Cap on any single retry delay, including a server's Retry-After. Default: 30 seconds.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (string.Equals(Transport, SmtpTransport, StringComparison.OrdinalIgnoreCase) && string.IsNullOrWhiteSpace(SmtpHost))
        {
            yield return new ValidationResult("Email:SmtpHost is required when Email:Transport is smtp.", [nameof(SmtpHost)]);
        }

        if (string.Equals(Transport, AcsTransport, StringComparison.OrdinalIgnoreCase) && AcsEndpoint is not { IsAbsoluteUri: true })
        {
            yield return new ValidationResult("Email:AcsEndpoint (absolute URI) is required when Email:Transport is acs.", [nameof(AcsEndpoint)]);
        }
    }
}
