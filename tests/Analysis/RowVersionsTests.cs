using Azure;
using NewsMonitor.Storage;

namespace NewsMonitor.Tests.Analysis;

public sealed class RowVersionsTests
{
    [Fact]
    public void Find_RememberedThenForgotten_GivesTheVersionThenNothing()
    {
        using var versions = new RowVersions<string>(capacity: 4);
        versions.Remember("p", "r", new ETag("W/\"1\""), "one");
        versions.Remember("p", "r", new ETag("W/\"2\""), "two");

        var found = versions.Find("p", "r");
        Assert.Equal(new RowVersion<string>(new ETag("W/\"2\""), "two"), found);
        Assert.Null(versions.Find("p", "other"));

        versions.Forget("p", "r");
        Assert.Null(versions.Find("p", "r"));

        // A write whose response carried no ETag leaves nothing that could be written over.
        versions.Remember("p", "r", new ETag("W/\"3\""), "three");
        versions.Remember("p", "r", etag: null, "four");
        Assert.Null(versions.Find("p", "r"));
    }

    [Fact]
    public void Remember_RowLargerThanTheCapacity_NotKept()
    {
        using var versions = new RowVersions<string>(capacity: 4);
        versions.Remember("p", "small", new ETag("W/\"1\""), "fits", size: 4);
        versions.Remember("p", "large", new ETag("W/\"1\""), "too big", size: 5);

        Assert.NotNull(versions.Find("p", "small"));
        Assert.Null(versions.Find("p", "large"));
    }

    [Fact]
    public void Constructor_NoCapacity_Refused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new RowVersions<string>(capacity: 0));

    [Fact]
    public async Task TakeTurnAsync_RowTakenByAnother_WaitsUntilItsTurnEnds()
    {
        using var versions = new RowVersions<string>(capacity: 4);
        var first = await versions.TakeTurnAsync("p", "r", CancellationToken.None);

        var second = versions.TakeTurnAsync("p", "r", CancellationToken.None);
        using var cancel = new CancellationTokenSource();
        var third = versions.TakeTurnAsync("p", "r", cancel.Token);
        await cancel.CancelAsync();

        Assert.False(second.IsCompleted);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => third);
        first.Dispose();
        first.Dispose(); // a second dispose does not release another waiter's turn
        using var turn = await second;
        Assert.False(versions.TakeTurnAsync("p", "r", CancellationToken.None).IsCompleted);
    }
}
