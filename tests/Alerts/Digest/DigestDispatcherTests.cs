using System.Text.Json;
using NewsMonitor.Alerts;
using NewsMonitor.Alerts.Digest;
using NewsMonitor.Analysis;
using NewsMonitor.Spikes;
using NewsMonitor.Storage;
using NewsMonitor.Subscriptions;
using NewsMonitor.Tests.Alerts.Email;
using NewsMonitor.Tests.Support;

namespace NewsMonitor.Tests.Alerts.Digest;

// CA1001: xunit disposes the fields through IAsyncLifetime.DisposeAsync.
#pragma warning disable CA1001
[Collection(AlertsStorage.Name)]
public sealed class DigestDispatcherTests(AzuriteFixture azurite) : IAsyncLifetime
{
#pragma warning restore CA1001
    private const string Daily = "daily.reader@example.com";
    private const string Instant = "instant.reader@example.org";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private TestSmtpServer _smtp = null!;
    private AlertsTestHost _host = null!;
    private NewsStorage _storage = null!;

    private DigestDispatcher Digests => _host.Get<DigestDispatcher>();

    public async Task InitializeAsync()
    {
        _storage = await azurite.ResetAsync();
        _smtp = TestSmtpServer.Start();
        _host = new AlertsTestHost(azurite, AlertsTestHost.Smtp(_smtp.Port));
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _smtp.DisposeAsync();
    }

    [Fact]
    public async Task SendAsync_DailySubscriberWithSpike_NoInstantAlertButOneDigestListingIt()
    {
        await _host.Subscribers.AddAsync(Daily, ["Taliban", "Lavrov"], SubscriberFrequency.Daily, confirmed: true);
        await _host.Subscribers.AddAsync(Instant, ["Taliban"], SubscriberFrequency.Instant, confirmed: true);
        var alert = await WriteSpikeAsync(new AlertScenario());

        var instant = await _host.Dispatcher.DispatchAsync(alert);
        Assert.Equal(1, instant.Sent);
        Assert.Empty(_smtp.To(Daily));
        Assert.Single(_smtp.To(Instant));

        _host.Time.Advance(TimeSpan.FromHours(19));
        var summary = await Digests.SendAsync();

        Assert.Equal(1, summary.Sent);
        Assert.Equal("digest-2021-07-10", summary.DigestId);
        Assert.Single(_smtp.To(Instant));
        var digest = Assert.Single(_smtp.To(Daily));
        Assert.Equal("NewsMonitor daily digest 2021-07-10: 1 spike (Taliban)", digest.Subject);
        Assert.Contains("Taliban: 14 articles in the last hour, 5x usual", digest.TextBody, StringComparison.Ordinal);
        Assert.Contains(alert.Reason, digest.TextBody, StringComparison.Ordinal);
        Assert.Contains("score 7.4", digest.TextBody, StringComparison.Ordinal);
        Assert.Contains("https://news3.example.com/taliban-advance-13", digest.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("and 9 more stories.", digest.TextBody, StringComparison.Ordinal);
        Assert.StartsWith($"<{AlertsTestHost.BaseUrl}/api/unsubscribe?token=", digest.Headers["List-Unsubscribe"], StringComparison.Ordinal);
        Assert.Equal("List-Unsubscribe=One-Click", digest.Headers["List-Unsubscribe-Post"]);
        Assert.Contains("Unsubscribe from Taliban: " + AlertsTestHost.BaseUrl, digest.TextBody, StringComparison.Ordinal);

        var row = Assert.Single(await _host.Get<DeliveryLedger>().GetAsync(summary.DigestId));
        Assert.Equal(EmailAddresses.SubscriberId(Daily), row.RowKey);
        Assert.Equal(DeliveryStatus.Sent, row.Status);
    }

    [Fact]
    public async Task SendAsync_SpikesOfSeveralKeywords_OneEmailListingEachWithFeedTextEncoded()
    {
        await _host.Subscribers.AddAsync(Daily, ["Taliban", "Afghanistan"], SubscriberFrequency.Daily, confirmed: true);
        await WriteSpikeAsync(new AlertScenario());
        await WriteSpikeAsync(new AlertScenario
        {
            Keyword = "Afghanistan",
            AlertId = "afghanistan-2021070910",
            BurstArticles = 3,
            FirstTitle = "<script>alert(1)</script> Kabul & co",
        });

        var summary = await Digests.SendAsync();

        Assert.Equal(1, summary.Sent);
        var digest = Assert.Single(_smtp.Messages);
        Assert.Equal("NewsMonitor daily digest 2021-07-09: 2 spikes (Taliban, Afghanistan)", digest.Subject);
        Assert.Contains("Afghanistan: 3 articles in the last hour", digest.TextBody, StringComparison.Ordinal);
        Assert.Contains("Taliban: 14 articles in the last hour", digest.TextBody, StringComparison.Ordinal);
        Assert.Contains("<script>alert(1)</script> Kabul & co", digest.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>", digest.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt; Kabul &amp; co", digest.HtmlBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SendAsync_RunTwiceTheSameDay_SendsOnce()
    {
        await _host.Subscribers.AddAsync(Daily, ["Taliban"], SubscriberFrequency.Daily, confirmed: true);
        await WriteSpikeAsync(new AlertScenario());

        await Digests.SendAsync();
        _host.Time.Advance(TimeSpan.FromHours(3));
        var second = await Digests.SendAsync();

        Assert.Equal(0, second.Sent);
        Assert.Equal(1, second.AlreadyDone);
        Assert.Single(_smtp.Messages);
    }

    [Fact]
    public async Task SendAsync_NextDay_SendsOnlyThatDaysSpikes()
    {
        await _host.Subscribers.AddAsync(Daily, ["Taliban"], SubscriberFrequency.Daily, confirmed: true);
        await WriteSpikeAsync(new AlertScenario());
        await Digests.SendAsync();

        _host.Time.Advance(TimeSpan.FromDays(1));
        var quiet = await Digests.SendAsync();
        await WriteSpikeAsync(new AlertScenario { WindowStart = new(2021, 7, 10, 11, 0, 0, TimeSpan.Zero), AlertId = "taliban-2021071011" });
        var next = await Digests.SendAsync();

        Assert.Equal(1, quiet.NothingToSend);
        Assert.Equal(1, next.Sent);
        Assert.Equal(2, _smtp.Messages.Count);
        Assert.Equal("NewsMonitor daily digest 2021-07-10: 1 spike (Taliban)", _smtp.Messages.Last().Subject);
    }

    [Fact]
    public async Task SendAsync_NoSpikeOfTheSubscribersKeywordsInTheLastDay_SendsNothing()
    {
        await _host.Subscribers.AddAsync(Daily, ["Lavrov"], SubscriberFrequency.Daily, confirmed: true);
        await _host.Subscribers.AddAsync("late@example.com", ["Taliban"], SubscriberFrequency.Daily, confirmed: true);
        await WriteSpikeAsync(new AlertScenario());
        _host.Time.Advance(TimeSpan.FromHours(23)); // 11:00 the next day: the spike detected at 10:50 is just out.

        var summary = await Digests.SendAsync();

        Assert.Equal(2, summary.NothingToSend);
        Assert.Empty(_smtp.Messages);
        Assert.Empty(await _host.Get<DeliveryLedger>().GetAsync(summary.DigestId));
    }

    [Fact]
    public async Task SendAsync_InstantUnconfirmedUnsubscribedOrBouncing_SendsNothing()
    {
        var store = _host.Subscribers;
        await store.AddAsync(Instant, ["Taliban"], SubscriberFrequency.Instant, confirmed: true);
        await store.AddAsync("unconfirmed@example.com", ["Taliban"], SubscriberFrequency.Daily);
        var gone = await store.AddAsync("gone@example.com", ["Taliban", "Lavrov"], SubscriberFrequency.Daily, confirmed: true);
        await store.UnsubscribeAsync(gone.Id, MentionKeys.KeywordKey("Taliban"));
        var bouncing = await store.AddAsync("bouncing@example.com", ["Taliban"], SubscriberFrequency.Daily, confirmed: true);
        await store.MarkBouncingAsync(bouncing.Id, "550 no such user");
        await WriteSpikeAsync(new AlertScenario());

        var summary = await Digests.SendAsync();

        Assert.Equal(0, summary.Sent);
        Assert.Empty(_smtp.Messages);
    }

    /// <summary>The scenario's articles and mentions, and its spike row as SpikeMonitor writes it.</summary>
    private async Task<SpikeAlert> WriteSpikeAsync(AlertScenario scenario)
    {
        var alert = await scenario.WriteAsync(_storage);
        await _storage.Table(StorageNames.SpikesTable).AddEntityAsync(new SpikeRecord
        {
            PartitionKey = MentionKeys.KeywordKey(alert.Keyword),
            RowKey = SpikeRecord.EpisodeRowKey(alert.WindowStart, 1),
            Keyword = alert.Keyword,
            AlertId = alert.AlertId,
            EpisodeStart = alert.WindowStart,
            Level = 1,
            WindowStart = alert.WindowStart,
            WindowEnd = alert.WindowEnd,
            Observed = alert.Observed,
            Expected = alert.Expected,
            Score = alert.Score,
            Reason = alert.Reason,
            DetectedAt = alert.DetectedAt,
            State = SpikeRecord.EnqueuedState,
            Message = JsonSerializer.Serialize(alert, Json),
        });
        return alert;
    }
}
