using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using NewsMonitor.Analysis;
using NewsMonitor.Feeds;
using NewsMonitor.Hosting;
using NewsMonitor.Subscriptions;
using NewsMonitor.Trends;

namespace NewsMonitor.Web;

internal static class WebServiceCollectionExtensions
{
    /// <summary>Registers the web pages and what they read: subscriptions, trends and the feeds' state.</summary>
    public static IServiceCollection AddWeb(this IServiceCollection services)
    {
        if (!services.FirstTime(nameof(AddWeb)))
        {
            return services;
        }

        // The pages list the global watch list: the Analysis section, bound here too (once) for hosts without AddAnalysis.
        services.AddValidatedOptions<AnalysisOptions>(AnalysisOptions.SectionName);
        services.AddSubscriptions();
        services.AddTrends();
        services.AddFeeds();
        services.TryAddSingleton<CsrfTokens>();
        services.TryAddSingleton<WebPages>();
        return services;
    }
}
