using System.Text.Json;
using Azure.Data.Tables;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Moq;
using NewsMonitor.Alerts;
using NewsMonitor.Analysis;
using NewsMonitor.Articles;
using NewsMonitor.Feeds;
using NewsMonitor.Spikes;
using NewsMonitor.Storage;
using NewsMonitor.Subscriptions;
using NewsMonitor.Tests.Support;

namespace NewsMonitor.Tests.Analysis;

public sealed class AnalyzeArticleFunctionTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private static readonly DateTimeOffset Now = new(2021, 7, 9, 13, 0, 0, TimeSpan.Zero);
    private static readonly string[] ExpectedKeywords = ["Taliban", "Afghanistan", "Lavrov"];

    private readonly Mock<ITextAnalyzer> _analyzer = new();
    private readonly Mock<ISpikeMonitor> _spikes = new();
    private readonly Mock<ISubscriberDirectory> _directory = new();

    [Fact]
    public async Task RunAsync_StoredArticle_WritesAnalysisMentionsAndChecksSpikes()
    {
        var (function, storage) = await CreateSutAsync();
        var article = TestArticles.Mint();
        var json = await StoreAsync(storage, article);

        await function.AnalyzeArticle(json, article.BlobName, CancellationToken.None);

        var analysis = await ReadAnalysisAsync(storage, article.BlobName);
        Assert.NotNull(analysis);
        Assert.Equal(article.Id, analysis.ArticleId);
        Assert.Equal(article.BlobName, analysis.ArticleBlobName);
        Assert.Equal(Now, analysis.AnalyzedAt);
        Assert.Equal("negative", analysis.Result.Sentiment.Label);
        Assert.Equal(["Taliban", "Afghanistan", "Lavrov"], analysis.Keywords);
        Assert.Equal(
            ["*|2021070912", "afghanistan|2021070912", "lavrov|2021070912", "taliban|2021070912"],
            (await MentionRowsAsync(storage)).Select(r => r.PartitionKey + "/" + r.RowKey)
                .Order(StringComparer.Ordinal).Select(k => k.Split('/')[0][..^2]));
        _spikes.Verify(s => s.CheckAsync(
            It.Is<IReadOnlyCollection<string>>(k => k.SequenceEqual(ExpectedKeywords)),
            article.Published,
            It.IsAny<CancellationToken>()), Times.Once);
        _analyzer.Verify(a => a.AnalyzeAsync(
            It.Is<string>(t => t.StartsWith(article.Title, StringComparison.Ordinal) && t.Contains("Sergei Lavrov", StringComparison.Ordinal)),
            It.IsAny<string?>(),
            It.IsAny<CancellationToken>()));
    }

    [Fact]
    public async Task RunAsync_SameEventTwice_SameRowsNoSecondAnalysisOrSpikeCheck()
    {
        var (function, storage) = await CreateSutAsync();
        var article = TestArticles.Mint();
        var json = await StoreAsync(storage, article);

        await function.AnalyzeArticle(json, article.BlobName, CancellationToken.None);
        var rowsAfterFirst = await MentionRowsAsync(storage);
        await function.AnalyzeArticle(json, article.BlobName, CancellationToken.None);
        var rowsAfterSecond = await MentionRowsAsync(storage);

        Assert.Equal(4, rowsAfterSecond.Count);
        Assert.Equal(
            rowsAfterFirst.Select(r => (r.PartitionKey, r.RowKey)),
            rowsAfterSecond.Select(r => (r.PartitionKey, r.RowKey)));
        _analyzer.Verify(a => a.AnalyzeAsync(It.IsAny<string>(), It.IsAny<string?>(), It.IsAny<CancellationToken>()), Times.Once);
        _spikes.Verify(s => s.CheckAsync(It.IsAny<IReadOnlyCollection<string>>(), It.IsAny<DateTimeOffset>(), It.IsAny<CancellationToken>()), Times.Once);
    }

    [Theory]
    [InlineData("{ this is not json")]
    [InlineData("{\"title\": \"no id, no url, no dates\"}")]
    [InlineData("null")]
    [InlineData("")]
    public async Task RunAsync_BadArticleJson_ClearErrorAndNothingWritten(string json)
    {
        var (function, storage) = await CreateSutAsync();
        const string blobName = "2021/07/09/bad.json";

        var exception = await Assert.ThrowsAsync<InvalidDataException>(() => function.AnalyzeArticle(json, blobName, CancellationToken.None));

        Assert.Contains("articles/" + blobName, exception.Message, StringComparison.Ordinal);
        Assert.Empty(await MentionRowsAsync(storage));
        Assert.Null(await ReadAnalysisAsync(storage, blobName));
        _analyzer.Verify(a => a.AnalyzeAsync(It.IsAny<string>(), It.IsAny<string?>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Fact]
    public async Task RunAsync_AnalyzerFails_ExceptionEscapesThenRetrySucceeds()
    {
        var (function, storage) = await CreateSutAsync();
        var article = TestArticles.Mint();
        var json = await StoreAsync(storage, article);
        _analyzer.SetupSequence(a => a.AnalyzeAsync(It.IsAny<string>(), It.IsAny<string?>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new HttpRequestException("Azure AI Language is down"))
            .ReturnsAsync(Result());

        await Assert.ThrowsAsync<HttpRequestException>(() => function.AnalyzeArticle(json, article.BlobName, CancellationToken.None));
        Assert.Empty(await MentionRowsAsync(storage));
        Assert.Null(await ReadAnalysisAsync(storage, article.BlobName));

        await function.AnalyzeArticle(json, article.BlobName, CancellationToken.None);
        Assert.NotNull(await ReadAnalysisAsync(storage, article.BlobName));
        Assert.Equal(4, (await MentionRowsAsync(storage)).Count);
    }

    [Fact]
    public async Task AnalyzeAsync_ByBlobName_ReadsStoredArticle()
    {
        var (_, storage) = await CreateSutAsync();
        var article = TestArticles.Mint();
        await StoreAsync(storage, article);
        await using var services = CreateServices(storage);

        var analysis = await services.GetRequiredService<ArticleAnalysisStage>().AnalyzeAsync(article.BlobName);

        Assert.Equal(article.Id, analysis.ArticleId);
        Assert.NotNull(await ReadAnalysisAsync(storage, article.BlobName));
    }

    [Fact]
    public async Task RunAsync_NoKeywordMatched_CountedInTotalWithoutSpikeCheck()
    {
        var (function, storage) = await CreateSutAsync();
        var article = TestArticles.Mint() with { Title = "Markets close higher", Content = "Stocks rose on Friday." };
        var json = await StoreAsync(storage, article);

        await function.AnalyzeArticle(json, article.BlobName, CancellationToken.None);

        var row = Assert.Single(await MentionRowsAsync(storage));
        Assert.StartsWith(MentionKeys.AllArticles + "|", row.PartitionKey, StringComparison.Ordinal);
        _spikes.Verify(s => s.CheckAsync(It.IsAny<IReadOnlyCollection<string>>(), It.IsAny<DateTimeOffset>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    private async Task<(AnalyzeArticleFunction Function, NewsStorage Storage)> CreateSutAsync()
    {
        var storage = await azurite.ResetAsync();
        _analyzer.SetupGet(a => a.Name).Returns(AnalyzerNames.Local);
        _analyzer.Setup(a => a.AnalyzeAsync(It.IsAny<string>(), It.IsAny<string?>(), It.IsAny<CancellationToken>())).ReturnsAsync(Result());
        _spikes.Setup(s => s.CheckAsync(It.IsAny<IReadOnlyCollection<string>>(), It.IsAny<DateTimeOffset>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync([]);
        _directory.Setup(d => d.GetWatchedKeywordsAsync(It.IsAny<CancellationToken>())).ReturnsAsync(["Lavrov", "taliban", "Brazil"]);
        var services = CreateServices(storage);
        return (new AnalyzeArticleFunction(services.GetRequiredService<ArticleAnalysisStage>()), storage);
    }

    private ServiceProvider CreateServices(NewsStorage storage) =>
        AnalysisTestServices.Create(storage, Now, _analyzer.Object, _spikes.Object, _directory.Object);

    private static TextAnalysis Result() => new()
    {
        Language = "en",
        Sentiment = new SentimentScores("negative", 0.05, 0.25, 0.7),
        Analyzer = AnalyzerNames.Local,
    };

    private static async Task<string> StoreAsync(NewsStorage storage, Article article)
    {
        var json = JsonSerializer.Serialize(article, ArticleAnalysisStage.Json);
        await storage.Container(StorageNames.ArticlesContainer).GetBlobClient(article.BlobName).UploadAsync(BinaryData.FromString(json));
        return json;
    }

    private static async Task<ArticleAnalysis?> ReadAnalysisAsync(NewsStorage storage, string blobName)
    {
        var blob = storage.Container(StorageNames.AnalysisContainer).GetBlobClient(blobName);
        if (!(await blob.ExistsAsync()).Value)
        {
            return null;
        }

        return (await blob.DownloadContentAsync()).Value.Content.ToObjectFromJson<ArticleAnalysis>(ArticleAnalysisStage.Json);
    }

    private static async Task<List<TableEntity>> MentionRowsAsync(NewsStorage storage)
    {
        var rows = new List<TableEntity>();
        await foreach (var row in storage.Table(StorageNames.MentionsTable).QueryAsync<TableEntity>())
        {
            rows.Add(row);
        }

        return rows;
    }
}
