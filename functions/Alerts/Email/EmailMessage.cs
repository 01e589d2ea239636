using System.Security.Cryptography;
using System.Text;

namespace NewsMonitor.Alerts.Email;

/// <summary>
/// One email to one recipient, transport-neutral. <see cref="MessageId"/> is stable for the same logical email
/// (same alert, same subscriber) so a retried send can be recognised as the same one (ACS Operation-Id, .eml name).
/// </summary>
internal sealed record EmailMessage
{
    public required string MessageId { get; init; }

    /// <summary>
    /// A GUID derived from <see cref="MessageId"/>: the ACS <c>Operation-Id</c>, so a resend of the same email is the
    /// same operation and can be looked up before sending again.
    /// </summary>
    public string OperationId => DeriveOperationId(MessageId);

    public required string To { get; init; }

    public string? ToName { get; init; }

    public required string Subject { get; init; }

    public required string TextBody { get; init; }

    public string? HtmlBody { get; init; }

    /// <summary>Images the HTML references as <c>cid:{ContentId}</c>.</summary>
    public IReadOnlyList<InlineImage> InlineImages { get; init; } = [];

    /// <summary>Extra headers, e.g. <c>List-Unsubscribe</c> and <c>List-Unsubscribe-Post</c> (RFC 8058).</summary>
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();

    public static string DeriveOperationId(string messageId) =>
        new Guid(SHA256.HashData(Encoding.UTF8.GetBytes(messageId)).AsSpan(0, 16)).ToString();
}

internal sealed record InlineImage(string ContentId, string FileName, string ContentType, ReadOnlyMemory<byte> Content);
