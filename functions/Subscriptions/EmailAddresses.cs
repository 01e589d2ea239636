using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using MimeKit;

namespace NewsMonitor.Subscriptions;

/// <summary>Validation, normalization, pseudonymous ids and log masking of subscriber addresses.</summary>
internal static class EmailAddresses
{
    private static readonly ParserOptions StrictParser = new()
    {
        AddressParserComplianceMode = RfcComplianceMode.Strict,
        AllowAddressesWithoutDomain = false,
        AllowUnquotedCommasInAddresses = false,
    };

    private static readonly IdnMapping Idn = new();

    /// <summary>
    /// A plain <c>local@domain</c> address a mail server will take: MimeKit's strict parser, then the rules RFC 5321
    /// sets (local part ≤ 64, address ≤ 254) and what real mailboxes look like (a dotted DNS domain, no IP literal,
    /// no quoted local part, no display name or comments).
    /// </summary>
    public static bool TryNormalize(string? input, out string normalized, out string error)
    {
        normalized = string.Empty;
        var candidate = input?.Trim() ?? string.Empty;
        if (candidate.Length == 0)
        {
            error = "An email address is required.";
            return false;
        }

        if (candidate.Length > 254)
        {
            error = "The email address is longer than 254 characters.";
            return false;
        }

        if (!MailboxAddress.TryParse(StrictParser, candidate, out var mailbox)
            || !string.IsNullOrEmpty(mailbox.Name)
            || mailbox.Route.Count > 0
            || !string.Equals(mailbox.Address, candidate, StringComparison.Ordinal))
        {
            error = $"'{Shorten(candidate)}' is not a valid email address (expected name@example.com).";
            return false;
        }

        var at = candidate.LastIndexOf('@');
        var local = candidate[..at];
        var domain = candidate[(at + 1)..];
        if (local.Length is 0 or > 64 || local.Contains('"', StringComparison.Ordinal) || local.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
        {
            error = "The part before '@' must be 1 to 64 characters, without quotes or spaces.";
            return false;
        }

        if (!TryNormalizeDomain(domain, out var asciiDomain))
        {
            error = $"'{Shorten(domain)}' is not a valid mail domain (expected something like example.com).";
            return false;
        }

        normalized = $"{local}@{asciiDomain}";
        error = string.Empty;
        return true;
    }

    /// <summary>Stable id of a subscriber: the first 128 bits of SHA-256 over the lower-cased address, hex.</summary>
    public static string SubscriberId(string normalizedEmail) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(normalizedEmail.ToLowerInvariant())))[..32];

    /// <summary>For logs and pages: <c>j***@example.com</c>. Addresses are personal data and never logged in full.</summary>
    public static string Mask(string? email)
    {
        if (string.IsNullOrEmpty(email))
        {
            return "***";
        }

        var at = email.LastIndexOf('@');
        return at <= 0 ? "***" : $"{email[0]}***{email[at..]}";
    }

    private static bool TryNormalizeDomain(string domain, out string ascii)
    {
        ascii = string.Empty;
        if (domain.StartsWith('[') || !domain.Contains('.', StringComparison.Ordinal))
        {
            return false;
        }

        try
        {
            ascii = Idn.GetAscii(domain.TrimEnd('.')).ToLowerInvariant();
        }
        catch (ArgumentException)
        {
            return false;
        }

        var labels = ascii.Split('.');
        if (ascii.Length > 253 || labels.Any(label => label.Length is 0 or > 63 || label[0] == '-' || label[^1] == '-'
            || !label.All(c => char.IsAsciiLetterOrDigit(c) || c == '-')))
        {
            return false;
        }

        var topLevel = labels[^1];
        return topLevel.Length >= 2 && (topLevel.All(char.IsAsciiLetter) || topLevel.StartsWith("xn--", StringComparison.Ordinal));
    }

    private static string Shorten(string value) => value.Length > 60 ? value[..60] + "…" : value;
}
