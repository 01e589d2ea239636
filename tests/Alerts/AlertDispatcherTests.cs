using MimeKit;
using NewsMonitor.Alerts;
using NewsMonitor.Alerts.Rendering;
using NewsMonitor.Storage;
using NewsMonitor.Tests.Alerts.Email;
using NewsMonitor.Tests.Support;

namespace NewsMonitor.Tests.Alerts;

// CA1001: xunit disposes the fields through IAsyncLifetime.DisposeAsync.
#pragma warning disable CA1001
[Collection(AlertsStorage.Name)]
public sealed class AlertDispatcherTests(AzuriteFixture azurite) : IAsyncLifetime
{
#pragma warning restore CA1001
    private const string Alice = "alice@example.com";
    private const string Bob = "bob@example.org";
    private const string Carol = "carol@example.net";
    private const string Dave = "dave@example.com";

    private TestSmtpServer _smtp = null!;
    private AlertsTestHost _host = null!;
    private NewsStorage _storage = null!;

    public async Task InitializeAsync()
    {
        _storage = await azurite.ResetAsync();
        _smtp = TestSmtpServer.Start();
        _host = new AlertsTestHost(azurite, AlertsTestHost.Smtp(_smtp.Port));
        await _host.Subscribers.AddAsync(Alice, ["Taliban"], "instant", confirmed: true);
        await _host.Subscribers.AddAsync(Bob, ["taliban", "Lavrov"], "instant", confirmed: true);
        await _host.Subscribers.AddAsync(Carol, ["Taliban"], "instant", confirmed: false);
        await _host.Subscribers.AddAsync(Dave, ["Afghanistan"], "instant", confirmed: true);
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _smtp.DisposeAsync();
    }

    [Fact]
    public async Task DispatchAsync_BurstAlert_SendsOneEmailPerConfirmedSubscriberOfTheKeyword()
    {
        var alert = await new AlertScenario().WriteAsync(_storage);

        var summary = await _host.Dispatcher.DispatchAsync(alert);

        Assert.Equal(2, summary.Sent);
        Assert.Equal(2, _smtp.Messages.Count);
        Assert.Single(_smtp.To(Alice));
        Assert.Single(_smtp.To(Bob));
        Assert.Empty(_smtp.To(Carol));
        Assert.Empty(_smtp.To(Dave));

        var email = _smtp.To(Alice)[0];
        Assert.Equal("Taliban: 14 articles in the last hour, 5x usual", email.Subject);
        Assert.Contains("Taliban seize district 13 as India and Russia watch", email.TextBody, StringComparison.Ordinal);
        Assert.Contains("Usual:       2.8 articles/hour for a ", email.TextBody, StringComparison.Ordinal);
        Assert.Contains("How unusual: about 5x the usual; by chance, less than once a century", email.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain("Score", email.TextBody, StringComparison.Ordinal);
        Assert.Contains("9 negative, 5 neutral", email.TextBody, StringComparison.Ordinal);
        Assert.Contains("Afghanistan (14)", email.TextBody, StringComparison.Ordinal);
        Assert.Contains($"cid:{AlertEmailRenderer.ChartContentId}", email.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("https://news3.example.com/taliban-advance-13", email.HtmlBody, StringComparison.Ordinal);

        var chart = email.BodyParts.OfType<MimePart>().Single(part => part.ContentType.MimeType == "image/png");
        Assert.Equal(AlertEmailRenderer.ChartContentId, chart.ContentId);
        Assert.NotNull(chart.Content);
        using var png = new MemoryStream();
        await chart.Content.DecodeToAsync(png);
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], png.ToArray()[..4]);

        Assert.StartsWith($"<{AlertsTestHost.BaseUrl}/api/unsubscribe?token=", email.Headers["List-Unsubscribe"], StringComparison.Ordinal);
        Assert.Equal("List-Unsubscribe=One-Click", email.Headers["List-Unsubscribe-Post"]);
    }

    [Fact]
    public async Task DispatchAsync_OnlyClaimsHeldElsewhere_SchedulesAContinuationAfterTheyExpireInsteadOfThrowing()
    {
        var alert = await new AlertScenario().WriteAsync(_storage);
        // Another worker claimed both deliveries (it may be sending, or it died mid-send): in Azure a throw here would
        // be redelivered within seconds, find the claims busy again and burn the message into alerts-poison.
        var ledger = _host.Get<DeliveryLedger>();
        foreach (var subscriber in await _host.Subscribers.GetConfirmedSubscribersAsync("Taliban"))
        {
            Assert.Equal(ClaimOutcome.Claimed, (await ledger.TryClaimAsync(alert, subscriber.Id)).Outcome);
        }

        var queue = _storage.Queue(StorageNames.AlertsQueue);
        await queue.ClearMessagesAsync();

        var summary = await _host.Dispatcher.DispatchAsync(alert);

        Assert.Empty(_smtp.Messages);
        Assert.NotNull(summary.ContinueAt);
        Assert.True(summary.ContinueAt > _host.Time.GetUtcNow(), "the continuation waits for the claims to expire");
        Assert.Equal(1, (await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount);
    }

    [Fact]
    public async Task DispatchAsync_SameAlertDeliveredTwice_SendsNoSecondEmail()
    {
        var alert = await new AlertScenario().WriteAsync(_storage);

        await _host.Dispatcher.DispatchAsync(alert);
        var second = await _host.Dispatcher.DispatchAsync(alert);

        Assert.Equal(0, second.Sent);
        Assert.Equal(2, second.AlreadyDone);
        Assert.Equal(2, _smtp.Messages.Count);
    }

    [Fact]
    public async Task DispatchAsync_SmtpRefusesThenAccepts_EachSubscriberGetsExactlyOneEmail()
    {
        var alert = await new AlertScenario().WriteAsync(_storage);
        _smtp.RefuseNext(2);

        await _host.Dispatcher.DispatchAsync(alert);

        Assert.Single(_smtp.To(Alice));
        Assert.Single(_smtp.To(Bob));
        var ledger = await _host.Get<DeliveryLedger>().GetAsync(alert.AlertId);
        Assert.All(ledger, row => Assert.Equal(DeliveryStatus.Sent, row.Status));
        Assert.Equal(4, ledger.Sum(row => row.Attempts));
    }

    [Fact]
    public async Task DispatchAsync_SmtpRefusesLongerThanRetries_ThrowsAndRedeliverySendsOnlyTheMissing()
    {
        var alert = await new AlertScenario().WriteAsync(_storage);
        await _host.Dispatcher.DispatchAsync(alert with { AlertId = "warm-up" });
        _smtp.Messages.Clear();
        _host.Time.Advance(TimeSpan.FromDays(1));
        _smtp.RefuseNext(4);

        await Assert.ThrowsAsync<AlertDeliveryException>(() => _host.Dispatcher.DispatchAsync(alert));
        var afterFirst = await _host.Get<DeliveryLedger>().GetAsync(alert.AlertId);
        Assert.Contains(afterFirst, row => row.Status == DeliveryStatus.Retrying && row.LastError!.Contains("451", StringComparison.Ordinal));
        Assert.Single(_smtp.Messages);

        await _host.Dispatcher.DispatchAsync(alert);

        Assert.Single(_smtp.To(Alice));
        Assert.Single(_smtp.To(Bob));
        Assert.All(await _host.Get<DeliveryLedger>().GetAsync(alert.AlertId), row => Assert.Equal(DeliveryStatus.Sent, row.Status));
    }

    [Fact]
    public async Task DispatchAsync_PermanentRejectionForOne_OthersGetTheirsAndFailureIsRecorded()
    {
        var alert = await new AlertScenario().WriteAsync(_storage);
        _smtp.RejectedRecipients[Bob] = true;

        var summary = await _host.Dispatcher.DispatchAsync(alert);

        Assert.Equal(1, summary.Sent);
        Assert.Equal(1, summary.Failed);
        Assert.Single(_smtp.To(Alice));
        var bobId = NewsMonitor.Subscriptions.EmailAddresses.SubscriberId(Bob);
        var row = (await _host.Get<DeliveryLedger>().GetAsync(alert.AlertId)).Single(r => r.RowKey == bobId);
        Assert.Equal(DeliveryStatus.Failed, row.Status);
        Assert.Contains("550", row.LastError, StringComparison.Ordinal);
        Assert.True((await _host.Subscribers.GetAsync(bobId))!.Bouncing);

        _smtp.RejectedRecipients.Clear();
        var again = await _host.Dispatcher.DispatchAsync(alert);
        Assert.Equal(0, again.Sent);
        Assert.Empty(_smtp.To(Bob));
    }

    [Fact]
    public async Task DispatchAsync_NextAlertWithinCooldown_IsSkippedAndRecorded()
    {
        var first = await new AlertScenario().WriteAsync(_storage);
        await _host.Dispatcher.DispatchAsync(first);
        _host.Time.Advance(TimeSpan.FromHours(1));

        var summary = await _host.Dispatcher.DispatchAsync(first with { AlertId = "taliban|2021070911" });

        Assert.Equal(2, summary.Skipped);
        Assert.Equal(2, _smtp.Messages.Count);
        Assert.All(await _host.Get<DeliveryLedger>().GetAsync("taliban|2021070911"), row =>
            Assert.StartsWith("cooldown", row.LastError, StringComparison.Ordinal));
    }
    [Theory]
    [InlineData("421")]
    [InlineData("lost")]
    public async Task DispatchAsync_ServerKeepsTheMessageThenConnectionFails_OneEmailRecordedUncertainAndNeverResent(string fault)
    {
        await _host.DisposeAsync();
        _host = new AlertsTestHost(azurite, new Dictionary<string, string?>(AlertsTestHost.Smtp(_smtp.Port)) { ["Email:SendTimeout"] = "00:00:02" });
        var alert = await new AlertScenario().WriteAsync(_storage);
        if (fault == "421")
        {
            _smtp.AcceptThenReply421Next(1);
        }
        else
        {
            _smtp.AcceptThenHangNext(1);
        }

        var summary = await _host.Dispatcher.DispatchAsync(alert);
        var again = await _host.Dispatcher.DispatchAsync(alert, lastAttempt: true);

        Assert.Equal(1, summary.Sent);
        Assert.Equal(1, summary.Uncertain);
        Assert.Equal(0, again.Sent);
        Assert.Single(_smtp.To(Alice));
        Assert.Single(_smtp.To(Bob));
        Assert.Equal(2, _smtp.Messages.Count);
        var ledger = await _host.Get<DeliveryLedger>().GetAsync(alert.AlertId);
        var uncertain = Assert.Single(ledger, row => row.Status == DeliveryStatus.Uncertain);
        Assert.StartsWith("may have been delivered, not resent", uncertain.LastError, StringComparison.Ordinal);
        Assert.Single(ledger, row => row.Status == DeliveryStatus.Sent);
        Assert.All(_smtp.Messages, message => Assert.Equal(
            AlertEmailRenderer.MessageId(alert.AlertId, NewsMonitor.Subscriptions.EmailAddresses.SubscriberId(message.To.Mailboxes.Single().Address)),
            message.MessageId));
    }

    [Fact]
    public async Task DispatchAsync_TemporaryFailureUntilTheLastAttempt_RecordedFailedWithTheReasonNotBouncing()
    {
        var alert = await new AlertScenario().WriteAsync(_storage);
        _smtp.RefuseNext(int.MaxValue);

        for (var attempt = 1; attempt < 5; attempt++)
        {
            await Assert.ThrowsAsync<AlertDeliveryException>(() => _host.Dispatcher.DispatchAsync(alert, lastAttempt: false));
        }

        var last = await _host.Dispatcher.DispatchAsync(alert, lastAttempt: true);

        await AssertGaveUpUnsentAsync(_host, alert, last, "451");
    }

    [Fact]
    public async Task DispatchAsync_TlsRequiredAndNotOffered_RetriedThenRecordedFailedWithTheTlsReasonNeverSent()
    {
        // The server offers no STARTTLS and the settings require it: nothing may be sent in clear, nobody bounces.
        await using var host = new AlertsTestHost(azurite, new Dictionary<string, string?>(AlertsTestHost.Smtp(_smtp.Port)) { ["Email:SmtpSecurity"] = "StartTls" });
        var alert = await new AlertScenario().WriteAsync(_storage);

        var first = await Assert.ThrowsAsync<AlertDeliveryException>(() => host.Dispatcher.DispatchAsync(alert, lastAttempt: false));
        var retrying = await host.Get<DeliveryLedger>().GetAsync(alert.AlertId);
        var last = await host.Dispatcher.DispatchAsync(alert, lastAttempt: true);

        Assert.Contains("2 deliveries failed transiently", first.Message, StringComparison.Ordinal);
        Assert.All(retrying, row => Assert.Equal(DeliveryStatus.Retrying, row.Status));
        await AssertGaveUpUnsentAsync(host, alert, last, "SMTP TLS failed");
    }

    /// <summary>
    /// The last attempt gave up on both deliveries for a transient <paramref name="reason"/>: each ledger row is
    /// <c>failed</c> with "gave up" and the reason, nothing reached the server, and no subscriber was marked bouncing.
    /// </summary>
    private async Task AssertGaveUpUnsentAsync(AlertsTestHost host, SpikeAlert alert, DispatchSummary last, string reason)
    {
        Assert.Equal(2, last.Failed);
        Assert.Empty(_smtp.Messages);
        Assert.All(await host.Get<DeliveryLedger>().GetAsync(alert.AlertId), row =>
        {
            Assert.Equal(DeliveryStatus.Failed, row.Status);
            Assert.StartsWith("gave up", row.LastError, StringComparison.Ordinal);
            Assert.Contains(reason, row.LastError, StringComparison.Ordinal);
        });
        Assert.False((await host.Subscribers.GetAsync(NewsMonitor.Subscriptions.EmailAddresses.SubscriberId(Alice)))!.Bouncing);
    }
}
