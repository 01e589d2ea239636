using System.ComponentModel.DataAnnotations;

namespace NewsMonitor.Subscriptions;

/// <summary>Subscriber sign-up, links and tokens (section <c>Subscriptions</c>).</summary>
internal sealed class SubscriptionsOptions : IValidatableObject
{
    /// <summary>
    /// What App Service leaves in a setting whose Key Vault reference it could not resolve (yet: role assignments take
    /// minutes to propagate). Long enough to pass the length check, it would become the signing key, and every link
    /// signed with it would break once the reference resolves.
    /// </summary>
    public const string UnresolvedKeyVaultReference = "@Microsoft.KeyVault(";

    public const string SectionName = "Subscriptions";

    /// <summary>
    /// HMAC-SHA256 key for confirm/unsubscribe/manage tokens (at least 32 characters). Default: none, required.
    /// In Azure: an app setting holding a Key Vault reference.
    /// </summary>
    [Required]
    [MinLength(32, ErrorMessage = "Subscriptions:TokenSigningKey must be at least 32 characters.")]
    public string TokenSigningKey { get; set; } = string.Empty;

    /// <summary>The key before the last rotation: tokens it signed still validate until they expire. Default: none.</summary>
    public string? PreviousTokenSigningKey { get; set; }

    /// <summary>Public base URL of the Functions app (or of <c>newsmon serve</c>); links are <c>{PublicBaseUrl}/api/{route}</c> and <c>{PublicBaseUrl}/manage</c>. Default: http://localhost:7071.</summary>
    [Required]
    [Url]
    public string PublicBaseUrl { get; set; } = "http://localhost:7071";

    /// <summary>How long a confirmation link works. Default: 48 hours.</summary>
    [Range(typeof(TimeSpan), "00:05:00", "30.00:00:00")]
    public TimeSpan ConfirmTokenLifetime { get; set; } = TimeSpan.FromHours(48);

    /// <summary>How long unsubscribe and manage links in an email work (RFC 8058 links should outlive the email's relevance). Default: 90 days.</summary>
    [Range(typeof(TimeSpan), "01:00:00", "730.00:00:00")]
    public TimeSpan UnsubscribeTokenLifetime { get; set; } = TimeSpan.FromDays(90);

    /// <summary>At most one confirmation email per address within this time. Default: 10 minutes.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan ConfirmationThrottle { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Most keywords one subscriber may watch. Default: 20.</summary>
    [Range(1, 90)]
    public int MaxKeywordsPerSubscriber { get; set; } = 20;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var (name, value) in new[] { (nameof(TokenSigningKey), TokenSigningKey), (nameof(PreviousTokenSigningKey), PreviousTokenSigningKey) })
        {
            if (value?.TrimStart().StartsWith(UnresolvedKeyVaultReference, StringComparison.OrdinalIgnoreCase) == true)
            {
                yield return new ValidationResult(
                    $"Subscriptions:{name} is an unresolved Key Vault reference: the app's identity cannot read the secret yet " +
                    "(Key Vault Secrets User still propagating, or the reference is wrong). Restart once it resolves.",
                    [name]);
            }
        }
    }

    public Uri Link(string route, string token) =>
        new($"{PublicBaseUrl.TrimEnd('/')}/api/{route}?token={Uri.EscapeDataString(token)}");

    /// <summary>A web page's link: <c>{PublicBaseUrl}/{path}?token=</c> (pages live outside <c>/api</c>).</summary>
    public Uri PageLink(string path, string token) =>
        new($"{PublicBaseUrl.TrimEnd('/')}/{path}?token={Uri.EscapeDataString(token)}");
}
