using System.Text.Json.Nodes;
using NewsMonitor.Cli.Demo;
using NewsMonitor.Feeds.Parsing;

namespace NewsMonitor.Tests.Cli.Demo;

public sealed class DemoScenarioTests
{
    private static readonly DemoScenario Scenario = DemoScenario.Load(DemoScenario.DefaultFolder);

    private static readonly DateTimeOffset BurstHour = new(2021, 7, 9, 8, 0, 0, TimeSpan.Zero);

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
    public void Load_Burst_SevenArticlesOfFiveStoriesFromFiveSourcesIncludingMint()
    {
        var burstHour = Scenario.Items
            .Where(item => !item.IsSyndicatedCopy && Mentions(item, "Taliban"))
            .Where(item => item.Published >= BurstHour && item.Published < BurstHour.AddHours(1))
            .ToList();

        Assert.Equal(7, burstHour.Count);
        Assert.Equal(5, burstHour.Select(item => item.CopyOf ?? item.Link).Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(5, burstHour.Select(item => item.SourceId).Distinct().Count());
        var mint = Assert.Single(burstHour, item => item.SourceId == "mint");
        Assert.Contains("Jaishankar", mint.Content, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_Burst_AnAgencyStoryEditedByTwoOtherFeedsUnderTheirOwnLinks()
    {
        var copies = Scenario.Items.Where(item => item.CopyOf is not null).ToList();
        var original = Assert.Single(Scenario.Items, item => item.Link == Assert.Single(copies.Select(copy => copy.CopyOf).Distinct()));

        Assert.Equal("global-wire", original.SourceId);
        Assert.Equal(["asia-pacific", "continental"], copies.Select(copy => copy.SourceId).Order(StringComparer.Ordinal));
        Assert.All(copies, copy =>
        {
            Assert.False(copy.IsSyndicatedCopy);
            Assert.StartsWith(Scenario.Sources.Single(source => source.Id == copy.SourceId).Site + "/", copy.Link, StringComparison.Ordinal);
            Assert.Equal(copy.Link, copy.Guid);
            Assert.NotEqual(original.Title, copy.Title);
            Assert.InRange(copy.Published, original.Published, BurstHour.AddHours(1).AddTicks(-1));
        });
        Assert.Equal(Scenario.Items.Count(item => !item.IsSyndicatedCopy) - copies.Count, Scenario.DistinctStories);
    }

    [Fact]
    public void Load_CopyPublishedBeforeItsOriginal_ClearError()
    {
        var folder = Path.Combine(Path.GetTempPath(), "newsmon-demo-data-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            foreach (var file in Directory.GetFiles(DemoScenario.DefaultFolder))
            {
                File.Copy(file, Path.Combine(folder, Path.GetFileName(file)));
            }

            var scenario = JsonNode.Parse(File.ReadAllText(Path.Combine(folder, "scenario.json")))!;
            var story = scenario["stories"]!.AsArray().Single(story => story!["carriedBy"] is not null)!;
            story["carriedBy"]![0]!["published"] = "2021-07-09T08:00:00Z";
            File.WriteAllText(Path.Combine(folder, "scenario.json"), scenario.ToJsonString());

            var error = Assert.Throws<InvalidDataException>(() => DemoScenario.Load(folder));

            Assert.Contains("Afghan officials dispute Taliban claims of sweeping gains", error.Message, StringComparison.Ordinal);
            Assert.Contains("published before the original", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
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
