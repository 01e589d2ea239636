using Microsoft.Extensions.Options;
using NewsMonitor.Analysis.Keywords;
using NewsMonitor.Subscriptions;
using NewsMonitor.Trends;
using NewsMonitor.Web;

namespace NewsMonitor.Tests.Web;

public sealed class WebUnitTests
{
    private static readonly CsrfTokens Csrf = new(Options.Create(new SubscriptionsOptions { TokenSigningKey = new string('s', 40) }));

    [Theory]
    [InlineData("Taliban OR \"Islamic Emirate\"")]
    [InlineData("islamic emirate")]
    [InlineData("\"Islamic  Emirate\"")]
    [InlineData("TALIBÁN")]
    public void Resolve_AnEntrysNameOrAnyOfItsAlternatives_FindsTheEntry(string requested)
    {
        IReadOnlyList<Keyword> keywords = [Keyword.Parse("Afghanistan"), Keyword.Parse("Taliban OR \"Islamic Emirate\"")];

        Assert.Equal("Taliban OR \"Islamic Emirate\"", TrendService.Resolve(keywords, requested)?.Name);
    }

    [Fact]
    public void Resolve_SomethingNoEntryContains_IsNull() =>
        Assert.Null(TrendService.Resolve([Keyword.Parse("Taliban OR \"Islamic Emirate\"")], "Emirate"));

    [Fact]
    public void Csrf_FieldMatchingTheCookie_IsValid_AndEveryTamperingIsNot()
    {
        var first = PageRequest.Create("GET", new Uri("http://localhost/subscribe"), null, null, null, false);
        var (field, setCookie) = Csrf.Issue(first);
        var cookie = setCookie!.Split(';')[0];
        Assert.Contains("HttpOnly", setCookie, StringComparison.Ordinal);
        Assert.Contains("SameSite=Strict", setCookie, StringComparison.Ordinal);

        Assert.True(Csrf.IsValid(Post(cookie, field)));
        Assert.False(Csrf.IsValid(Post(null, field)));
        Assert.False(Csrf.IsValid(Post(cookie, null)));
        // The signature's last two characters changed (never to what they were: with a random nonce the signature ends
        // in "AA" about once in 1,024 runs, its last character holding 4 bits, which made this assertion fail by chance).
        var tampered = field[..^2] + (field.EndsWith("AA", StringComparison.Ordinal) ? "BB" : "AA");
        Assert.False(Csrf.IsValid(Post(cookie, tampered)));
        var (otherField, otherCookie) = Csrf.Issue(first);
        Assert.False(Csrf.IsValid(Post(otherCookie!.Split(';')[0], field)));
        Assert.True(Csrf.IsValid(Post(otherCookie.Split(';')[0], otherField)));

        // A browser that already has the cookie keeps it: no new Set-Cookie, the same nonce in the field.
        var (again, none) = Csrf.Issue(PageRequest.Create("GET", new Uri("http://localhost/subscribe"), cookie, null, null, false));
        Assert.Null(none);
        Assert.Equal(field, again);
    }

    [Fact]
    public void Csrf_OverHttps_TheCookieIsSecure()
    {
        var (_, setCookie) = Csrf.Issue(PageRequest.Create("GET", new Uri("https://news.example.org/subscribe"), null, null, null, false));

        Assert.Contains("; Secure", setCookie, StringComparison.Ordinal);
    }

    private static PageRequest Post(string? cookie, string? field) => PageRequest.Create(
        "POST",
        new Uri("http://localhost/subscribe"),
        cookie,
        "application/x-www-form-urlencoded",
        field is null ? "email=a%40example.com" : "email=a%40example.com&csrf=" + Uri.EscapeDataString(field),
        isAdmin: false);
}
