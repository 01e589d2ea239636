using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace NewsMonitor.Subscriptions;

internal enum TokenPurpose
{
    Confirm,
    Unsubscribe,
    Manage,
}

/// <summary>What a valid token proves: whoever holds it received an email for this subscriber.</summary>
internal sealed record SubscriptionToken(string SubscriberId, TokenPurpose Purpose, string? KeywordKey, DateTimeOffset ExpiresAt)
{
    /// <summary>True when the token is about every keyword rather than one.</summary>
    public bool AllKeywords => KeywordKey is null;
}

/// <summary>
/// Signed, expiring tokens for the links in emails: <c>base64url(payload).base64url(HMAC-SHA256(key, payload))</c>
/// where the payload is <c>v1\n{subscriberId}\n{purpose}\n{keywordKey or empty}\n{expiry unix seconds}</c>.
/// No state is stored: the signature is the proof, the expiry bounds a leaked link.
/// </summary>
internal sealed class SubscriptionTokens(IOptions<SubscriptionsOptions> options, TimeProvider timeProvider)
{
    private const string Version = "v1";

    public string Create(string subscriberId, TokenPurpose purpose, string? keywordKey = null)
    {
        var settings = options.Value;
        var lifetime = purpose == TokenPurpose.Confirm ? settings.ConfirmTokenLifetime : settings.UnsubscribeTokenLifetime;
        var expiry = timeProvider.GetUtcNow().Add(lifetime).ToUnixTimeSeconds();
        var payload = Encoding.UTF8.GetBytes(string.Join('\n',
            Version, subscriberId, purpose.ToString(), keywordKey ?? string.Empty, expiry.ToString(CultureInfo.InvariantCulture)));
        return $"{Base64Url.EncodeToString(payload)}.{Base64Url.EncodeToString(Sign(settings.TokenSigningKey, payload))}";
    }

    public bool TryValidate(string? token, TokenPurpose expectedPurpose, out SubscriptionToken? claims)
    {
        claims = null;
        if (string.IsNullOrEmpty(token) || token.Length > 2048)
        {
            return false;
        }

        var dot = token.IndexOf('.', StringComparison.Ordinal);
        if (dot <= 0 || !TryDecode(token[..dot], out var payload) || !TryDecode(token[(dot + 1)..], out var signature))
        {
            return false;
        }

        var settings = options.Value;
        if (!SignatureMatches(settings.TokenSigningKey, payload, signature)
            && (string.IsNullOrEmpty(settings.PreviousTokenSigningKey) || !SignatureMatches(settings.PreviousTokenSigningKey, payload, signature)))
        {
            return false;
        }

        var fields = Encoding.UTF8.GetString(payload).Split('\n');
        if (fields.Length != 5
            || fields[0] != Version
            || !Enum.TryParse<TokenPurpose>(fields[2], ignoreCase: false, out var purpose)
            || purpose != expectedPurpose
            || !long.TryParse(fields[4], NumberStyles.None, CultureInfo.InvariantCulture, out var expirySeconds))
        {
            return false;
        }

        var expiresAt = DateTimeOffset.FromUnixTimeSeconds(expirySeconds);
        if (timeProvider.GetUtcNow() >= expiresAt)
        {
            return false;
        }

        claims = new SubscriptionToken(fields[1], purpose, fields[3].Length == 0 ? null : fields[3], expiresAt);
        return true;
    }

    private static bool TryDecode(string value, out byte[] bytes)
    {
        bytes = [];
        if (!Base64Url.IsValid(value))
        {
            return false;
        }

        bytes = Base64Url.DecodeFromChars(value);
        return true;
    }

    private static byte[] Sign(string key, byte[] payload) => HMACSHA256.HashData(Encoding.UTF8.GetBytes(key), payload);

    private static bool SignatureMatches(string key, byte[] payload, byte[] signature) =>
        CryptographicOperations.FixedTimeEquals(Sign(key, payload), signature);
}
