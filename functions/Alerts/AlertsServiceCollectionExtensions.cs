using Microsoft.Extensions.DependencyInjection;

namespace NewsMonitor.Alerts;

internal static class AlertsServiceCollectionExtensions
{
    /// <summary>Registers the alerts stage: its options, services and clients.</summary>
    public static IServiceCollection AddAlerts(this IServiceCollection services)
    {
        return services;
    }
}
