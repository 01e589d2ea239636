using Azure;
using Azure.Data.Tables;
using NewsMonitor.Storage;

namespace NewsMonitor.Tests.Support;

/// <summary>
/// The patch <c>npm ci</c> applies to Azurite (patches/azurite+3.35.0.patch) looks an entity up through whichever of
/// its keys fewer rows share. Whichever key it walks, an operation must reach exactly the row with both keys: rows that
/// share only a PartitionKey or only a RowKey with it are other rows.
/// </summary>
public sealed class AzuritePatchTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task PointOperations_RowsSharingOneKeyEitherWay_EachReachesOnlyTheRowWithBothKeys()
    {
        var storage = await azurite.ResetAsync();
        var table = storage.Table(StorageNames.StoriesTable);
        // Many rows share RowKey "recent" (PartitionKey is the narrower key); many share PartitionKey "hour" (RowKey is).
        for (var i = 0; i < 40; i++)
        {
            await table.AddEntityAsync(new TableEntity($"band|{i:D2}", "recent") { ["Value"] = $"band {i}" });
            await table.AddEntityAsync(new TableEntity("hour", $"article-{i:D2}") { ["Value"] = $"article {i}" });
        }

        var conflict = await Assert.ThrowsAsync<RequestFailedException>(() => table.AddEntityAsync(new TableEntity("band|07", "recent")));
        Assert.Equal(409, conflict.Status);
        Assert.Equal(409, (await Assert.ThrowsAsync<RequestFailedException>(() => table.AddEntityAsync(new TableEntity("hour", "article-31")))).Status);
        await table.AddEntityAsync(new TableEntity("band|07", "other") { ["Value"] = "new row" });
        await table.AddEntityAsync(new TableEntity("elsewhere", "article-31") { ["Value"] = "new row" });

        Assert.Equal("band 7", (await table.GetEntityAsync<TableEntity>("band|07", "recent")).Value.GetString("Value"));
        Assert.Equal("article 31", (await table.GetEntityAsync<TableEntity>("hour", "article-31")).Value.GetString("Value"));
        Assert.False((await table.GetEntityIfExistsAsync<TableEntity>("band|40", "recent")).HasValue);
        Assert.False((await table.GetEntityIfExistsAsync<TableEntity>("hour", "article-40")).HasValue);

        await table.UpdateEntityAsync(new TableEntity("band|12", "recent") { ["Value"] = "merged" }, ETag.All, TableUpdateMode.Merge);
        await table.UpsertEntityAsync(new TableEntity("hour", "article-12") { ["Value"] = "replaced" }, TableUpdateMode.Replace);
        await table.DeleteEntityAsync("band|13", "recent");
        await table.DeleteEntityAsync("hour", "article-13");

        var rows = new Dictionary<(string, string), string?>();
        await foreach (var row in table.QueryAsync<TableEntity>())
        {
            rows[(row.PartitionKey, row.RowKey)] = row.GetString("Value");
        }

        Assert.Equal(80 - 2 + 2, rows.Count);
        Assert.Equal("merged", rows[("band|12", "recent")]);
        Assert.Equal("replaced", rows[("hour", "article-12")]);
        Assert.Equal("band 11", rows[("band|11", "recent")]);
        Assert.Equal("article 11", rows[("hour", "article-11")]);
        Assert.False(rows.ContainsKey(("band|13", "recent")));
        Assert.False(rows.ContainsKey(("hour", "article-13")));
        Assert.Equal("band 14", rows[("band|14", "recent")]);
        Assert.Equal("article 14", rows[("hour", "article-14")]);
    }
}
