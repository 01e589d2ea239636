using Azure.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Moq;
using NewsMonitor.Analysis;
using NewsMonitor.Analysis.Language;

namespace NewsMonitor.Tests.Analysis.Language;

/// <summary>The Azure analyzer as the app wires it (AddAnalysis), pointed at a <see cref="LanguageTestServer"/>.</summary>
internal static class AzureAnalyzerHarness
{
    public const string FakeToken = "fake-entra-token";

    public static ServiceProvider CreateServices(
        Uri endpoint,
        IReadOnlyDictionary<string, string?>? settings = null,
        ITextAnalyzer? local = null)
    {
        var values = new Dictionary<string, string?>
        {
            ["Analysis:Analyzer"] = "azure",
            ["Analysis:Endpoint"] = endpoint.ToString(),
            ["Analysis:RetryDelay"] = "00:00:00.010",
            ["Analysis:AttemptTimeout"] = "00:00:10",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }

        var credential = new Mock<TokenCredential>();
        credential
            .Setup(c => c.GetTokenAsync(It.IsAny<TokenRequestContext>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(new AccessToken(FakeToken, DateTimeOffset.UtcNow.AddHours(1)));

        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(values).Build());
        services.AddLogging();
        services.AddKeyedSingleton(LanguageClient.CredentialKey, credential.Object);
        services.AddAnalysis();
        if (local is not null)
        {
            services.AddKeyedSingleton(AnalyzerNames.Local, local);
        }

        return services.BuildServiceProvider();
    }

    public static ITextAnalyzer Azure(this IServiceProvider services) =>
        services.GetRequiredService<ITextAnalyzerSelector>().Get(AnalyzerNames.Azure);

    /// <summary>A local analyzer double whose results say "local".</summary>
    public static Mock<ITextAnalyzer> LocalDouble()
    {
        var local = new Mock<ITextAnalyzer>();
        local.SetupGet(l => l.Name).Returns(AnalyzerNames.Local);
        local
            .Setup(l => l.AnalyzeBatchAsync(It.IsAny<IReadOnlyList<string>>(), It.IsAny<string?>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync((IReadOnlyList<string> texts, string? _, CancellationToken _) =>
                [.. texts.Select(_ => LocalResult())]);
        local
            .Setup(l => l.AnalyzeAsync(It.IsAny<string>(), It.IsAny<string?>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(LocalResult());
        return local;
    }

    private static TextAnalysis LocalResult() => new()
    {
        Language = "en",
        Sentiment = new SentimentScores("neutral", 0.2, 0.6, 0.2),
        Analyzer = AnalyzerNames.Local,
    };
}
