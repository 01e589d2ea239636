using System.Text.Json;
using Azure.Data.Tables;
using NewsMonitor.Alerts;
using NewsMonitor.Analysis;
using NewsMonitor.Articles;
using NewsMonitor.Feeds;
using NewsMonitor.Storage;

namespace NewsMonitor.Tests.Alerts;

/// <summary>
/// Test data for an alert: articles and analyses in blob storage, Mentions rows for 72 hours of a quiet baseline
/// and a burst in the last hour, and the SpikeAlert the detector would enqueue for it.
/// </summary>
internal sealed class AlertScenario
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public string Keyword { get; init; } = "Taliban";

    public DateTimeOffset WindowStart { get; init; } = new(2021, 7, 9, 10, 0, 0, TimeSpan.Zero);

    public int BurstArticles { get; init; } = 14;

    public string AlertId { get; init; } = "taliban|2021070910";

    /// <summary>Overrides for the first article (hostile-markup tests).</summary>
    public string? FirstTitle { get; init; }

    public string? FirstUrl { get; init; }

    public string? FirstSource { get; init; }

    public List<Article> Articles { get; } = [];

    public async Task<SpikeAlert> WriteAsync(NewsStorage storage)
    {
        var keywordKey = MentionKeys.KeywordKey(Keyword);
        var mentions = storage.Table(StorageNames.MentionsTable);
        var sources = new[] { "Mint", "Reuters", "BBC News", "Al Jazeera", "Dawn" };
        for (var i = 0; i < BurstArticles; i++)
        {
            var url = i == 0 && FirstUrl is not null ? FirstUrl : $"https://news{i % 5}.example.com/taliban-advance-{i}";
            var article = new Article
            {
                Id = ArticleId.FromCanonicalUrl($"https://news{i % 5}.example.com/taliban-advance-{i}"),
                Url = url,
                Title = i == 0 && FirstTitle is not null ? FirstTitle : $"Taliban seize district {i} as India and Russia watch",
                Published = WindowStart.AddMinutes(3 * i),
                FetchedAt = WindowStart.AddMinutes((3 * i) + 1),
                FeedId = $"feed{i % 5}",
                Source = i == 0 && FirstSource is not null ? FirstSource : sources[i % sources.Length],
            };
            Articles.Add(article);
            await storage.Container(StorageNames.ArticlesContainer).GetBlobClient(article.BlobName)
                .UploadAsync(BinaryData.FromObjectAsJson(article, Json), overwrite: true);
            var analysis = new ArticleAnalysis
            {
                ArticleId = article.Id,
                ArticleBlobName = article.BlobName,
                AnalyzedAt = article.FetchedAt,
                Keywords = [Keyword],
                Result = new TextAnalysis
                {
                    Language = "en",
                    Analyzer = "local",
                    Sentiment = i % 3 == 0
                        ? new SentimentScores("neutral", 0.1, 0.8, 0.1)
                        : new SentimentScores("negative", 0.05, 0.15, 0.8),
                    Entities =
                    [
                        new RecognizedEntity("Taliban", "Organization", null, 0, 7, 0.99),
                        new RecognizedEntity("Afghanistan", "Location", null, 20, 11, 0.98),
                        new RecognizedEntity(i % 2 == 0 ? "India" : "Russia", "Location", null, 40, 5, 0.95),
                        new RecognizedEntity("Friday", "DateTime", null, 60, 6, 0.9),
                    ],
                },
            };
            await storage.Container(StorageNames.AnalysisContainer).GetBlobClient(article.BlobName)
                .UploadAsync(BinaryData.FromObjectAsJson(analysis, Json), overwrite: true);
            await mentions.UpsertEntityAsync(new TableEntity(MentionKeys.PartitionKey(keywordKey, article.Published), article.Id));
        }

        // A quiet baseline: one or two mentions every few hours over the previous three days.
        for (var hour = 1; hour < 72; hour += 3)
        {
            var bucket = WindowStart.AddHours(-hour);
            for (var n = 0; n < 1 + (hour % 2); n++)
            {
                await mentions.UpsertEntityAsync(new TableEntity(MentionKeys.PartitionKey(keywordKey, bucket), $"baseline-{hour}-{n}"));
            }
        }

        return new SpikeAlert
        {
            AlertId = AlertId,
            Keyword = Keyword,
            WindowStart = WindowStart,
            WindowEnd = WindowStart.AddHours(1),
            Observed = BurstArticles,
            Expected = 2.8,
            Score = 7.4,
            DistinctSources = 5,
            ArticleIds = Articles.Select(article => article.Id).ToList(),
            ArticleBlobNames = Articles.Select(article => article.BlobName).ToList(),
            DetectedAt = WindowStart.AddMinutes(50),
            Reason = $"{BurstArticles} articles from 5 sources in one hour against about 2.8 expected for a Friday morning.",
        };
    }
}
