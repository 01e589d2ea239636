using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using NewsMonitor.Subscriptions;

namespace NewsMonitor.Tests.Subscriptions;

public sealed class SubscriptionTokensTests
{
    private const string Key = "0123456789abcdef0123456789abcdef-current";
    private const string OldKey = "0123456789abcdef0123456789abcdef-previous";
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2021, 7, 9, 12, 0, 0, TimeSpan.Zero));

    [Fact]
    public void TryValidate_FreshToken_ReturnsItsClaims()
    {
        var sut = CreateSut();

        var token = sut.Create("sub1", TokenPurpose.Unsubscribe, "taliban");

        Assert.True(sut.TryValidate(token, TokenPurpose.Unsubscribe, out var claims));
        Assert.Equal(new SubscriptionToken("sub1", TokenPurpose.Unsubscribe, "taliban", _time.GetUtcNow().AddDays(90)), claims);
    }

    [Fact]
    public void TryValidate_AfterExpiry_Rejects()
    {
        var sut = CreateSut();
        var token = sut.Create("sub1", TokenPurpose.Confirm);

        _time.Advance(TimeSpan.FromHours(47));
        Assert.True(sut.TryValidate(token, TokenPurpose.Confirm, out _));
        _time.Advance(TimeSpan.FromHours(1));
        Assert.False(sut.TryValidate(token, TokenPurpose.Confirm, out _));
    }

    [Fact]
    public void TryValidate_OtherPurpose_Rejects()
    {
        var sut = CreateSut();

        Assert.False(sut.TryValidate(sut.Create("sub1", TokenPurpose.Manage), TokenPurpose.Unsubscribe, out _));
        Assert.False(sut.TryValidate(sut.Create("sub1", TokenPurpose.Unsubscribe), TokenPurpose.Confirm, out _));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(5)]
    [InlineData(20)]
    [InlineData(-3)]
    public void TryValidate_AnyCharacterChanged_Rejects(int position)
    {
        var sut = CreateSut();
        var token = sut.Create("sub1", TokenPurpose.Unsubscribe, "taliban");
        var index = position >= 0 ? position : token.Length + position;
        var tampered = token[..index] + (token[index] == 'A' ? 'B' : 'A') + token[(index + 1)..];

        Assert.False(sut.TryValidate(tampered, TokenPurpose.Unsubscribe, out _));
    }

    [Fact]
    public void TryValidate_PayloadSwappedForAnotherSubscriber_Rejects()
    {
        var sut = CreateSut();
        var mine = sut.Create("victim", TokenPurpose.Unsubscribe);
        var other = sut.Create("attacker", TokenPurpose.Unsubscribe);

        var forged = other[..other.IndexOf('.', StringComparison.Ordinal)] + mine[mine.IndexOf('.', StringComparison.Ordinal)..];

        Assert.False(sut.TryValidate(forged, TokenPurpose.Unsubscribe, out _));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("not-a-token")]
    [InlineData("a.b.c")]
    [InlineData("!!!.???")]
    public void TryValidate_Garbage_Rejects(string? token) =>
        Assert.False(CreateSut().TryValidate(token, TokenPurpose.Unsubscribe, out _));

    [Fact]
    public void TryValidate_SignedWithPreviousKey_AcceptedDuringRotationOnly()
    {
        var old = CreateSut(new SubscriptionsOptions { TokenSigningKey = OldKey });
        var token = old.Create("sub1", TokenPurpose.Unsubscribe);

        Assert.True(CreateSut(new SubscriptionsOptions { TokenSigningKey = Key, PreviousTokenSigningKey = OldKey })
            .TryValidate(token, TokenPurpose.Unsubscribe, out _));
        Assert.False(CreateSut().TryValidate(token, TokenPurpose.Unsubscribe, out _));
    }

    private SubscriptionTokens CreateSut(SubscriptionsOptions? options = null) =>
        new(Options.Create(options ?? new SubscriptionsOptions { TokenSigningKey = Key }), _time);
}
