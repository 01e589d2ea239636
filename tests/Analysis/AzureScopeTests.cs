using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Moq;
using NewsMonitor.Analysis;
using NewsMonitor.Feeds;
using NewsMonitor.Spikes;
using NewsMonitor.Storage;
using NewsMonitor.Subscriptions;
using NewsMonitor.Tests.Support;

namespace NewsMonitor.Tests.Analysis;

/// <summary>Analysis:AzureScope: which articles go to Azure AI Language (billed per text record) and which stay local.</summary>
public sealed class AzureScopeTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private readonly Mock<ITextAnalyzer> _local = Analyzer(AnalyzerNames.Local);
    private readonly Mock<ITextAnalyzer> _azure = Analyzer(AnalyzerNames.Azure);

    [Theory]
    [InlineData("watched", "Taliban take Kandahar", AnalyzerNames.Azure)]
    [InlineData("watched", "Markets close higher", AnalyzerNames.Local)]
    [InlineData("all", "Markets close higher", AnalyzerNames.Azure)]
    public async Task AnalyzeAsync_AzureAnalyzerWithScope_OnlyWhatTheScopeSaysIsSentToAzure(string scope, string title, string expected)
    {
        var storage = await azurite.ResetAsync();
        var stage = CreateStage(storage, AnalyzerNames.Azure, scope);

        var analysis = await AnalyzeAsync(stage, storage, title);

        Assert.Equal(expected, analysis.Result.Analyzer);
        (expected == AnalyzerNames.Azure ? _local : _azure).Verify(
            a => a.AnalyzeAsync(It.IsAny<string>(), It.IsAny<string?>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Fact]
    public async Task AnalyzeAsync_LocalAnalyzerWithWatchedScope_EverythingLocal()
    {
        var storage = await azurite.ResetAsync();
        var stage = CreateStage(storage, AnalyzerNames.Local, AzureScopes.Watched);

        var analysis = await AnalyzeAsync(stage, storage, "Taliban take Kandahar");

        Assert.Equal(AnalyzerNames.Local, analysis.Result.Analyzer);
        _azure.Verify(a => a.AnalyzeAsync(It.IsAny<string>(), It.IsAny<string?>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Fact]
    public void Options_UnknownScope_ClearError()
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Analysis:AzureScope"] = "some" }).Build());
        services.AddLogging();
        services.AddAnalysis();
        using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<AnalysisOptions>>().Value);

        Assert.Contains("AzureScope", error.Message, StringComparison.Ordinal);
    }

    private static Mock<ITextAnalyzer> Analyzer(string name)
    {
        var analyzer = new Mock<ITextAnalyzer>();
        analyzer.SetupGet(a => a.Name).Returns(name);
        analyzer.Setup(a => a.AnalyzeAsync(It.IsAny<string>(), It.IsAny<string?>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(new TextAnalysis { Language = "en", Sentiment = new SentimentScores("neutral", 0.1, 0.8, 0.1), Analyzer = name });
        return analyzer;
    }

    private static async Task<ArticleAnalysis> AnalyzeAsync(ArticleAnalysisStage stage, NewsStorage storage, string title)
    {
        var article = TestArticles.Mint(url: "https://news.example.com/" + Uri.EscapeDataString(title)) with { Title = title, Content = title + "." };
        var json = JsonSerializer.Serialize(article, ArticleAnalysisStage.Json);
        await storage.Container(StorageNames.ArticlesContainer).GetBlobClient(article.BlobName).UploadAsync(BinaryData.FromString(json));
        return await stage.AnalyzeAsync(article.BlobName, json);
    }

    private ArticleAnalysisStage CreateStage(NewsStorage storage, string analyzer, string scope)
    {
        var spikes = new Mock<ISpikeMonitor>();
        spikes.Setup(s => s.CheckAsync(It.IsAny<IReadOnlyCollection<string>>(), It.IsAny<DateTimeOffset>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync([]);
        var directory = new Mock<ISubscriberDirectory>();
        directory.Setup(d => d.GetWatchedKeywordsAsync(It.IsAny<CancellationToken>())).ReturnsAsync([]);
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Analysis:Analyzer"] = analyzer,
            ["Analysis:Endpoint"] = "https://language.example.com",
            ["Analysis:AzureScope"] = scope,
            ["Analysis:Keywords"] = "Taliban",
        }).Build());
        services.AddLogging();
        services.AddSingleton<TimeProvider>(new FakeTimeProvider(TestArticles.MintPublished.AddHours(1)));
        services.AddSingleton(storage);
        services.AddSingleton(spikes.Object);
        services.AddSingleton(directory.Object);
        services.AddKeyedSingleton(AnalyzerNames.Local, _local.Object);
        services.AddKeyedSingleton(AnalyzerNames.Azure, _azure.Object);
        services.AddAnalysis();
        return services.BuildServiceProvider().GetRequiredService<ArticleAnalysisStage>();
    }
}
