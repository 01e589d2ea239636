using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace NewsMonitor.Analysis.Local;

internal static class LocalAnalyzerServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="LocalTextAnalyzer"/> as a singleton, resolvable as itself and as one of the
    /// <see cref="ITextAnalyzer"/>s (pick by <see cref="ITextAnalyzer.Name"/> "local"). Its data loads on first use.
    /// </summary>
    public static IServiceCollection AddLocalTextAnalyzer(this IServiceCollection services)
    {
        services.TryAddSingleton(_ => new LocalTextAnalyzer(LocalAnalyzerResources.Default));
        services.TryAddEnumerable(
            ServiceDescriptor.Singleton<ITextAnalyzer, LocalTextAnalyzer>(provider => provider.GetRequiredService<LocalTextAnalyzer>()));
        return services;
    }
}
