namespace NewsMonitor.Tests.Cli;

/// <summary>Every failure a user can cause ends as one sentence and an exit code, never a stack trace.</summary>
public sealed class ErrorBoundaryTests
{
    [Theory]
    [InlineData(2, "not a whole number", "--set", "Spikes:MinCount=abc", "subscribers", "list")]
    [InlineData(2, "Spikes:MinCount", "--set", "Spikes:MinCount=-5", "analyze", "-")]
    [InlineData(2, "KEY=VALUE", "--set", "garbage", "feeds", "list")]
    [InlineData(2, "did you mean Spikes:MinCount", "--set", "Spikes:MinCnt=3", "feeds", "list")]
    [InlineData(2, "no section 'Spike'", "--set", "Spike:MinCount=3", "feeds", "list")]
    [InlineData(2, "true or false", "--set", "Feeds:AllowFileUrls=maybe", "feeds", "list")]
    [InlineData(2, "Analysis:Endpoint", "analyze", "--analyzer", "azure", "-")]
    [InlineData(1, "is a folder", "parse", ".")]
    [InlineData(1, "not ftp:// URLs", "parse", "ftp://feeds.example/rss.xml")]
    public async Task RunAsync_BadSettingOrInput_OneSentenceAndExitCode(int exitCode, string expected, params string[] args)
    {
        var result = await CliRunner.RunAsync(args);

        Assert.Equal(exitCode, result.ExitCode);
        Assert.Equal("", result.Output);
        Assert.StartsWith("newsmon: ", result.Error, StringComparison.Ordinal);
        Assert.Contains(expected, result.Error, StringComparison.Ordinal);
        AssertNoStackTrace(result.Error);
    }

    [Fact]
    public async Task Demo_OutboxIsAFile_ExitsOneNamingTheOption()
    {
        var file = Path.GetTempFileName();
        try
        {
            var result = await CliRunner.RunAsync("demo", "--outbox", file);

            Assert.Equal(1, result.ExitCode);
            Assert.Contains($"--outbox '{file}' is a file", result.Error, StringComparison.Ordinal);
            AssertNoStackTrace(result.Error);
            Assert.True(File.Exists(file), "the file given as --outbox must be left alone");
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task Demo_OutboxCannotBeCreated_ExitsOneNamingTheOption()
    {
        var file = Path.GetTempFileName();
        try
        {
            // A folder inside a file can never be created, whatever the user's permissions.
            var result = await CliRunner.RunAsync("demo", "--outbox", Path.Combine(file, "outbox"));

            Assert.Equal(1, result.ExitCode);
            Assert.Contains("cannot be used as a folder", result.Error, StringComparison.Ordinal);
            AssertNoStackTrace(result.Error);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task Parse_FileUrl_ReadsTheLocalFile()
    {
        var result = await CliRunner.RunAsync("parse", new Uri(CliRunner.TestData("world-news.rss")).AbsoluteUri);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("Global Wire", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_UnknownSettingWithVerbose_PrintsTheDetails()
    {
        var result = await CliRunner.RunAsync("-v", "--set", "Spikes:MinCount=-5", "analyze", "--analyzer", "azure", "-");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("OptionsValidationException", result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("10/01/2026,4", "not an ISO 8601 timestamp")]
    [InlineData("", "no rows")]
    [InlineData("timestamp,count", "no rows")]
    public async Task Spikes_BadCsv_ExitsOneWithTheLine(string content, string expected)
    {
        var path = Path.GetTempFileName();
        await File.WriteAllTextAsync(path, content);
        try
        {
            var result = await CliRunner.RunAsync("spikes", "--input", path);

            Assert.Equal(1, result.ExitCode);
            Assert.Contains(expected, result.Error, StringComparison.Ordinal);
            AssertNoStackTrace(result.Error);
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static void AssertNoStackTrace(string error)
    {
        Assert.DoesNotContain("Unhandled exception", error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
    }
}
