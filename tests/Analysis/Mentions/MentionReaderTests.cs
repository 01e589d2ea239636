using Azure.Data.Tables;
using NewsMonitor.Analysis;
using NewsMonitor.Analysis.Mentions;
using NewsMonitor.Storage;
using NewsMonitor.Tests.Support;

namespace NewsMonitor.Tests.Analysis.Mentions;

public sealed class MentionReaderTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private static readonly DateTimeOffset Start = new(2021, 7, 9, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task ReadHoursAsync_RecordedArticles_CountsAndDistinctSourcesPerHour()
    {
        var storage = await azurite.ResetAsync();
        var recorder = new MentionRecorder(storage);
        await recorder.RecordAsync(TestArticles.Mint(Start.AddMinutes(5), "https://a.example/1", "Mint"), [new("Taliban", 1)], "negative");
        await recorder.RecordAsync(TestArticles.Mint(Start.AddMinutes(50), "https://b.example/2", "Reuters"), [new("Taliban", 1)], "neutral");
        await recorder.RecordAsync(TestArticles.Mint(Start.AddMinutes(55), "https://f.example/6", " mint "), [new("Taliban", 1)], "neutral");
        await recorder.RecordAsync(TestArticles.Mint(Start.AddHours(2), "https://c.example/3", "Mint"), [new("taliban", 1), new("Kabul", 1)], "negative");
        await recorder.RecordAsync(TestArticles.Mint(Start.AddHours(5), "https://d.example/4", "BBC"), [new("Taliban", 1)], "negative");
        await recorder.RecordAsync(TestArticles.Mint(Start.AddHours(1), "https://e.example/5", "BBC"), [new("Kabul", 1)], "negative");

        var hours = await new MentionReader(storage).ReadHoursAsync("taliban", Start, Start.AddHours(3));
        var volume = await new MentionReader(storage).ReadHoursAsync(MentionKeys.AllArticles, Start, Start.AddHours(5));

        Assert.Equal([(Start, 3), (Start.AddHours(2), 1)], hours.Select(h => (h.Bucket, h.Count)));
        Assert.Equal(["Mint", "Reuters"], hours[0].Sources.Order(StringComparer.Ordinal));
        Assert.Equal([3, 1, 1, 1], volume.Select(h => h.Count));
        Assert.Empty(volume[0].Sources);
    }

    [Fact]
    public async Task RecordAsync_SameArticleTwice_CountedOnce()
    {
        var storage = await azurite.ResetAsync();
        var recorder = new MentionRecorder(storage);
        var article = TestArticles.Mint(Start, "https://a.example/1");
        await recorder.RecordAsync(article, [new("Taliban", 1)], null);
        await recorder.RecordAsync(TestArticles.Mint(Start, "https://b.example/2"), [], null);
        await recorder.RecordAsync(article, [new("Taliban", 1)], "negative");

        var reader = new MentionReader(storage);

        Assert.Equal([(Start, 2)], (await reader.ReadHoursAsync(MentionKeys.AllArticles, Start, Start)).Select(h => (h.Bucket, h.Count)));
        Assert.Equal(1, Assert.Single(await reader.ReadHoursAsync("taliban", Start, Start)).Count);
    }

    [Fact]
    public async Task RecordAsync_ReplayAfterTheRowWasWrittenButNotCounted_CountsItOnce()
    {
        // The first attempt stopped between the Mentions insert and the hour's update: only the row exists.
        var storage = await azurite.ResetAsync();
        var recorder = new MentionRecorder(storage);
        await recorder.RecordAsync(TestArticles.Mint(Start, "https://b.example/2"), [new("Taliban", 1)], null);
        var article = TestArticles.Mint(Start.AddMinutes(7), "https://a.example/1", "Reuters");
        await storage.Table(StorageNames.MentionsTable).AddEntityAsync(new TableEntity(MentionKeys.PartitionKey("taliban", article.Published, article.Id), article.Id)
        {
            [MentionColumns.Keyword] = "Taliban",
            [MentionColumns.Source] = "Reuters",
        });

        await recorder.RecordAsync(article, [new("Taliban", 1)], "negative");

        var hour = Assert.Single(await new MentionReader(storage).ReadHoursAsync("taliban", Start, Start));
        Assert.Equal(2, hour.Count);
        Assert.Equal(["Mint", "Reuters"], hour.Sources.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task RecordAsync_ConcurrentArticlesInOneHour_EveryOneCountedOnce()
    {
        var storage = await azurite.ResetAsync();

        await Task.WhenAll(Enumerable.Range(0, 24).Select(i => Task.Run(() =>
            new MentionRecorder(azurite.CreateStorage()).RecordAsync(
                TestArticles.Mint(Start.AddMinutes(i), $"https://n{i}.example/story", $"Source {i % 6}"), [new("Taliban", 1)], null))));

        var reader = new MentionReader(storage);
        var hour = Assert.Single(await reader.ReadHoursAsync("taliban", Start, Start));
        Assert.Equal(24, hour.Count);
        Assert.Equal(6, hour.Sources.Count);
        Assert.Equal(24, Assert.Single(await reader.ReadHoursAsync(MentionKeys.AllArticles, Start, Start)).Count);
    }

    [Fact]
    public async Task ReadHoursAsync_RowsWrittenBeforeTheAggregatesExisted_RecountedOnceThenReadFromTheAggregates()
    {
        var storage = await azurite.ResetAsync();
        var mentions = storage.Table(StorageNames.MentionsTable);
        for (var i = 0; i < 5; i++)
        {
            await mentions.AddEntityAsync(new TableEntity(MentionKeys.PartitionKey("taliban", Start.AddHours(i % 2)), $"old{i}")
            {
                [MentionColumns.Source] = i < 3 ? "Mint" : "Dawn",
            });
        }

        var reader = new MentionReader(storage);
        var first = await reader.ReadHoursAsync("taliban", Start.AddHours(-3), Start.AddHours(2));

        // Later rows behind the recorder's back are not seen: the hours now come from the aggregates alone.
        await mentions.AddEntityAsync(new TableEntity(MentionKeys.PartitionKey("taliban", Start), "unrecorded"));
        var second = await reader.ReadHoursAsync("taliban", Start.AddHours(-1), Start.AddHours(1));

        Assert.Equal([(Start, 3), (Start.AddHours(1), 2)], first.Select(h => (h.Bucket, h.Count)));
        Assert.Equal(["Dawn", "Mint"], first[0].Sources.Order(StringComparer.Ordinal));
        Assert.Equal(first.Select(h => (h.Bucket, h.Count)), second.Select(h => (h.Bucket, h.Count)));
    }

    [Fact]
    public async Task ReadArticlesAsync_RowsWithAndWithoutAShard_ReadAlikeAndOnlyThoseHours()
    {
        // Rows written before the shards (PK {keyword}|{hour}) stay readable next to the sharded ones.
        var storage = await azurite.ResetAsync();
        var mentions = storage.Table(StorageNames.MentionsTable);
        foreach (var (hour, articleId, sharded) in new[] { (-1, "before", true), (0, "old0", false), (0, "new0", true), (1, "old1", false), (1, "new1", true), (2, "after", false), (2, "after2", true) })
        {
            var bucket = Start.AddHours(hour);
            await mentions.AddEntityAsync(new TableEntity(
                sharded ? MentionKeys.PartitionKey("taliban", bucket, articleId) : MentionKeys.PartitionKey("taliban", bucket), articleId)
            {
                [MentionColumns.Source] = articleId,
                [MentionColumns.Published] = bucket.AddMinutes(1),
            });
        }

        var rows = await new MentionReader(storage).ReadArticlesAsync("taliban", Start, Start.AddHours(1));

        Assert.Equal(
            [(Start, "new0"), (Start, "old0"), (Start.AddHours(1), "new1"), (Start.AddHours(1), "old1")],
            rows.Select(r => (r.Bucket, r.ArticleId)).Order());
    }

    [Fact]
    public void Shard_SpreadsArticlesOverEveryShard()
    {
        var shards = Enumerable.Range(0, 1000).Select(i => MentionKeys.Shard($"article-{i}")).ToList();

        Assert.Equal(MentionKeys.Shards, shards.Distinct().Count());
        Assert.All(shards.GroupBy(shard => shard), group => Assert.InRange(group.Count(), 30, 100));
        Assert.Equal(MentionKeys.Shard("article-1"), MentionKeys.Shard("article-1"));
    }

    [Fact]
    public async Task ReadArticlesAsync_Range_RowsOfThoseHoursOnly()
    {
        var storage = await azurite.ResetAsync();
        var recorder = new MentionRecorder(storage);
        await recorder.RecordAsync(TestArticles.Mint(Start.AddMinutes(5), "https://a.example/1", "Mint"), [new("Taliban", 1)], null);
        await recorder.RecordAsync(TestArticles.Mint(Start.AddHours(1), "https://b.example/2", "BBC"), [new("Taliban", 1)], null);
        await recorder.RecordAsync(TestArticles.Mint(Start.AddHours(2), "https://c.example/3", "Dawn"), [new("Taliban", 1)], null);

        var rows = await new MentionReader(storage).ReadArticlesAsync("taliban", Start.AddHours(1), Start.AddHours(2));

        Assert.Equal(["BBC", "Dawn"], rows.Select(r => r.Source));
        Assert.Equal(Start.AddHours(2), rows[1].Published);
    }

    [Fact]
    public async Task ReadHoursAsync_OlderRangeThanTheCoverage_RecountsUpToTheCoverageSoNoHourIsSkipped()
    {
        var storage = await azurite.ResetAsync();
        var mentions = storage.Table(StorageNames.MentionsTable);
        for (var hour = 0; hour < 10; hour++)
        {
            await mentions.AddEntityAsync(new TableEntity(MentionKeys.PartitionKey("taliban", Start.AddHours(hour)), $"old{hour}"));
        }

        var reader = new MentionReader(storage);
        await reader.ReadHoursAsync("taliban", Start.AddHours(8), Start.AddHours(9));
        var older = await reader.ReadHoursAsync("taliban", Start, Start.AddHours(2));
        var all = await reader.ReadHoursAsync("taliban", Start, Start.AddHours(9));

        Assert.Equal([Start, Start.AddHours(1), Start.AddHours(2)], older.Select(h => h.Bucket));
        Assert.Equal(10, all.Count);
        Assert.All(all, hour => Assert.Equal(1, hour.Count));
    }
}
