using System.Text.Json;
using NewsMonitor.Alerts;
using NewsMonitor.Storage;
using NewsMonitor.Tests.Support;

namespace NewsMonitor.Tests.Cli.Commands;

/// <summary><c>newsmon poison list|requeue</c> against Azurite: what is listed, and what moves from alerts-poison to alerts.</summary>
public sealed class PoisonCommandTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private static string Alert(string keyword) => JsonSerializer.Serialize(
        new SpikeAlert
        {
            AlertId = $"{keyword.ToLowerInvariant()}-2021070908",
            Keyword = keyword,
            WindowStart = new DateTimeOffset(2021, 7, 9, 8, 0, 0, TimeSpan.Zero),
            WindowEnd = new DateTimeOffset(2021, 7, 9, 9, 0, 0, TimeSpan.Zero),
            Observed = 5,
            Expected = 0.2,
            Score = 9.1,
            DetectedAt = new DateTimeOffset(2021, 7, 9, 9, 0, 0, TimeSpan.Zero),
            Reason = $"{keyword}: 5 articles in the last hour, usually almost none",
        },
        Json);

    private static async Task<string> PoisonAsync(NewsStorage storage, string body) =>
        (await storage.Queue(StorageNames.AlertsPoisonQueue).SendMessageAsync(body)).Value.MessageId;

    private static async Task<List<string>> BodiesAsync(NewsStorage storage, string queue) =>
        (await storage.Queue(queue).PeekMessagesAsync(32)).Value.Select(message => message.Body.ToString()).ToList();

    [Fact]
    public async Task List_PoisonMessages_ShowsTheirIdsKeywordsAndAlertIdsWithoutRemovingThem()
    {
        var storage = await azurite.ResetAsync();
        var taliban = await PoisonAsync(storage, Alert("Taliban"));
        var unreadable = await PoisonAsync(storage, "{ not json");

        var result = await CliRunner.RunWithStorageAsync(azurite, "poison", "list");

        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Contains(taliban, result.Output, StringComparison.Ordinal);
        Assert.Contains("Taliban", result.Output, StringComparison.Ordinal);
        Assert.Contains("taliban-2021070908", result.Output, StringComparison.Ordinal);
        Assert.Contains(unreadable, result.Output, StringComparison.Ordinal);
        Assert.Contains("(unreadable)", result.Output, StringComparison.Ordinal);
        Assert.Contains("2 poison messages.", result.Output, StringComparison.Ordinal);
        Assert.Equal(2, (await BodiesAsync(storage, StorageNames.AlertsPoisonQueue)).Count);
    }

    [Fact]
    public async Task List_EmptyQueue_SaysSo()
    {
        await azurite.ResetAsync();

        var result = await CliRunner.RunWithStorageAsync(azurite, "poison", "list");

        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Contains("0 poison messages.", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Requeue_All_MovesEveryMessageBackToAlertsAndEmptiesPoison()
    {
        var storage = await azurite.ResetAsync();
        await PoisonAsync(storage, Alert("Taliban"));
        await PoisonAsync(storage, Alert("Afghanistan"));

        var result = await CliRunner.RunWithStorageAsync(azurite, "poison", "requeue", "--all");

        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Contains("Requeued 2 message(s) to alerts.", result.Output, StringComparison.Ordinal);
        Assert.Empty(await BodiesAsync(storage, StorageNames.AlertsPoisonQueue));
        Assert.Equal(
            new[] { Alert("Afghanistan"), Alert("Taliban") },
            (await BodiesAsync(storage, StorageNames.AlertsQueue)).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Requeue_OneId_MovesOnlyThatMessage()
    {
        var storage = await azurite.ResetAsync();
        var taliban = await PoisonAsync(storage, Alert("Taliban"));
        await PoisonAsync(storage, Alert("Afghanistan"));

        var result = await CliRunner.RunWithStorageAsync(azurite, "poison", "requeue", taliban);

        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Contains("Requeued 1 message(s) to alerts.", result.Output, StringComparison.Ordinal);
        Assert.Equal([Alert("Taliban")], await BodiesAsync(storage, StorageNames.AlertsQueue));
        // The one left behind is visible again at once, not hidden for the receive's visibility timeout.
        Assert.Equal([Alert("Afghanistan")], await BodiesAsync(storage, StorageNames.AlertsPoisonQueue));
    }

    [Fact]
    public async Task Requeue_UnknownId_ExitsOneAndMovesNothing()
    {
        var storage = await azurite.ResetAsync();
        await PoisonAsync(storage, Alert("Taliban"));

        var result = await CliRunner.RunWithStorageAsync(azurite, "poison", "requeue", "no-such-id");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("", result.Output);
        Assert.Contains("no poison message with id 'no-such-id'", result.Error, StringComparison.Ordinal);
        Assert.Empty(await BodiesAsync(storage, StorageNames.AlertsQueue));
        Assert.Single(await BodiesAsync(storage, StorageNames.AlertsPoisonQueue));
    }
}
