using Azure.Data.Tables;
using NewsMonitor.Cli.Pipeline;
using NewsMonitor.Tests.Support;

namespace NewsMonitor.Tests.Cli.Pipeline;

/// <summary>The backlog rows of analyzed articles go in batches: one entity group transaction per partition.</summary>
public sealed class FinishedRowsTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task RemoveAsync_RowsOfOnePartition_OneRequest()
    {
        var (backlog, table, counter) = await BacklogAsync();
        var entries = await AddAsync(backlog, PartitionOf(0), 5);
        counter.Requests.Clear();

        await backlog.RemoveAsync(entries);

        Assert.Equal("POST devstoreaccount1/$batch", Assert.Single(counter.Requests));
        Assert.Empty(await table.QueryAsync<TableEntity>().ToListAsync());
    }

    [Fact]
    public async Task RemoveAsync_OneRowGoneAlready_TheOthersAreRemovedAnyway()
    {
        // Another run finished one of them: the transaction fails as a whole, so the rows go one by one.
        var (backlog, table, _) = await BacklogAsync();
        var entries = await AddAsync(backlog, PartitionOf(0), 4);
        await table.DeleteEntityAsync(entries[2].PartitionKey, entries[2].RowKey);

        await backlog.RemoveAsync(entries);

        Assert.Empty(await table.QueryAsync<TableEntity>().ToListAsync());
    }

    [Fact]
    public async Task RemoveAsync_RowsOfTwoPartitions_Refused()
    {
        var (backlog, table, _) = await BacklogAsync();
        var entries = (await AddAsync(backlog, PartitionOf(0), 1)).Concat(await AddAsync(backlog, PartitionOf(1), 1)).ToList();

        await Assert.ThrowsAsync<ArgumentException>(() => backlog.RemoveAsync(entries));
        Assert.Equal(2, (await table.QueryAsync<TableEntity>().ToListAsync()).Count);
    }

    [Fact]
    public async Task FinishedRows_KeepsRowsUntilTheirPartitionFillsABatchOrTheFlush()
    {
        var (backlog, table, counter) = await BacklogAsync();
        var full = await AddAsync(backlog, PartitionOf(0), AnalysisBacklog.MaxBatch);
        var few = await AddAsync(backlog, PartitionOf(1), 3);
        var finished = new FinishedRows(backlog);
        counter.Requests.Clear();

        foreach (var entry in few.Concat(full.SkipLast(1)))
        {
            await finished.AddAsync(entry, CancellationToken.None);
        }

        Assert.Empty(counter.Requests);
        Assert.Equal(AnalysisBacklog.MaxBatch + 3, (await table.QueryAsync<TableEntity>().ToListAsync()).Count);

        await finished.AddAsync(full[^1], CancellationToken.None);
        Assert.Equal(few.Select(entry => entry.RowKey).Order(StringComparer.Ordinal), (await table.QueryAsync<TableEntity>().ToListAsync()).Select(row => row.RowKey).Order(StringComparer.Ordinal));

        await finished.FlushAsync(CancellationToken.None);
        Assert.Empty(await table.QueryAsync<TableEntity>().ToListAsync());
        // One transaction for the full partition, one for the rest; the two queries above are the test's own.
        Assert.Equal(2, counter.Requests.Count(request => request.EndsWith("$batch", StringComparison.Ordinal)));
        Assert.DoesNotContain(counter.Requests, request => request.StartsWith("DELETE", StringComparison.Ordinal));
    }

    [Fact]
    public async Task FinishedRows_ManyPartitionsWaiting_TheFullestGoesOnceTheBoundIsReached()
    {
        var (backlog, table, _) = await BacklogAsync();
        var fullest = await AddAsync(backlog, PartitionOf(0), 40);
        var others = new List<AnalysisBacklogEntry>();
        for (var n = 1; others.Count < FinishedRows.MostWaiting - fullest.Count; n++)
        {
            others.AddRange(await AddAsync(backlog, PartitionOf(n), Math.Min(30, FinishedRows.MostWaiting - fullest.Count - others.Count)));
        }

        var finished = new FinishedRows(backlog);
        foreach (var entry in fullest.Concat(others).SkipLast(1))
        {
            await finished.AddAsync(entry, CancellationToken.None);
        }

        Assert.Equal(FinishedRows.MostWaiting, (await table.QueryAsync<TableEntity>().ToListAsync()).Count);
        await finished.AddAsync(others[^1], CancellationToken.None);

        var left = await table.QueryAsync<TableEntity>().ToListAsync();
        Assert.Equal(FinishedRows.MostWaiting - fullest.Count, left.Count);
        Assert.DoesNotContain(left, row => row.PartitionKey == fullest[0].PartitionKey);
    }

    private async Task<(AnalysisBacklog Backlog, TableClient Table, CountingPolicy Counter)> BacklogAsync()
    {
        await azurite.ResetAsync();
        var counter = new CountingPolicy();
        var storage = counter.Storage(azurite.ConnectionString);
        return (new AnalysisBacklog(storage, TimeProvider.System), storage.Table(AnalysisBacklog.TableName), counter);
    }

    /// <summary>The partition of the n-th distinct partition among made-up blob names.</summary>
    private static string PartitionOf(int n) =>
        BlobNames().Select(AnalysisBacklog.PartitionFor).Distinct(StringComparer.Ordinal).ElementAt(n);

    private static IEnumerable<string> BlobNames() =>
        Enumerable.Range(0, int.MaxValue).Select(i => $"2026/12/06/article-{i}.json");

    /// <summary>Adds <paramref name="count"/> rows whose blob names fall into <paramref name="partition"/>.</summary>
    private static async Task<List<AnalysisBacklogEntry>> AddAsync(AnalysisBacklog backlog, string partition, int count)
    {
        var entries = new List<AnalysisBacklogEntry>();
        foreach (var blobName in BlobNames().Where(name => AnalysisBacklog.PartitionFor(name) == partition).Take(count))
        {
            entries.Add(await backlog.AddAsync(blobName));
        }

        return entries;
    }
}
