using Microsoft.Extensions.DependencyInjection;

namespace NewsMonitor.Subscriptions;

internal static class SubscriptionsServiceCollectionExtensions
{
    /// <summary>Registers the subscriptions stage: its options, services and clients.</summary>
    public static IServiceCollection AddSubscriptions(this IServiceCollection services)
    {
        return services;
    }
}
