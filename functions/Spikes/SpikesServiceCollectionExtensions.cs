using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using NewsMonitor.Hosting;
using NewsMonitor.Storage;

namespace NewsMonitor.Spikes;

internal static class SpikesServiceCollectionExtensions
{
    /// <summary>Registers spike detection: <see cref="SpikesOptions"/>, the detector and <see cref="ISpikeMonitor"/>.</summary>
    public static IServiceCollection AddSpikeDetection(this IServiceCollection services)
    {
        if (!services.FirstTime(nameof(AddSpikeDetection)))
        {
            return services;
        }

        services.AddValidatedOptions<SpikesOptions>(SpikesOptions.SectionName);
        services.AddNewsStorage();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<SpikeDetector>();
        services.TryAddSingleton<MentionSeriesReader>();
        services.TryAddSingleton<PendingSpikes>();
        services.TryAddSingleton<ISpikeMonitor, SpikeMonitor>();
        return services;
    }
}
