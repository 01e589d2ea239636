using System.Text.Json;
using NewsMonitor.Cli.Commands;
using NewsMonitor.Feeds.Parsing;

namespace NewsMonitor.Tests.Cli.Commands;

public sealed class ParsedFeedJsonTests
{
    [Fact]
    public void Write_Feed_ProducesTheCommandLineContractShapeFirst()
    {
        var feed = new ParsedFeed
        {
            Title = "World \u201cNews\u201d",
            Link = "https://news.example.com/",
            Format = "rss",
            Items =
            [
                new ParsedItem
                {
                    Id = "a1",
                    Title = "Taliban advance",
                    Link = "https://news.example.com/a1",
                    Published = new DateTimeOffset(2021, 7, 9, 19, 35, 0, TimeSpan.FromHours(5.5)),
                    Summary = "Summary",
                    Author = "Desk",
                    Categories = ["Afghanistan"],
                    Media = [new ParsedMedia("https://cdn.example.com/a.jpg", "image/jpeg", 10)],
                },
                new ParsedItem { Title = "No date" },
            ],
        };
        using var output = new StringWriter();

        ParsedFeedJson.Write(feed, output);

        using var document = JsonDocument.Parse(output.ToString());
        var root = document.RootElement;
        Assert.Equal(["title", "link", "items"], root.EnumerateObject().Take(3).Select(property => property.Name));
        Assert.Equal("World \u201cNews\u201d", root.GetProperty("title").GetString());
        var items = root.GetProperty("items");
        Assert.Equal(
            ["id", "title", "link", "published", "summary", "author", "categories"],
            items[0].EnumerateObject().Take(7).Select(property => property.Name));
        Assert.Equal("2021-07-09T14:05:00Z", items[0].GetProperty("published").GetString());
        Assert.Equal("Afghanistan", items[0].GetProperty("categories")[0].GetString());
        Assert.Equal(JsonValueKind.Null, items[1].GetProperty("published").ValueKind);
        Assert.Equal(JsonValueKind.Null, items[1].GetProperty("id").ValueKind);
        Assert.Equal(0, items[1].GetProperty("categories").GetArrayLength());
        Assert.Contains("\u201cNews\u201d", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Write_ParsedSampleToStream_RoundTripsItemCount()
    {
        using var input = new MemoryStream(File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Feeds", "Parsing", "TestData", "atom10.xml")));
        var feed = new FeedParser().Parse(input, new FeedSource());
        using var output = new MemoryStream();

        ParsedFeedJson.Write(feed, output);

        using var document = JsonDocument.Parse(output.ToArray());
        Assert.Equal(2, document.RootElement.GetProperty("items").GetArrayLength());
        Assert.Equal("atom", document.RootElement.GetProperty("format").GetString());
    }
}
