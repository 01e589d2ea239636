using NewsMonitor.Cli.Commands;
using NewsMonitor.Feeds.Parsing;

namespace NewsMonitor.Tests.Feeds.Parsing;

public sealed class FeedDateTests
{
    [Theory]
    [InlineData("Fri, 09 Jul 2021 14:05:00 GMT", "2021-07-09T14:05:00Z")]
    [InlineData("Fri, 09 Jul 2021 14:05:00 +0000", "2021-07-09T14:05:00Z")]
    [InlineData("Fri, 09 Jul 2021 14:05:00 +0530", "2021-07-09T08:35:00Z")]
    [InlineData("Fri, 09 Jul 2021 14:05:00 -0400", "2021-07-09T18:05:00Z")]
    [InlineData("Fri, 09 Jul 2021 14:05:00 +05:30", "2021-07-09T08:35:00Z")]
    [InlineData("Fri, 09 Jul 2021 14:05:00 UT", "2021-07-09T14:05:00Z")]
    [InlineData("Fri, 09 Jul 2021 14:05:00 UTC", "2021-07-09T14:05:00Z")]
    [InlineData("Fri, 09 Jul 2021 14:05:00 EST", "2021-07-09T19:05:00Z")]
    [InlineData("Fri, 09 Jul 2021 14:05:00 EDT", "2021-07-09T18:05:00Z")]
    [InlineData("Fri, 09 Jul 2021 14:05:00 CST", "2021-07-09T20:05:00Z")]
    [InlineData("Fri, 09 Jul 2021 14:05:00 CDT", "2021-07-09T19:05:00Z")]
    [InlineData("Fri, 09 Jul 2021 14:05:00 MST", "2021-07-09T21:05:00Z")]
    [InlineData("Fri, 09 Jul 2021 14:05:00 MDT", "2021-07-09T20:05:00Z")]
    [InlineData("Fri, 09 Jul 2021 14:05:00 PST", "2021-07-09T22:05:00Z")]
    [InlineData("Fri, 09 Jul 2021 14:05:00 PDT", "2021-07-09T21:05:00Z")]
    [InlineData("Fri, 09 Jul 2021 14:05:00 Z", "2021-07-09T14:05:00Z")]
    [InlineData("Fri, 09 Jul 2021 14:05:00 A", "2021-07-09T14:05:00Z")]
    [InlineData("Fri, 09 Jul 2021 14:05:00 IST", "2021-07-09T08:35:00Z")]
    [InlineData("Fri, 09 Jul 2021 14:05:00 BST", "2021-07-09T13:05:00Z")]
    [InlineData("Fri, 09 Jul 2021 14:05:00 CEST", "2021-07-09T12:05:00Z")]
    [InlineData("Fri, 09 Jul 2021 14:05:00 AEST", "2021-07-09T04:05:00Z")]
    [InlineData("Fri, 09 Jul 2021 14:05:00 GMT+0200", "2021-07-09T12:05:00Z")]
    [InlineData("09 Jul 2021 14:05:00 GMT", "2021-07-09T14:05:00Z")]
    [InlineData("Mon, 09 Jul 2021 14:05:00 GMT", "2021-07-09T14:05:00Z")]
    [InlineData("Fri, 9 Jul 2021 14:05:00 GMT", "2021-07-09T14:05:00Z")]
    [InlineData("Fri, 09 Jul 21 14:05:00 GMT", "2021-07-09T14:05:00Z")]
    [InlineData("Sat, 01 Jan 99 00:00:00 GMT", "1999-01-01T00:00:00Z")]
    [InlineData("Friday, 09 July 2021 14:05:00 GMT", "2021-07-09T14:05:00Z")]
    [InlineData("Fri, 09 Jul 2021 14:05 GMT", "2021-07-09T14:05:00Z")]
    [InlineData("Fri, 09 Jul 2021 14:05:00", "2021-07-09T14:05:00Z")]
    [InlineData("Fri, 09 Jul 2021", "2021-07-09T00:00:00Z")]
    [InlineData("Thu, 09 Sept 2021 14:05:00 +0000", "2021-09-09T14:05:00Z")]
    [InlineData("Thu, 09 Sep. 2021 14:05:00 +0000", "2021-09-09T14:05:00Z")]
    [InlineData("Fri, 09 Jul 2021 14:05:00 +0000 (Coordinated Universal Time)", "2021-07-09T14:05:00Z")]
    [InlineData("Fri, 09 Jul 2021 14:05:00 GMT GMT", "2021-07-09T14:05:00Z")]
    [InlineData("Fri,09 Jul 2021 14:05:00 GMT", "2021-07-09T14:05:00Z")]
    [InlineData("Fri, 09-Jul-2021 14:05:00 GMT", "2021-07-09T14:05:00Z")]
    [InlineData("Fri Jul 09 14:05:00 2021", "2021-07-09T14:05:00Z")]
    [InlineData("July 9, 2021 2:05 PM EDT", "2021-07-09T18:05:00Z")]
    [InlineData("Fri, 09 Jul 2021 14:05:60 GMT", "2021-07-09T14:05:59Z")]
    [InlineData("  Fri, 09 Jul 2021 14:05:00 GMT\n", "2021-07-09T14:05:00Z")]
    [InlineData("2021-07-09T14:05:00Z", "2021-07-09T14:05:00Z")]
    [InlineData("2021-07-09T14:05:00z", "2021-07-09T14:05:00Z")]
    [InlineData("2021-07-09T14:05:00+02:00", "2021-07-09T12:05:00Z")]
    [InlineData("2021-07-09T14:05:00-0700", "2021-07-09T21:05:00Z")]
    [InlineData("2021-07-09T14:05:00+05", "2021-07-09T09:05:00Z")]
    [InlineData("2021-07-09T14:05:00.123456Z", "2021-07-09T14:05:00.123456Z")]
    [InlineData("2021-07-09T14:05:00", "2021-07-09T14:05:00Z")]
    [InlineData("2021-07-09T14:05Z", "2021-07-09T14:05:00Z")]
    [InlineData("2021-07-09 14:05:00", "2021-07-09T14:05:00Z")]
    [InlineData("2021-07-09 14:05:00 EST", "2021-07-09T19:05:00Z")]
    [InlineData("2021-07-09", "2021-07-09T00:00:00Z")]
    [InlineData("2021/07/09 14:05:00", "2021-07-09T14:05:00Z")]
    [InlineData("2021-7-9T14:05:00Z", "2021-07-09T14:05:00Z")]
    [InlineData("2021-12-31T23:30:00-01:00", "2022-01-01T00:30:00Z")]
    public void Parse_RealWorldDate_ReturnsUtcInstant(string text, string expected)
    {
        var parsed = FeedDate.Parse(text);

        Assert.NotNull(parsed);
        Assert.Equal(TimeSpan.Zero, parsed.Value.Offset);
        Assert.Equal(expected, ParsedFeedJson.FormatDate(parsed.Value));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("yesterday")]
    [InlineData("Fri, 32 Jul 2021 14:05:00 GMT")]
    [InlineData("Fri, 30 Feb 2021 14:05:00 GMT")]
    [InlineData("Fri, 09 Jul 2021 25:05:00 GMT")]
    [InlineData("2021-13-09T14:05:00Z")]
    [InlineData("2021-07-09T14:05:00+99:00")]
    [InlineData("Fri, 09 Foo 2021 14:05:00 GMT")]
    [InlineData("9999-12-31T23:59:59-14:00")]
    [InlineData("0000-01-01T00:00:00Z")]
    [InlineData("12345")]
    public void Parse_Unreadable_ReturnsNull(string? text)
    {
        Assert.Null(FeedDate.Parse(text));
    }
}
