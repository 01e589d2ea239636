using NewsMonitor.Cli.Demo;
using NewsMonitor.Feeds.Parsing;

namespace NewsMonitor.Tests.Cli.Demo;

public sealed class DemoScenarioTests
{
    private static readonly DemoScenario Scenario = DemoScenario.Load(DemoScenario.DefaultFolder);

    [Fact]
    public void Load_Twice_SameNews()
    {
        var again = DemoScenario.Load(DemoScenario.DefaultFolder);

        Assert.Equal(
            Scenario.Items.Select(item => (item.SourceId, item.Title, item.Link, item.Published)),
            again.Items.Select(item => (item.SourceId, item.Title, item.Link, item.Published)));
    }

    [Fact]
    public void Load_Baseline_AWeekOfOrdinaryNewsWithRareAfghanistanCoverage()
    {
        var before = Scenario.Items.Where(item => item.Published < new DateTimeOffset(2021, 7, 9, 0, 0, 0, TimeSpan.Zero)).ToList();

        Assert.True(new DateTimeOffset(2021, 7, 9, 8, 0, 0, TimeSpan.Zero) - Scenario.Start > TimeSpan.FromDays(7.25), "the spike baseline needs 7 days of history before its 6-hour window");
        Assert.InRange(Scenario.Items.Count, 150, 600);
        Assert.InRange(before.Count(item => Mentions(item, "Taliban") || Mentions(item, "Afghanistan")), 3, 12);
        Assert.InRange(before.Count(item => Mentions(item, "Olympics")), 1, 5);
        Assert.Equal(["atom", "jsonfeed", "rdf", "rss"], Scenario.Sources.Select(source => source.Format).Distinct().Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Load_Burst_FiveSourcesInOneHourIncludingMint()
    {
        var burstHour = Scenario.Items
            .Where(item => !item.IsSyndicatedCopy && Mentions(item, "Taliban"))
            .Where(item => item.Published >= new DateTimeOffset(2021, 7, 9, 8, 0, 0, TimeSpan.Zero)
                           && item.Published < new DateTimeOffset(2021, 7, 9, 9, 0, 0, TimeSpan.Zero))
            .ToList();

        Assert.Equal(5, burstHour.Count);
        Assert.Equal(5, burstHour.Select(item => item.SourceId).Distinct().Count());
        var mint = Assert.Single(burstHour, item => item.SourceId == "mint");
        Assert.Contains("Jaishankar", mint.Content, StringComparison.Ordinal);
    }

    [Fact]
    public void Visible_AtAnyTime_OnlyItemsPublishedByThenNewestFirst()
    {
        var now = new DateTimeOffset(2021, 7, 4, 12, 0, 0, TimeSpan.Zero);

        var visible = Scenario.Visible("global-wire", now);

        Assert.NotEmpty(visible);
        Assert.True(visible.Count <= Scenario.ItemsPerFeed);
        Assert.All(visible, item => Assert.True(item.Published <= now));
        Assert.Equal(visible.OrderByDescending(item => item.Published).ToList(), visible);
    }

    [Fact]
    public void Render_EveryFormat_ParsesBackToTheSameItems()
    {
        foreach (var source in Scenario.Sources)
        {
            var items = Scenario.Visible(source.Id, Scenario.End);
            var (body, _) = DemoFeedRenderer.Render(source, items, new Uri($"http://127.0.0.1:1{source.FeedPath}"), Scenario.End);

            var parsed = new FeedParser().Parse(new MemoryStream(body), new FeedSource());

            Assert.Equal(items.Select(item => item.Title), parsed.Items.Select(item => item.Title));
            Assert.Equal(items.Select(item => item.Link), parsed.Items.Select(item => item.Link));
            Assert.Equal(items.Select(item => (DateTimeOffset?)item.Published), parsed.Items.Select(item => item.Published));
        }
    }

    private static bool Mentions(DemoItem item, string keyword) =>
        $"{item.Title} {item.Summary} {item.Content}".Contains(keyword, StringComparison.OrdinalIgnoreCase);
}
