using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using NewsMonitor.Subscriptions;

namespace NewsMonitor.Web;

/// <summary>
/// CSRF protection of the forms: a signed double-submit token. The browser holds a random nonce in a SameSite=Strict,
/// HttpOnly cookie; each form carries <c>nonce.HMAC(key, "csrf\n" + nonce)</c>. A POST passes only when the field's
/// nonce equals the cookie's and the signature is the app's, so another site can neither read the field nor plant a
/// matching cookie. Signed with the subscription token key, so no extra secret and no server-side state.
/// Hand-written because ASP.NET Core's antiforgery needs Data Protection keys persisted per app, which the Functions
/// worker and <c>newsmon serve</c> would not share.
/// </summary>
internal sealed class CsrfTokens(IOptions<SubscriptionsOptions> options)
{
    public const string CookieName = "newsmon-csrf";
    public const string FieldName = "csrf";

    /// <summary>The hidden field's value for this request, and the cookie to set when the browser has none yet.</summary>
    public (string Field, string? SetCookie) Issue(PageRequest request)
    {
        string? setCookie = null;
        if (!request.Cookies.TryGetValue(CookieName, out var nonce) || !IsNonce(nonce))
        {
            nonce = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(18));
            setCookie = $"{CookieName}={nonce}; Path=/; HttpOnly; SameSite=Strict" + (request.IsHttps ? "; Secure" : "");
        }

        return ($"{nonce}.{Sign(nonce)}", setCookie);
    }

    public bool IsValid(PageRequest request)
    {
        var field = request.Form[FieldName];
        if (field is null || !request.Cookies.TryGetValue(CookieName, out var cookie) || !IsNonce(cookie))
        {
            return false;
        }

        var dot = field.IndexOf('.', StringComparison.Ordinal);
        if (dot <= 0)
        {
            return false;
        }

        var nonce = field[..dot];
        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(nonce), Encoding.ASCII.GetBytes(cookie))
            && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(field[(dot + 1)..]), Encoding.ASCII.GetBytes(Sign(nonce)));
    }

    private static bool IsNonce(string value) => value.Length == 24 && Base64Url.IsValid(value);

    private string Sign(string nonce) => Base64Url.EncodeToString(
        HMACSHA256.HashData(Encoding.UTF8.GetBytes(options.Value.TokenSigningKey), Encoding.UTF8.GetBytes("csrf\n" + nonce)));
}
