using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using NewsMonitor.Analysis.Keywords;
using NewsMonitor.Hosting;
using NewsMonitor.Spikes;
using NewsMonitor.Storage;
using NewsMonitor.Subscriptions;

namespace NewsMonitor.Trends;

internal static class TrendsServiceCollectionExtensions
{
    /// <summary>
    /// Registers the trends API: <see cref="TrendsOptions"/> and <see cref="TrendService"/>, with the spike detector
    /// and the subscriber directory it reads. The watch list is the analysis stage's: it reads the <c>Analysis</c>
    /// section that <c>AddAnalysis()</c> binds (Program.cs calls it first).
    /// </summary>
    public static IServiceCollection AddTrends(this IServiceCollection services)
    {
        if (!services.FirstTime(nameof(AddTrends)))
        {
            return services;
        }

        services.AddValidatedOptions<TrendsOptions>(TrendsOptions.SectionName);
        services.TryAddSingleton(TimeProvider.System);
        services.AddNewsStorage();
        services.AddSubscriptions();
        services.AddSpikeDetection();
        services.TryAddSingleton<KeywordWatchList>();
        services.TryAddSingleton<TrendService>();
        return services;
    }
}
