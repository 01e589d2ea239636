using Azure.Data.Tables;
using NewsMonitor.Analysis;
using NewsMonitor.Analysis.Mentions;
using NewsMonitor.Storage;
using NewsMonitor.Tests.Support;

namespace NewsMonitor.Tests.Analysis.Mentions;

public sealed class MentionRecorderTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task RecordAsync_Keywords_OneRowPerKeywordPlusBucketTotal()
    {
        var storage = await azurite.ResetAsync();
        var article = TestArticles.Mint();

        await new MentionRecorder(storage).RecordAsync(
            article, [new MentionedKeyword("Taliban", 12), new MentionedKeyword("Afghanistan", 15)], "negative");

        var rows = await RowsAsync(storage);
        // One shard per article: every row of the article in the same one.
        var shard = MentionKeys.Shard(article.Id);
        Assert.Equal(
            [$"*|2021070912|{shard}", $"afghanistan|2021070912|{shard}", $"taliban|2021070912|{shard}"],
            rows.Select(r => r.PartitionKey).Order(StringComparer.Ordinal));
        Assert.All(rows, r => Assert.Equal(article.Id, r.RowKey));
        var taliban = rows.Single(r => r.PartitionKey.StartsWith("taliban", StringComparison.Ordinal));
        Assert.Equal("Taliban", taliban.GetString(MentionColumns.Keyword));
        Assert.Equal(article.Title, taliban.GetString(MentionColumns.Title));
        Assert.Equal("Mint", taliban.GetString(MentionColumns.Source));
        Assert.Equal(article.Url, taliban.GetString(MentionColumns.Url));
        Assert.Equal(article.Published, taliban.GetDateTimeOffset(MentionColumns.Published));
        Assert.Equal("negative", taliban.GetString(MentionColumns.Sentiment));
        Assert.Equal(12, taliban.GetInt32(MentionColumns.Occurrences));
        Assert.Equal(article.BlobName, taliban.GetString(MentionColumns.BlobName));
    }

    [Fact]
    public async Task RecordAsync_SameArticleTwice_NoDoubleCount()
    {
        var storage = await azurite.ResetAsync();
        var recorder = new MentionRecorder(storage);
        var article = TestArticles.Mint();

        await recorder.RecordAsync(article, [new MentionedKeyword("Taliban", 1)], "negative");
        await recorder.RecordAsync(article, [new MentionedKeyword("Taliban", 1)], "negative");

        Assert.Equal(2, (await RowsAsync(storage)).Count);
    }

    [Fact]
    public async Task RecordAsync_NoKeywords_StillCountsArticleInTotal()
    {
        var storage = await azurite.ResetAsync();

        await new MentionRecorder(storage).RecordAsync(TestArticles.Mint(), [], "neutral");

        var row = Assert.Single(await RowsAsync(storage));
        Assert.Equal($"{MentionKeys.AllArticles}|2021070912|{MentionKeys.Shard(TestArticles.Mint().Id)}", row.PartitionKey);
    }

    [Fact]
    public async Task RecordAsync_BucketFromPublishedTime_NotFromNow()
    {
        var storage = await azurite.ResetAsync();
        var published = new DateTimeOffset(2024, 2, 29, 23, 59, 59, TimeSpan.FromHours(-5));

        await new MentionRecorder(storage).RecordAsync(TestArticles.Mint(published), [new MentionedKeyword("Kabul", 1)], null);

        Assert.Contains(await RowsAsync(storage), r => r.PartitionKey.StartsWith("kabul|2024030104|", StringComparison.Ordinal));
    }

    [Fact]
    public async Task RecordAsync_ConcurrentArticlesAndASecondRecorder_EveryArticleCountedInItsHourOnce()
    {
        var storage = await azurite.ResetAsync();
        using var recorder = new MentionRecorder(storage);
        using var other = new MentionRecorder(azurite.CreateStorage());
        var articles = Enumerable.Range(0, 17)
            .Select(n => TestArticles.Mint(url: $"https://www.livemint.com/news/{n}", source: $"Outlet {n % 5}"))
            .ToList();

        // Twelve at once through one recorder, three through another (another process), two more through the first,
        // whose remembered version of the hour is then stale.
        await Task.WhenAll(articles.Take(12).Select(article => recorder.RecordAsync(article, [new MentionedKeyword("Taliban", 1)], null)));
        foreach (var article in articles.Skip(12).Take(3))
        {
            await other.RecordAsync(article, [new MentionedKeyword("Taliban", 1)], null);
        }

        foreach (var article in articles.Skip(15))
        {
            await recorder.RecordAsync(article, [new MentionedKeyword("Taliban", 1)], null);
        }

        foreach (var key in new[] { "taliban", MentionKeys.AllArticles })
        {
            var hour = await storage.Table(StorageNames.MentionHoursTable).GetEntityAsync<TableEntity>(key, "2021070912");
            Assert.Equal(17, hour.Value.GetInt32("Count"));
        }
    }

    [Fact]
    public async Task RecordAsync_HourThisRecorderWroteLast_WrittenWithoutReadingItFirst()
    {
        await azurite.ResetAsync();
        var counter = new CountingPolicy();
        using var recorder = new MentionRecorder(counter.Storage(azurite.ConnectionString));
        await recorder.RecordAsync(TestArticles.Mint(url: "https://www.livemint.com/news/a"), [new MentionedKeyword("Taliban", 1)], null);
        counter.Requests.Clear();

        await recorder.RecordAsync(TestArticles.Mint(url: "https://www.livemint.com/news/b"), [new MentionedKeyword("Taliban", 1)], null);

        // Per key: the Mentions insert and one write of the hour, which this recorder remembers.
        Assert.Equal(4, counter.Requests.Count);
        Assert.DoesNotContain(counter.Requests, request => request.StartsWith($"GET devstoreaccount1/{StorageNames.MentionHoursTable}", StringComparison.Ordinal));
    }

    private static async Task<List<TableEntity>> RowsAsync(NewsStorage storage)
    {
        var rows = new List<TableEntity>();
        await foreach (var row in storage.Table(StorageNames.MentionsTable).QueryAsync<TableEntity>())
        {
            rows.Add(row);
        }

        return rows;
    }
}
