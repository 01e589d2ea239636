using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using NewsMonitor.Alerts;
using NewsMonitor.Analysis;
using NewsMonitor.Feeds;
using NewsMonitor.Storage;
using NewsMonitor.Subscriptions;
using NewsMonitor.Trends;
using NewsMonitor.Web;

namespace NewsMonitor.Hosting;

/// <summary>
/// The one composition root: every stage, as both hosts run them. The Functions app (Program.cs) adds telemetry on
/// top; <c>newsmon</c> adds only its overrides (its clock, console logging, local storage settings).
/// </summary>
internal static class NewsMonitorServiceCollectionExtensions
{
    /// <summary>The Application Insights logger provider, whose default rule keeps only Warning and above.</summary>
    internal const string ApplicationInsightsLoggerProvider =
        "Microsoft.Extensions.Logging.ApplicationInsights.ApplicationInsightsLoggerProvider";

    /// <summary>Registers every stage of NewsMonitor with its options, bound from <paramref name="configuration"/>.</summary>
    public static IServiceCollection AddNewsMonitor(this IServiceCollection services, IConfiguration configuration)
    {
        // Hosts register their configuration themselves; a bare collection (tools, tests) gets this one.
        services.TryAddSingleton(configuration);
        services.TryAddSingleton(TimeProvider.System);
        services.AddNewsStorage();
        services.AddFeeds();
        services.AddAnalysis();
        services.AddAlerts();
        services.AddSubscriptions();
        services.AddTrends();
        services.AddWeb();
        return services;
    }

    /// <summary>
    /// The Functions app: Application Insights for the worker, with the SDK's default "Warning and above" rule
    /// removed so the stages' Information logs (which README's Kusto queries read) reach it; then every stage.
    /// </summary>
    public static IServiceCollection AddNewsMonitorFunctionsApp(this IServiceCollection services, IConfiguration configuration)
    {
        if (services.FirstTime(nameof(AddNewsMonitorFunctionsApp)))
        {
            services
                .AddApplicationInsightsTelemetryWorkerService()
                .ConfigureFunctionsApplicationInsights();
            // What the azure-functions-dotnet-worker samples do: the provider's own rule would cap it at Warning
            // whatever host.json or the Logging section say.
            services.Configure<LoggerFilterOptions>(options =>
            {
                var rule = options.Rules.FirstOrDefault(r => r.ProviderName == ApplicationInsightsLoggerProvider);
                if (rule is not null)
                {
                    options.Rules.Remove(rule);
                }
            });
        }

        return services.AddNewsMonitor(configuration);
    }
}
