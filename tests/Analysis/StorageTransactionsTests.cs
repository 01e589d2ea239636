using Azure.Data.Tables;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Moq;
using NewsMonitor.Analysis;
using NewsMonitor.Analysis.Mentions;
using NewsMonitor.Analysis.Stories;
using NewsMonitor.Feeds;
using NewsMonitor.Spikes;
using NewsMonitor.Storage;
using NewsMonitor.Subscriptions;
using NewsMonitor.Tests.Support;

namespace NewsMonitor.Tests.Analysis;

/// <summary>
/// The storage requests (billed transactions) of analysing one article, counted by a pipeline policy on every storage
/// client: a fixed number whatever the history stored (README, "Scale" states it).
/// </summary>
public sealed class StorageTransactionsTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    /// <summary>
    /// The story index for an article that starts a story (StoryIndex), in an analyzer that has run before: its
    /// assignment read, each band row written at once (a new key inserted, a row it wrote last merged with the ETag it
    /// remembers), its assignment inserted, its member row. What a band write replaced is what the article finds there:
    /// no band row is read again.
    /// </summary>
    public const int StoryIndexNewStory = 1 + StoryFingerprint.Bands + 2;

    /// <summary>
    /// Analysis blob probe, the story index, 2 per Mentions key (the insert, and the write of the hour's row, which this
    /// analyzer wrote last and remembers) for the keyword and the volume, analysis blob write.
    /// </summary>
    public const int PerArticleWithoutCheck = 1 + StoryIndexNewStory + (2 * 2) + 1;

    /// <summary>Plus the spike check: the keyword's episode state and two MentionHours queries (the keyword's and the volume's hours).</summary>
    public const int PerArticleWithCheck = PerArticleWithoutCheck + 3;

    private static readonly DateTimeOffset Now = new(2026, 3, 12, 6, 40, 0, TimeSpan.Zero);
    private static readonly string[] Publishers = ["Mint", "Reuters", "AP", "BBC", "Dawn"];

    [Theory]
    [InlineData(0)]
    [InlineData(7 * 24)]
    public async Task AnalyzeAsync_OneArticle_FixedTransactionsWhateverTheHistory(int historyHours)
    {
        var storage = await azurite.ResetAsync();
        await SeedAsync(storage, Now.AddHours(-6 - historyHours), Now.AddHours(-6), articlesPerHour: 40);
        await SeedAsync(storage, Now.AddHours(-6), Now, articlesPerHour: 4);
        var counter = new CountingPolicy();

        // Checked after every article (no debounce): the most a single article costs.
        var stage = CreateStage(counter, TimeSpan.Zero);
        await WarmUpAsync(stage, storage, 0);
        var withCheck = await CountAsync(counter, () => AnalyzeAsync(stage, storage, 2));

        // Debounced (the default): a later article within the interval records its mentions only.
        var debounced = CreateStage(counter, TimeSpan.FromMinutes(1));
        await WarmUpAsync(debounced, storage, 3);
        var withoutCheck = await CountAsync(counter, () => AnalyzeAsync(debounced, storage, 5));

        Assert.True(withCheck.Count == PerArticleWithCheck, string.Join("\n", withCheck));
        Assert.True(withoutCheck.Count == PerArticleWithoutCheck, string.Join("\n", withoutCheck));

        // Azurite answers a table query by scanning the whole table: the tables that grow with the catalogue (Stories,
        // the StoryBand tables, Mentions) get point operations only; the spike check queries MentionHours, one row per
        // keyword and hour.
        Assert.DoesNotContain(withoutCheck, IsTableQuery);
        Assert.All(withCheck.Where(IsTableQuery), request => Assert.Contains($"/{StorageNames.MentionHoursTable}()", request, StringComparison.Ordinal));
    }

    [Fact]
    public async Task AnalyzeJustStoredAsync_ArticleTheCallerJustStored_ReadsNeitherAnEarlierAnalysisNorAStoryAssignment()
    {
        var storage = await azurite.ResetAsync();
        var counter = new CountingPolicy();
        var stage = CreateStage(counter, TimeSpan.FromMinutes(1));
        await WarmUpAsync(stage, storage, 0);

        var justStored = await CountAsync(counter, () => AnalyzeAsync(stage, storage, 2, justStored: true));

        // Neither the analysis blob nor the story assignment is read: neither can exist for an article just stored.
        Assert.True(justStored.Count == PerArticleWithoutCheck - 2, string.Join("\n", justStored));
        Assert.DoesNotContain(justStored, request => request.StartsWith($"GET devstoreaccount1/{StorageNames.StoriesTable}(PartitionKey='article", StringComparison.Ordinal));
        Assert.DoesNotContain(justStored, request => request.StartsWith($"GET devstoreaccount1/{StorageNames.AnalysisContainer}/", StringComparison.Ordinal));
        Assert.Single(justStored, request => request.StartsWith($"PUT devstoreaccount1/{StorageNames.AnalysisContainer}/", StringComparison.Ordinal));
    }

    // A query is a GET of "{table}()" with a filter; a point operation names "{table}(PartitionKey='…',RowKey='…')".
    private static bool IsTableQuery(string request) =>
        request.StartsWith("GET ", StringComparison.Ordinal) && request.Contains("()", StringComparison.Ordinal);

    private static async Task<List<string>> CountAsync(CountingPolicy counter, Func<Task> action)
    {
        counter.Requests.Clear();
        await action();
        return [.. counter.Requests];
    }

    /// <summary>
    /// Two articles (<paramref name="n"/> and the next) before the measured one, so that it is measured as a running
    /// analyzer costs: the first article of an analyzer reads each hour row it does not remember yet, and the first spike
    /// check recounts the keyword's earlier hours once, which rewrites the hour row the analyzer remembers.
    /// </summary>
    private static async Task WarmUpAsync(ArticleAnalysisStage stage, NewsStorage storage, int n)
    {
        await AnalyzeAsync(stage, storage, n);
        await AnalyzeAsync(stage, storage, n + 1);
    }

    private static async Task AnalyzeAsync(ArticleAnalysisStage stage, NewsStorage storage, int n, bool justStored = false)
    {
        var article = TestArticles.Mint(Now.AddMinutes(-n - 1), $"https://news.example.com/taliban-{n}", Publishers[n % Publishers.Length]) with
        {
            // Each its own story in words of its own but the keyword: it shares no band row with another article, so
            // every band write is an insert and the story index costs the same for each, whichever analyzer saw what.
            Title = $"Taliban {Words(n, 0, 6)}",
            Content = $"{Words(n, 6, 12)} Taliban {Words(n, 18, 12)}.",
        };
        var json = BinaryData.FromObjectAsJson(article, ArticleAnalysisStage.Json).ToString();
        await storage.Container(StorageNames.ArticlesContainer).GetBlobClient(article.BlobName).UploadAsync(BinaryData.FromString(json));
        await (justStored ? stage.AnalyzeJustStoredAsync(article.BlobName, json) : stage.AnalyzeAsync(article.BlobName, json));
    }

    /// <summary>Made-up words (letters only) that no other article number uses.</summary>
    private static string Words(int n, int first, int count) =>
        string.Join(' ', Enumerable.Range(first, count).Select(i => $"{(char)('a' + n)}{(char)('a' + (i % 26))}{(char)('a' + (i / 26))}word"));

    /// <summary>Mentions rows as the recorder writes them, in batches (the history is not what is measured).</summary>
    private static async Task SeedAsync(NewsStorage storage, DateTimeOffset from, DateTimeOffset to, int articlesPerHour)
    {
        var table = storage.Table(StorageNames.MentionsTable);
        for (var bucket = MentionKeys.BucketStart(from); bucket < to; bucket += MentionKeys.BucketSize)
        {
            var volume = new List<TableTransactionAction>();
            var keyword = new List<TableTransactionAction>();
            for (var i = 0; i < articlesPerHour; i++)
            {
                var entity = new TableEntity(MentionKeys.PartitionKey(MentionKeys.AllArticles, bucket), $"h{bucket:yyyyMMddHH}-{i}")
                {
                    [MentionColumns.Source] = Publishers[i % Publishers.Length],
                    [MentionColumns.Published] = bucket.AddMinutes(i % 60),
                };
                volume.Add(new TableTransactionAction(TableTransactionActionType.UpsertReplace, entity));
                if (i % 4 == 0)
                {
                    keyword.Add(new TableTransactionAction(
                        TableTransactionActionType.UpsertReplace,
                        new TableEntity(entity) { PartitionKey = MentionKeys.PartitionKey("taliban", bucket) }));
                }
            }

            foreach (var batch in new[] { volume, keyword }.Where(b => b.Count > 0))
            {
                await table.SubmitTransactionAsync(batch);
            }
        }
    }

    private ArticleAnalysisStage CreateStage(CountingPolicy counter, TimeSpan checkInterval)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Analysis:Keywords"] = "Taliban",
            ["Spikes:CheckInterval"] = checkInterval.ToString(),
        }).Build();
        var analyzer = new Mock<ITextAnalyzer>();
        analyzer.SetupGet(a => a.Name).Returns(AnalyzerNames.Local);
        analyzer.Setup(a => a.AnalyzeAsync(It.IsAny<string>(), It.IsAny<string?>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(new TextAnalysis { Language = "en", Sentiment = new SentimentScores("negative", 0.1, 0.2, 0.7), Analyzer = AnalyzerNames.Local });
        var directory = new Mock<ISubscriberDirectory>();
        directory.Setup(d => d.GetWatchedKeywordsAsync(It.IsAny<CancellationToken>())).ReturnsAsync([]);
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging();
        services.AddSingleton<TimeProvider>(new FakeTimeProvider(Now));
        services.AddSingleton(counter.Storage(azurite.ConnectionString));
        services.AddSingleton(directory.Object);
        services.AddKeyedSingleton(AnalyzerNames.Local, analyzer.Object);
        services.AddAnalysis();
        services.AddSpikeDetection();
        return services.BuildServiceProvider().GetRequiredService<ArticleAnalysisStage>();
    }
}
