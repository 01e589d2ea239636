using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using NewsMonitor.Alerts.Email;
using NewsMonitor.Storage;

namespace NewsMonitor.Subscriptions;

internal static class SubscriptionsServiceCollectionExtensions
{
    /// <summary>Registers the subscriptions stage: its options, services and clients.</summary>
    public static IServiceCollection AddSubscriptions(this IServiceCollection services)
    {
        if (services.Any(descriptor => descriptor.ServiceType == typeof(SubscriptionService)))
        {
            return services;
        }

        services.AddOptions<SubscriptionsOptions>()
            .BindConfiguration(SubscriptionsOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();

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
