using NewsMonitor.Subscriptions;

namespace NewsMonitor.Tests.Subscriptions;

public sealed class EmailAddressesTests
{
    [Theory]
    [InlineData("analyst@example.com", "analyst@example.com")]
    [InlineData("  Analyst.Name+news@Example.COM ", "Analyst.Name+news@example.com")]
    [InlineData("desk@bücher.de", "desk@xn--bcher-kva.de")]
    [InlineData("a@b.co", "a@b.co")]
    public void TryNormalize_ValidAddress_ReturnsNormalForm(string input, string expected)
    {
        Assert.True(EmailAddresses.TryNormalize(input, out var normalized, out var error), error);
        Assert.Equal(expected, normalized);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("plainaddress")]
    [InlineData("@example.com")]
    [InlineData("user@")]
    [InlineData("user@localhost")]
    [InlineData("user@[127.0.0.1]")]
    [InlineData("Someone <user@example.com>")]
    [InlineData("user@example.com, other@example.com")]
    [InlineData("\"quoted user\"@example.com")]
    [InlineData("user@exa mple.com")]
    [InlineData("user@-example.com")]
    [InlineData("user@example.c")]
    [InlineData("user@example.123")]
    [InlineData("user@example.com\r\nBcc: victim@example.com")]
    public void TryNormalize_InvalidAddress_ExplainsWhy(string? input)
    {
        Assert.False(EmailAddresses.TryNormalize(input, out _, out var error));
        Assert.False(string.IsNullOrWhiteSpace(error));
    }

    [Fact]
    public void TryNormalize_LocalPartOver64_Rejected() =>
        Assert.False(EmailAddresses.TryNormalize(new string('a', 65) + "@example.com", out _, out _));

    [Theory]
    [InlineData("john@example.com", "j***@example.com")]
    [InlineData("x@example.org", "x***@example.org")]
    [InlineData("", "***")]
    [InlineData("nonsense", "***")]
    public void Mask_Address_KeepsOnlyFirstLetterAndDomain(string input, string masked) =>
        Assert.Equal(masked, EmailAddresses.Mask(input));

    [Fact]
    public void SubscriberId_CaseVariants_AreTheSameSubscriber() =>
        Assert.Equal(EmailAddresses.SubscriberId("Analyst@Example.com"), EmailAddresses.SubscriberId("analyst@example.com"));
}
