using Azure.Core;
using Azure.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NewsMonitor.Analysis.Keywords;
using NewsMonitor.Analysis.Language;
using NewsMonitor.Analysis.Mentions;

namespace NewsMonitor.Analysis;

internal static class AnalysisServiceCollectionExtensions
{
    /// <summary>Registers the analysis stage: its options, services and clients.</summary>
    public static IServiceCollection AddAnalysis(this IServiceCollection services)
    {
        services.AddOptions<AnalysisOptions>()
            .BindConfiguration(AnalysisOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);

        services.AddAzureTextAnalyzer();
        services.TryAddSingleton<ITextAnalyzerSelector, TextAnalyzerSelector>();

        services.TryAddSingleton<KeywordWatchList>();
        services.TryAddSingleton<MentionRecorder>();
        services.TryAddSingleton<MentionCounts>();
        services.TryAddTransient<ArticleAnalysisStage>();
        return services;
    }

    /// <summary>
    /// The Azure AI Language analyzer (keyed <see cref="ITextAnalyzer"/> "azure"): its typed HttpClient with the one
    /// resilience pipeline (retry honouring Retry-After, circuit breaker, attempt timeout) and the authentication
    /// handler inside it.
    /// </summary>
    internal static IServiceCollection AddAzureTextAnalyzer(this IServiceCollection services)
    {
        // DefaultAzureCredential picks the managed identity in Azure (AZURE_CLIENT_ID for a user-assigned one) and the
        // developer's sign-in locally; it is only asked for a token when no key is configured.
        services.TryAddSingleton<TokenCredential>(_ => new DefaultAzureCredential());
        services.TryAddSingleton(provider =>
            LanguageClientOptions.From(provider.GetRequiredService<IOptions<AnalysisOptions>>().Value));
        services.TryAddTransient<LanguageAuthenticationHandler>();
        var httpClient = services.AddHttpClient<LanguageClient>(LanguageClient.HttpClientName);
        httpClient.AddResilienceHandler(LanguageClient.HttpClientName, (builder, context) => LanguageResilience.Configure(
                builder,
                context.ServiceProvider.GetRequiredService<IOptions<AnalysisOptions>>().Value,
                context.ServiceProvider.GetRequiredService<TimeProvider>()));
        // Added after the resilience handler, so inside it: every attempt is authenticated afresh.
        httpClient.AddHttpMessageHandler<LanguageAuthenticationHandler>();
        services.TryAddKeyedTransient<ITextAnalyzer>(AnalyzerNames.Azure, (provider, _) => new AzureTextAnalyzer(
            provider.GetRequiredService<LanguageClient>(),
            provider.GetRequiredService<IOptions<AnalysisOptions>>().Value,
            provider.GetKeyedService<ITextAnalyzer>(AnalyzerNames.Local),
            provider.GetRequiredService<ILogger<AzureTextAnalyzer>>()));
        return services;
    }
}
