using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using NewsMonitor.Analysis.Mentions;
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
        services.TryAddSingleton<MentionReader>();
        services.TryAddSingleton<PendingSpikes>();
        services.TryAddSingleton<SpikeMonitor>();
        services.TryAddSingleton(provider => new DebouncedSpikeMonitor(
            provider.GetRequiredService<SpikeMonitor>(),
            provider.GetRequiredService<IOptions<SpikesOptions>>(),
            provider.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton<ISpikeMonitor>(provider => provider.GetRequiredService<DebouncedSpikeMonitor>());
        return services;
    }
}
