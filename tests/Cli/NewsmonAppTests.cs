using System.Text.Json;

namespace NewsMonitor.Tests.Cli;

/// <summary>The command-line contract (docs/cli.md): exit codes 0/1/2, data on stdout, errors on stderr.</summary>
public sealed class NewsmonAppTests
{
    private static readonly string[] AlertValues = ["0", "1"];
    private static readonly string[] SentimentLabels = ["positive", "neutral", "negative", "mixed"];

    [Theory]
    [InlineData("--help")]
    [InlineData("demo", "--help")]
    [InlineData("run", "--help")]
    [InlineData("parse", "--help")]
    [InlineData("analyze", "-h")]
    [InlineData("spikes", "--help")]
    [InlineData("feeds", "add", "--help")]
    [InlineData("subscribers", "add", "--help")]
    [InlineData("poison", "requeue", "--help")]
    public async Task RunAsync_Help_ExitsZeroWithUsage(params string[] args)
    {
        var result = await CliRunner.RunAsync(args);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("Usage:", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_RootHelp_ListsEveryCommand()
    {
        var result = await CliRunner.RunAsync("--help");

        foreach (var command in new[] { "demo", "run", "parse", "analyze", "spikes", "feeds", "subscribers", "poison", "trends" })
        {
            Assert.Contains(command, result.Output, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("bogus")]
    [InlineData("parse", "--no-such-option", "feed.xml")]
    [InlineData("parse")]
    [InlineData("spikes")]
    [InlineData("analyze")]
    [InlineData("analyze", "text.txt", "--batch", "lines.jsonl")]
    [InlineData("analyze", "--analyzer", "neither", "text.txt")]
    [InlineData("feeds")]
    [InlineData("poison", "requeue")]
    [InlineData("demo", "--step-minutes", "0")]
    [InlineData("demo", "--step-minutes", "soon")]
    [InlineData("feeds", "add")]
    [InlineData("feeds", "remove")]
    [InlineData("feeds", "list", "extra")]
    [InlineData("feeds", "add", "https://wire.example/rss", "--bogus")]
    [InlineData("subscribers")]
    [InlineData("subscribers", "add", "risk.desk@newsroom.example")]
    [InlineData("subscribers", "add", "-k", "Taliban")]
    [InlineData("subscribers", "remove")]
    [InlineData("subscribers", "list", "--bogus")]
    [InlineData("poison")]
    [InlineData("poison", "requeue", "some-id", "--all")]
    [InlineData("poison", "list", "extra")]
    [InlineData("run", "--interval-minutes", "0")]
    [InlineData("run", "--interval-minutes", "soon")]
    [InlineData("run", "--bogus")]
    public async Task RunAsync_UsageError_ExitsTwoWithMessageOnStderr(params string[] args)
    {
        var result = await CliRunner.RunAsync(args);

        Assert.Equal(2, result.ExitCode);
        Assert.Equal("", result.Output);
        Assert.Contains("newsmon:", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Parse_SampleFeed_PrintsContractJson()
    {
        var result = await CliRunner.RunAsync("parse", CliRunner.TestData("world-news.rss"));

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("", result.Error);
        using var json = JsonDocument.Parse(result.Output);
        var root = json.RootElement;
        Assert.Equal("Global Wire — World", root.GetProperty("title").GetString());
        Assert.Equal("https://globalwire.example/", root.GetProperty("link").GetString());
        var items = root.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(2, items.Count);
        foreach (var name in new[] { "id", "title", "link", "published", "summary", "author", "categories" })
        {
            Assert.All(items, item => Assert.True(item.TryGetProperty(name, out _), $"item without '{name}'"));
        }

        Assert.Equal("Taliban claim control of 85% of Afghanistan\u2019s territory", items[0].GetProperty("title").GetString());
        Assert.Equal("2021-07-09T07:50:00Z", items[0].GetProperty("published").GetString());
        Assert.Equal("The Taliban said on Friday they had taken control of 85% of territory.", items[0].GetProperty("summary").GetString());
        Assert.Equal(["World", "Afghanistan"], items[0].GetProperty("categories").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal("https://globalwire.example/markets/2021/07/08/oil-prices-climb", items[1].GetProperty("link").GetString());
        Assert.Equal("2021-07-08T08:12:00Z", items[1].GetProperty("published").GetString());
    }

    [Fact]
    public async Task Parse_NotAFeed_ExitsOneWithMessageOnStderr()
    {
        var path = Path.GetTempFileName();
        await File.WriteAllTextAsync(path, "this is not a feed, just words");
        try
        {
            var result = await CliRunner.RunAsync("parse", path);

            Assert.Equal(1, result.ExitCode);
            Assert.Equal("", result.Output);
            Assert.Contains("not a feed", result.Error, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData("parse")]
    [InlineData("analyze")]
    public async Task Command_MissingFile_ExitsOne(string command)
    {
        var result = await CliRunner.RunAsync(command, Path.Combine(Path.GetTempPath(), "newsmon-no-such-file.xml"));

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("cannot read", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Spikes_Series_OneOutputRowPerInputRowAndTheBurstAlerts()
    {
        var input = await File.ReadAllLinesAsync(CliRunner.TestData("series.csv"));

        var result = await CliRunner.RunAsync("spikes", "--input", CliRunner.TestData("series.csv"));

        Assert.Equal(0, result.ExitCode);
        var lines = result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal("timestamp,count,expected,score,alert", lines[0]);
        Assert.Equal(input.Length - 1, lines.Length - 1);
        for (var i = 1; i < input.Length; i++)
        {
            var fields = lines[i].Split(',');
            Assert.Equal(5, fields.Length);
            Assert.Equal(input[i], $"{fields[0]},{fields[1]}");
            Assert.Contains(fields[4], AlertValues);
        }

        Assert.Equal("1", lines.Single(line => line.StartsWith("2021-07-08T08:00:00Z", StringComparison.Ordinal)).Split(',')[4]);
        Assert.Equal("0", lines.Single(line => line.StartsWith("2021-07-08T01:00:00Z", StringComparison.Ordinal)).Split(',')[4]);
    }

    [Fact]
    public async Task Spikes_BadCsv_ExitsOneWithLineInMessage()
    {
        var path = Path.GetTempFileName();
        await File.WriteAllTextAsync(path, "timestamp,count\n2021-07-08T00:00:00Z,three\n");
        try
        {
            var result = await CliRunner.RunAsync("spikes", "--input", path);

            Assert.Equal(1, result.ExitCode);
            Assert.Equal("", result.Output);
            Assert.Contains("line 2", result.Error, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task Analyze_Article_PrintsResultWithScoresSummingToOne()
    {
        var article = Path.Combine(AppContext.BaseDirectory, "Demo", "Data", "mint-2021-07-09-afghanistan.txt");

        var result = await CliRunner.RunAsync("analyze", "--analyzer", "local", article);

        Assert.Equal(0, result.ExitCode);
        using var json = JsonDocument.Parse(result.Output);
        var root = json.RootElement;
        Assert.Equal("en", root.GetProperty("language").GetString());
        AssertSentiment(root.GetProperty("sentiment"));
        Assert.NotEmpty(root.GetProperty("sentences").EnumerateArray());
        var entities = root.GetProperty("entities").EnumerateArray().ToList();
        Assert.NotEmpty(entities);
        foreach (var name in new[] { "text", "category", "subcategory", "offset", "length", "confidence" })
        {
            Assert.All(entities, entity => Assert.True(entity.TryGetProperty(name, out _), $"entity without '{name}'"));
        }

        Assert.Contains(entities, entity => entity.GetProperty("text").GetString() == "Taliban");
        Assert.NotEmpty(root.GetProperty("keyPhrases").EnumerateArray());
    }

    [Fact]
    public async Task Analyze_Batch_OneLinePerInputInInputOrder()
    {
        var path = Path.GetTempFileName();
        await File.WriteAllLinesAsync(path,
        [
            """{"id": "c", "text": "The Taliban seized a border crossing with Iran on Friday."}""",
            """{"id": 7, "text": "Stocks rallied in Tokyo after strong earnings from exporters."}""",
            "",
            """{"id": "a", "text": "Floods forced thousands from their homes in northern Brazil."}""",
            """{"id": "b", "text": "The central bank kept interest rates unchanged."}""",
        ]);
        try
        {
            var result = await CliRunner.RunAsync("analyze", "--batch", path);

            Assert.Equal(0, result.ExitCode);
            var lines = result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            var documents = lines.Select(line => JsonDocument.Parse(line)).ToList();
            Assert.Equal(["\"c\"", "7", "\"a\"", "\"b\""], documents.Select(document => document.RootElement.GetProperty("id").GetRawText()));
            Assert.All(documents, document => AssertSentiment(document.RootElement.GetProperty("sentiment")));
            documents.ForEach(document => document.Dispose());
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task Analyze_BatchWithBadLine_ExitsOneAndWritesNothing()
    {
        var path = Path.GetTempFileName();
        await File.WriteAllLinesAsync(path, ["""{"id": 1, "text": "fine"}""", """{"id": 2}"""]);
        try
        {
            var result = await CliRunner.RunAsync("analyze", "--batch", path);

            Assert.Equal(1, result.ExitCode);
            Assert.Equal("", result.Output);
            Assert.Contains("line 2", result.Error, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static void AssertSentiment(JsonElement sentiment)
    {
        Assert.Contains(sentiment.GetProperty("label").GetString(), SentimentLabels);
        var sum = sentiment.GetProperty("positive").GetDouble()
                  + sentiment.GetProperty("neutral").GetDouble()
                  + sentiment.GetProperty("negative").GetDouble();
        Assert.InRange(sum, 0.99, 1.01);
    }
}
