using Microsoft.Extensions.Time.Testing;
using NewsMonitor.Subscriptions;
using NewsMonitor.Tests.Alerts;
using NewsMonitor.Tests.Support;

namespace NewsMonitor.Tests.Subscriptions;

[Collection(AlertsStorage.Name)]
public sealed class SubscriberStoreTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task GetConfirmedSubscribersAsync_KeywordInAnyCaseOrAccent_FindsOnlyConfirmedSubscribers()
    {
        await azurite.ResetAsync();
        await using var host = new AlertsTestHost(azurite);
        var sut = host.Subscribers;
        await sut.AddAsync("a@example.com", ["Taliban"], "instant", confirmed: true);
        await sut.AddAsync("b@example.com", ["TALIBÁN", "Lavrov"], "daily", confirmed: true);
        await sut.AddAsync("c@example.com", ["Taliban"], "instant");

        var subscribers = await sut.GetConfirmedSubscribersAsync("taliban");

        Assert.Equal(["a@example.com", "b@example.com"], subscribers.Select(s => s.Email).Order());
        Assert.Equal(["Lavrov", "Taliban"], (await sut.GetWatchedKeywordsAsync()).Order());
    }

    [Fact]
    public async Task GetWatchedKeywordsAsync_ChangedThroughAnotherInstance_SeenOnceTheReuseTimeHasPassed()
    {
        var storage = await azurite.ResetAsync();
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 3, 12, 6, 0, 0, TimeSpan.Zero));
        var analysis = new SubscriberStore(storage, time);
        var web = new SubscriberStore(storage, time);
        await analysis.AddAsync("a@example.com", ["Taliban"], "instant", confirmed: true);
        Assert.Equal(["Taliban"], await analysis.GetWatchedKeywordsAsync());

        // Another instance (the web app) confirms a new keyword: this one reuses its read for a while...
        await web.AddAsync("b@example.com", ["Lavrov"], "instant", confirmed: true);
        time.Advance(SubscriberStore.WatchedKeywordsReuse - TimeSpan.FromSeconds(1));
        Assert.Equal(["Taliban"], await analysis.GetWatchedKeywordsAsync());

        // ...and reads again once it has passed.
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(["Lavrov", "Taliban"], (await analysis.GetWatchedKeywordsAsync()).Order());

        // A change through this instance is seen at once.
        await analysis.AddAsync("c@example.com", ["Kabul"], "instant", confirmed: true);
        Assert.Equal(["Kabul", "Lavrov", "Taliban"], (await analysis.GetWatchedKeywordsAsync()).Order());
    }

    [Fact]
    public async Task UpdatePreferencesAsync_PauseHidesTheSubscriberFromAlerts_ResumeBringsThemBack()
    {
        await azurite.ResetAsync();
        await using var host = new AlertsTestHost(azurite);
        var sut = host.Subscribers;
        var record = await sut.AddAsync("a@example.com", ["Taliban", "Afghanistan"], "instant", confirmed: true);

        var paused = await sut.UpdatePreferencesAsync(record.Id, ["Taliban", "Lavrov"], "daily", paused: true);

        Assert.Equal(["Taliban", "Lavrov"], paused!.Keywords);
        Assert.Equal("daily", paused.Frequency);
        Assert.True(paused.Paused);
        Assert.Empty(await sut.GetConfirmedSubscribersAsync("Taliban"));
        Assert.Empty(await sut.GetWatchedKeywordsAsync());

        await sut.UpdatePreferencesAsync(record.Id, ["Taliban", "Lavrov"], "daily", paused: false);

        Assert.Single(await sut.GetConfirmedSubscribersAsync("Lavrov"));
        Assert.Empty(await sut.GetConfirmedSubscribersAsync("Afghanistan"));
        Assert.Equal(["Lavrov", "Taliban"], (await sut.GetWatchedKeywordsAsync()).Order());
    }

    [Fact]
    public async Task UnsubscribeAsync_OneKeywordThenAll_KeepsIndexInStepAndFinallyForgetsTheAddress()
    {
        await azurite.ResetAsync();
        await using var host = new AlertsTestHost(azurite);
        var sut = host.Subscribers;
        var record = await sut.AddAsync("a@example.com", ["Taliban", "Afghanistan"], "instant", confirmed: true);

        var remaining = await sut.UnsubscribeAsync(record.Id, "taliban");

        Assert.Equal(["Afghanistan"], remaining!.Keywords);
        Assert.Empty(await sut.GetConfirmedSubscribersAsync("Taliban"));
        Assert.Single(await sut.GetConfirmedSubscribersAsync("Afghanistan"));

        Assert.Null(await sut.UnsubscribeAsync(record.Id, null));
        Assert.Null(await sut.GetAsync(record.Id));
        Assert.Empty(await sut.GetWatchedKeywordsAsync());
        Assert.Empty(await sut.ListAsync());
    }

    [Fact]
    public async Task AddAsync_ConcurrentChangesToOneSubscriber_AllKeywordsKeptAndIndexed()
    {
        await azurite.ResetAsync();
        await using var host = new AlertsTestHost(azurite);
        var sut = host.Subscribers;
        var keywords = new[] { "Taliban", "Afghanistan", "Lavrov", "Kabul" };

        await Task.WhenAll(keywords.Select(keyword => sut.AddAsync("a@example.com", [keyword], "instant", confirmed: true)));

        var record = await sut.FindByEmailAsync("a@example.com");
        Assert.Equal(keywords.Order(), record!.Keywords.Order());
        foreach (var keyword in keywords)
        {
            Assert.Single(await sut.GetConfirmedSubscribersAsync(keyword));
        }
    }

    [Fact]
    public async Task AddAsync_Unconfirmed_WaitsAsPendingUntilConfirmed()
    {
        await azurite.ResetAsync();
        await using var host = new AlertsTestHost(azurite);
        var sut = host.Subscribers;

        var pending = await sut.AddAsync("a@example.com", ["Taliban"], "instant");
        Assert.Equal(["Taliban"], pending.PendingKeywords);
        Assert.Empty(await sut.GetConfirmedSubscribersAsync("Taliban"));

        var confirmed = await sut.ConfirmAsync(pending.Id);

        Assert.Equal(["Taliban"], confirmed!.Keywords);
        Assert.Empty(confirmed.PendingKeywords);
        Assert.Single(await sut.GetConfirmedSubscribersAsync("Taliban"));
    }

    [Fact]
    public async Task MarkBouncingAsync_Subscriber_IsFlaggedWithReason()
    {
        await azurite.ResetAsync();
        await using var host = new AlertsTestHost(azurite);
        var record = await host.Subscribers.AddAsync("a@example.com", ["Taliban"], "instant", confirmed: true);

        await host.Subscribers.MarkBouncingAsync(record.Id, "SMTP 550 mailbox unavailable");

        var subscriber = Assert.Single(await host.Subscribers.GetConfirmedSubscribersAsync("Taliban"));
        Assert.True(subscriber.Bouncing);
        Assert.Equal("SMTP 550 mailbox unavailable", (await host.Subscribers.GetAsync(record.Id))!.BounceReason);
    }
}
