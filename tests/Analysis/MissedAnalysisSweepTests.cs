using System.Text.Json;
using Azure.Data.Tables;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Moq;
using NewsMonitor.Alerts;
using NewsMonitor.Analysis;
using NewsMonitor.Articles;
using NewsMonitor.Spikes;
using NewsMonitor.Storage;
using NewsMonitor.Subscriptions;
using NewsMonitor.Tests.Support;

namespace NewsMonitor.Tests.Analysis;

/// <summary>
/// The Azure side of "an analysis is never lost": articles whose blob-created event the host gave up on (poison after
/// five failures during a storage outage, or dead-lettered by Event Grid) are analyzed by the timer's sweep.
/// </summary>
public sealed class MissedAnalysisSweepTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private readonly Mock<ITextAnalyzer> _analyzer = new();
    private readonly Mock<ISpikeMonitor> _spikes = new();
    private readonly Mock<ISubscriberDirectory> _directory = new();

    [Fact]
    public async Task FinishMissed_ArticlesWhoseEventsWereGivenUp_AnalyzedOnceAndCountedOnce()
    {
        var storage = await azurite.ResetAsync();
        // An hour after the articles were stored: past SweepAfter (15 minutes).
        var now = DateTimeOffset.UtcNow.AddHours(1);
        using var services = CreateServices(storage, now);
        var articles = Enumerable.Range(0, 3)
            .Select(i => TestArticles.Mint(published: now.AddMinutes(-30), url: $"https://news.example/taliban-{i}"))
            .ToList();
        foreach (var article in articles)
        {
            await StoreAsync(storage, article);
        }

        // The first article's event was handled; the other two ended in the poison queue.
        await services.GetRequiredService<ArticleAnalysisStage>().AnalyzeAsync(articles[0].BlobName);

        var swept = await services.GetRequiredService<MissedAnalysisSweep>().FinishMissedAsync();
        var again = await services.GetRequiredService<MissedAnalysisSweep>().FinishMissedAsync();

        Assert.Equal(articles.Skip(1).Select(a => a.BlobName).Order(StringComparer.Ordinal), swept.Order(StringComparer.Ordinal));
        Assert.Empty(again);
        foreach (var article in articles)
        {
            Assert.True((await storage.Container(StorageNames.AnalysisContainer).GetBlobClient(article.BlobName).ExistsAsync()).Value);
        }

        var tallied = new List<string>();
        await foreach (var row in storage.Table(StorageNames.MentionsTable).QueryAsync<TableEntity>(
            TableClient.CreateQueryFilter($"PartitionKey ge {"taliban|"} and PartitionKey lt {"taliban}"}")))
        {
            tallied.Add(row.RowKey);
        }

        Assert.Equal(articles.Select(a => a.Id).Order(StringComparer.Ordinal), tallied.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task FinishMissed_ArticleStoredJustNow_LeftToItsTrigger()
    {
        var storage = await azurite.ResetAsync();
        var now = DateTimeOffset.UtcNow;
        using var services = CreateServices(storage, now);
        var article = TestArticles.Mint(published: now.AddMinutes(-30), url: "https://news.example/just-now");
        await StoreAsync(storage, article);

        var swept = await services.GetRequiredService<MissedAnalysisSweep>().FinishMissedAsync();

        Assert.Empty(swept);
        Assert.False((await storage.Container(StorageNames.AnalysisContainer).GetBlobClient(article.BlobName).ExistsAsync()).Value);
    }

    private ServiceProvider CreateServices(NewsStorage storage, DateTimeOffset now)
    {
        _analyzer.SetupGet(a => a.Name).Returns(AnalyzerNames.Local);
        _analyzer.Setup(a => a.AnalyzeAsync(It.IsAny<string>(), It.IsAny<string?>(), It.IsAny<CancellationToken>())).ReturnsAsync(new TextAnalysis
        {
            Language = "en",
            Sentiment = new SentimentScores("neutral", 0.1, 0.8, 0.1),
            Analyzer = AnalyzerNames.Local,
        });
        _spikes.Setup(s => s.CheckAsync(It.IsAny<IReadOnlyCollection<string>>(), It.IsAny<DateTimeOffset>(), It.IsAny<CancellationToken>())).ReturnsAsync([]);
        _directory.Setup(d => d.GetWatchedKeywordsAsync(It.IsAny<CancellationToken>())).ReturnsAsync(["Taliban"]);
        return AnalysisTestServices.Create(storage, now, _analyzer.Object, _spikes.Object, _directory.Object);
    }

    private static async Task StoreAsync(NewsStorage storage, Article article) =>
        await storage.Container(StorageNames.ArticlesContainer).GetBlobClient(article.BlobName)
            .UploadAsync(BinaryData.FromString(JsonSerializer.Serialize(article, ArticleAnalysisStage.Json)));
}
