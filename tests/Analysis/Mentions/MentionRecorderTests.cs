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
        Assert.Equal(
            ["*|2021070912", "afghanistan|2021070912", "taliban|2021070912"],
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
        Assert.Equal($"{MentionKeys.AllArticles}|2021070912", row.PartitionKey);
    }

    [Fact]
    public async Task RecordAsync_BucketFromPublishedTime_NotFromNow()
    {
        var storage = await azurite.ResetAsync();
        var published = new DateTimeOffset(2024, 2, 29, 23, 59, 59, TimeSpan.FromHours(-5));

        await new MentionRecorder(storage).RecordAsync(TestArticles.Mint(published), [new MentionedKeyword("Kabul", 1)], null);

        Assert.Contains(await RowsAsync(storage), r => r.PartitionKey == "kabul|2024030104");
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
