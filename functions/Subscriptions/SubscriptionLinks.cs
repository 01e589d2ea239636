using Microsoft.Extensions.Options;

namespace NewsMonitor.Subscriptions;

/// <summary>The signed links emails carry: confirm, one-click unsubscribe (per keyword or all) and manage.</summary>
internal sealed class SubscriptionLinks(SubscriptionTokens tokens, IOptions<SubscriptionsOptions> options)
{
    public const string ConfirmRoute = "confirm";
    public const string UnsubscribeRoute = "unsubscribe";

    /// <summary>The manage page, outside <c>/api</c> like every page (links are <c>{PublicBaseUrl}/manage?token=</c>).</summary>
    public const string ManagePath = "manage";

    public Uri Confirm(string subscriberId) =>
        options.Value.Link(ConfirmRoute, tokens.Create(subscriberId, TokenPurpose.Confirm));

    /// <summary>One-click unsubscribe from one keyword (by its key), or from everything when null.</summary>
    public Uri Unsubscribe(string subscriberId, string? keywordKey) =>
        options.Value.Link(UnsubscribeRoute, tokens.Create(subscriberId, TokenPurpose.Unsubscribe, keywordKey));

    /// <summary>The manage page: change keywords and frequency, pause, unsubscribe from one keyword or all.</summary>
    public Uri Manage(string subscriberId) =>
        options.Value.PageLink(ManagePath, tokens.Create(subscriberId, TokenPurpose.Manage));
}
