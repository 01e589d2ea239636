using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using NewsMonitor.Alerts.Digest;
using NewsMonitor.Alerts.Email;
using NewsMonitor.Alerts.Rendering;
using NewsMonitor.Hosting;
using NewsMonitor.Spikes;
using NewsMonitor.Storage;
using NewsMonitor.Subscriptions;

namespace NewsMonitor.Alerts;

internal static class AlertsServiceCollectionExtensions
{
    /// <summary>Registers the alerts stage: its options, services and clients.</summary>
    public static IServiceCollection AddAlerts(this IServiceCollection services)
    {
        if (!services.FirstTime(nameof(AddAlerts)))
        {
            return services;
        }

        services.AddValidatedOptions<AlertsOptions>(AlertsOptions.SectionName);

        services.TryAddSingleton(TimeProvider.System);
        services.AddNewsStorage();
        services.AddEmail();
        services.AddSubscriptions();
        services.AddSpikeDetection();
        services.TryAddSingleton<AlertContentLoader>();
        services.TryAddSingleton<AlertEmailRenderer>();
        services.TryAddSingleton<DeliveryLedger>();
        services.TryAddSingleton<DeliveryRecorder>();
        services.TryAddSingleton<AlertQueue>();
        services.TryAddSingleton<AlertDispatcher>();
        services.TryAddSingleton<DigestEmailRenderer>();
        services.TryAddSingleton<DigestDispatcher>();
        services.TryAddSingleton<PoisonQueue>();
        return services;
    }
}
