using NewsMonitor.Cli.Demo;

namespace NewsMonitor.Tests.Cli.Demo;

public sealed class DemoRunnerTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 12, 6, 1, 2, 3, TimeSpan.Zero);

    private readonly string _outbox = Path.Combine(Path.GetTempPath(), "newsmon-demo-runs-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public void CreateRunFolder_TwoRunsInTheSameSecond_TwoFoldersInTheOrderOfTheRuns()
    {
        var first = DemoRunner.CreateRunFolder(_outbox, Now);
        var second = DemoRunner.CreateRunFolder(_outbox, Now);

        Assert.Equal(Path.Combine(_outbox, "demo-20261206-010203"), first);
        Assert.NotEqual(first, second);
        Assert.True(Directory.Exists(first) && Directory.Exists(second));
        Assert.True(string.CompareOrdinal(first + Path.DirectorySeparatorChar, second + Path.DirectorySeparatorChar) < 0);
    }

    public void Dispose()
    {
        if (Directory.Exists(_outbox))
        {
            Directory.Delete(_outbox, recursive: true);
        }
    }
}
