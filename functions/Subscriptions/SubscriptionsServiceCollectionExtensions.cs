using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using NewsMonitor.Alerts.Email;
using NewsMonitor.Hosting;
using NewsMonitor.Storage;

namespace NewsMonitor.Subscriptions;

internal static class SubscriptionsServiceCollectionExtensions
{
    /// <summary>Registers the subscriptions stage: its options, services and clients.</summary>
    public static IServiceCollection AddSubscriptions(this IServiceCollection services)
    {
        if (!services.FirstTime(nameof(AddSubscriptions)))
        {
            return services;
        }

        services.AddValidatedOptions<SubscriptionsOptions>(SubscriptionsOptions.SectionName);

        services.AddNewsStorage();
        services.AddEmail();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<SubscriberStore>();
        services.TryAddSingleton<ISubscriberDirectory>(provider => provider.GetRequiredService<SubscriberStore>());
        services.TryAddSingleton<SubscriptionTokens>();
        services.TryAddSingleton<SubscriptionLinks>();
        services.TryAddSingleton<SubscriptionService>();
        return services;
    }
}
