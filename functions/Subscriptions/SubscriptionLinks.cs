using Microsoft.Extensions.Options;

namespace NewsMonitor.Subscriptions;

/// <summary>The signed links emails carry: confirm, one-click unsubscribe (per keyword or all) and manage.</summary>
internal sealed class SubscriptionLinks(SubscriptionTokens tokens, IOptions<SubscriptionsOptions> options)
{
    public const string ConfirmRoute = "confirm";
    public const string UnsubscribeRoute = "unsubscribe";

    public Uri Confirm(string subscriberId) =>
        options.Value.Link(ConfirmRoute, tokens.Create(subscriberId, TokenPurpose.Confirm));

    /// <summary>One-click unsubscribe from one keyword (by its key), or from everything when null.</summary>
    public Uri Unsubscribe(string subscriberId, string? keywordKey) =>
        options.Value.Link(UnsubscribeRoute, tokens.Create(subscriberId, TokenPurpose.Unsubscribe, keywordKey));

    /// <summary>A page listing the subscriber's keywords, each with its own unsubscribe button.</summary>
    public Uri Manage(string subscriberId) =>
        options.Value.Link(UnsubscribeRoute, tokens.Create(subscriberId, TokenPurpose.Manage));
}
