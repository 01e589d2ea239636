using Azure.Core;
using Azure.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NewsMonitor.Analysis.Keywords;
using NewsMonitor.Analysis.Language;
using NewsMonitor.Analysis.Local;
using NewsMonitor.Analysis.Mentions;
using NewsMonitor.Analysis.Stories;
using NewsMonitor.Hosting;

namespace NewsMonitor.Analysis;

internal static class AnalysisServiceCollectionExtensions
{
    /// <summary>Registers the analysis stage: its options, services and clients.</summary>
    public static IServiceCollection AddAnalysis(this IServiceCollection services)
    {
        if (!services.FirstTime(nameof(AddAnalysis)))
        {
            return services;
        }

        services.AddValidatedOptions<AnalysisOptions>(AnalysisOptions.SectionName);
        services.AddValidatedOptions<StoriesOptions>(StoriesOptions.SectionName);
        services.TryAddSingleton(TimeProvider.System);

        services.AddLocalTextAnalyzer();
        services.TryAddKeyedSingleton<ITextAnalyzer>(
            AnalyzerNames.Local, (provider, _) => provider.GetRequiredService<LocalTextAnalyzer>());
        services.AddAzureTextAnalyzer();
        services.TryAddSingleton<ITextAnalyzerSelector, TextAnalyzerSelector>();

        services.TryAddSingleton<KeywordWatchList>();
        services.TryAddSingleton<MentionRecorder>();
        services.TryAddSingleton<MentionReader>();
        services.TryAddSingleton<StoryIndex>();
        services.TryAddTransient<ArticleAnalysisStage>();
        services.TryAddTransient<MissedAnalysisSweep>();
        return services;
    }

    /// <summary>
    /// The Azure AI Language analyzer (keyed <see cref="ITextAnalyzer"/> "azure"): its typed HttpClient with the one
    /// resilience pipeline (retry honouring Retry-After, circuit breaker, attempt timeout) and the authentication
    /// handler inside it.
    /// </summary>
    internal static IServiceCollection AddAzureTextAnalyzer(this IServiceCollection services)
    {
        if (!services.FirstTime(nameof(AddAzureTextAnalyzer)))
        {
            return services;
        }

        // This client's own credential, from its own setting (Analysis:ManagedIdentityClientId, which infra writes):
        // the managed identity in Azure, the developer's sign-in locally; only asked for a token when no key is set.
        services.TryAddKeyedSingleton<TokenCredential>(LanguageClient.CredentialKey, (provider, _) =>
        {
            var clientId = provider.GetRequiredService<IOptions<AnalysisOptions>>().Value.ManagedIdentityClientId;
            return new DefaultAzureCredential(new DefaultAzureCredentialOptions
            {
                ManagedIdentityClientId = string.IsNullOrWhiteSpace(clientId) ? null : clientId,
            });
        });
        services.TryAddSingleton(provider =>
            LanguageClientOptions.From(provider.GetRequiredService<IOptions<AnalysisOptions>>().Value));
        services.TryAddTransient<LanguageAuthenticationHandler>();
        // No HttpClient timeout: its default 100 s would cut across the retries and Retry-After waits with an exception
        // nothing handles. The resilience pipeline owns the budget (TotalTimeout, AttemptTimeout).
        var httpClient = services.AddHttpClient<LanguageClient>(LanguageClient.HttpClientName)
            .ConfigureHttpClient(client => client.Timeout = Timeout.InfiniteTimeSpan);
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
