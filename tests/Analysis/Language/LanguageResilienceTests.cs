using System.Net;
using NewsMonitor.Analysis.Language;

namespace NewsMonitor.Tests.Analysis.Language;

public sealed class LanguageResilienceTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);

    [Theory]
    [InlineData("retry-after-ms", "250", 250)]
    [InlineData("x-ms-retry-after-ms", "1500", 1500)]
    [InlineData("Retry-After", "7", 7000)]
    [InlineData("Retry-After", "Fri, 02 Jan 2026 03:04:15 GMT", 10000)]
    [InlineData("Retry-After", "900", 60000)]
    public void RetryAfter_Header_ReturnsRequestedDelayCapped(string header, string value, int expectedMs)
    {
        using var response = new HttpResponseMessage(HttpStatusCode.TooManyRequests);
        response.Headers.TryAddWithoutValidation(header, value);

        var delay = LanguageResilience.RetryAfter(response, Now, TimeSpan.FromSeconds(60));

        Assert.Equal(TimeSpan.FromMilliseconds(expectedMs), delay);
    }

    [Fact]
    public void RetryAfter_MsHeaderAndRetryAfter_MsWins()
    {
        using var response = new HttpResponseMessage(HttpStatusCode.TooManyRequests);
        response.Headers.TryAddWithoutValidation("Retry-After", "30");
        response.Headers.TryAddWithoutValidation("retry-after-ms", "100");

        Assert.Equal(TimeSpan.FromMilliseconds(100), LanguageResilience.RetryAfter(response, Now, TimeSpan.FromMinutes(1)));
    }

    [Fact]
    public void RetryAfter_NoHeader_Null()
    {
        using var response = new HttpResponseMessage(HttpStatusCode.ServiceUnavailable);

        Assert.Null(LanguageResilience.RetryAfter(response, Now, TimeSpan.FromMinutes(1)));
    }
}
