using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using NewsMonitor.Feeds;
using NewsMonitor.Feeds.Fetching;
using NewsMonitor.Tests.Feeds.Support;
using NewsMonitor.Tests.Support;

namespace NewsMonitor.Tests.Feeds.Fetching;

[Collection(FeedsNetworkTests.Name)]
public sealed class SsrfGuardTests
{
    [Theory]
    [InlineData("10.0.0.1")]
    [InlineData("10.255.255.255")]
    [InlineData("172.16.0.1")]
    [InlineData("172.31.255.254")]
    [InlineData("192.168.1.1")]
    [InlineData("169.254.169.254")]
    [InlineData("169.254.0.1")]
    [InlineData("100.64.0.1")]
    [InlineData("100.127.255.255")]
    [InlineData("0.0.0.0")]
    [InlineData("224.0.0.1")]
    [InlineData("239.255.255.250")]
    [InlineData("255.255.255.255")]
    [InlineData("127.0.0.1")]
    [InlineData("127.1.2.3")]
    [InlineData("::1")]
    [InlineData("::")]
    [InlineData("fe80::1")]
    [InlineData("febf::1")]
    [InlineData("fc00::1")]
    [InlineData("fd12:3456:789a::1")]
    [InlineData("ff02::1")]
    [InlineData("::ffff:10.0.0.1")]
    [InlineData("::ffff:169.254.169.254")]
    [InlineData("::ffff:127.0.0.1")]
    [InlineData("64:ff9b::a00:1")]
    public void IsAllowed_InternalAddress_IsRefused(string address)
    {
        Assert.False(SsrfGuard.IsAllowed(IPAddress.Parse(address), allowLoopback: false));
    }

    [Theory]
    [InlineData("8.8.8.8")]
    [InlineData("151.101.1.164")]
    [InlineData("172.15.255.255")]
    [InlineData("172.32.0.1")]
    [InlineData("100.63.255.255")]
    [InlineData("100.128.0.1")]
    [InlineData("192.169.0.1")]
    [InlineData("2a00:1450:4009:81f::200e")]
    [InlineData("::ffff:8.8.8.8")]
    public void IsAllowed_PublicAddress_IsAllowed(string address)
    {
        Assert.True(SsrfGuard.IsAllowed(IPAddress.Parse(address), allowLoopback: false));
    }

    [Theory]
    [InlineData("127.0.0.1", true)]
    [InlineData("::1", true)]
    [InlineData("::ffff:127.0.0.1", true)]
    [InlineData("10.0.0.1", false)]
    [InlineData("169.254.169.254", false)]
    [InlineData("fe80::1", false)]
    public void IsAllowed_AllowLoopback_AllowsLoopbackOnly(string address, bool expected)
    {
        Assert.Equal(expected, SsrfGuard.IsAllowed(IPAddress.Parse(address), allowLoopback: true));
    }

    [Fact]
    public async Task GetAsync_LoopbackServerWhenLoopbackNotAllowed_IsBlockedBeforeAnyRequest()
    {
        await using var server = await TestWebServer.StartAsync(app => app.MapGet("/feed", () => RssBuilder.Sample()));
        await using var services = FeedsTestServices.Create(configure: settings => settings["Feeds:AllowLoopback"] = "false");
        var client = services.GetRequiredService<FeedHttpClient>();

        var viaIp = await client.GetAsync(server.Url("/feed"), FeedHttpClient.FeedAccept);
        var viaName = await client.GetAsync(new Uri($"http://localhost:{server.BaseAddress.Port}/feed"), FeedHttpClient.FeedAccept);

        Assert.Equal(FeedFetchStatus.Blocked, viaIp.Status);
        Assert.Equal(FeedFetchStatus.Blocked, viaName.Status);
        Assert.Equal(0, server.Hits("/feed"));
    }

    [Theory]
    [InlineData("file:///etc/passwd")]
    [InlineData("ftp://example.com/feed")]
    public async Task GetAsync_NonHttpScheme_IsBlocked(string url)
    {
        await using var services = FeedsTestServices.Create();
        var client = services.GetRequiredService<FeedHttpClient>();

        var result = await client.GetAsync(new Uri(url), FeedHttpClient.PageAccept);

        Assert.Equal(FeedFetchStatus.Blocked, result.Status);
    }
}
