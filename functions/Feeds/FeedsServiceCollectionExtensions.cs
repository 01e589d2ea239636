using Microsoft.Extensions.DependencyInjection;

namespace NewsMonitor.Feeds;

internal static class FeedsServiceCollectionExtensions
{
    /// <summary>Registers the feeds stage: its options, services and clients.</summary>
    public static IServiceCollection AddFeeds(this IServiceCollection services)
    {
        return services;
    }
}
