using System.Collections.Concurrent;
using Azure.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using NewsMonitor.Alerts;
using NewsMonitor.Alerts.Email;
using NewsMonitor.Alerts.Rendering;
using NewsMonitor.Storage;
using NewsMonitor.Tests.Support;

namespace NewsMonitor.Tests.Alerts;

/// <summary>
/// An alert for 25 subscribers through Communication Services that allows 10 emails an hour (a Kestrel fake on the
/// fake clock, like the Azure-managed domain's sandbox): the queue is played as the Functions host plays it, except
/// that a scheduled continuation runs when the clock reaches its time. Every subscriber must get exactly one email,
/// no invocation may fail (a failure is a dequeue towards alerts-poison), and the deferral must show in the ledger
/// and the logs.
/// </summary>
// CA1001: xunit disposes the fields through IAsyncLifetime.DisposeAsync.
#pragma warning disable CA1001
[Collection(AlertsStorage.Name)]
public sealed class AlertThrottlingTests(AzuriteFixture azurite) : IAsyncLifetime
{
#pragma warning restore CA1001
    private const int Subscribers = 25;
    private const int AllowedPerHour = 10;

    private readonly ConcurrentQueue<string> _accepted = new();
    private readonly ConcurrentDictionary<string, DateTimeOffset> _operations = new();
    private readonly RecordingAlertQueue _queue = new();
    private int _throttled;
    private int _posts;
    private bool _rejectSender;
    private TimeProvider _clock = TimeProvider.System;
    private TestWebServer _acs = null!;
    private NewsStorage _storage = null!;

    public async Task InitializeAsync()
    {
        _storage = await azurite.ResetAsync();
        _acs = await TestWebServer.StartAsync(app => app.Run(HandleAsync));
    }

    public async Task DisposeAsync() => await _acs.DisposeAsync();

    [Fact]
    public async Task DispatchAsync_25SubscribersAndRateLimitOf10AnHour_EachGetsExactlyOneEmailWithoutFailing()
    {
        await using var host = await CreateHostAsync(new() { ["Email:MaxPerHour"] = "10", ["Email:MaxPerMinute"] = "5" });
        var alert = await new AlertScenario().WriteAsync(_storage);

        var first = await host.Dispatcher.DispatchAsync(alert);

        // Five in the first minute (the per-minute limit), the other twenty deferred: visible in the ledger.
        Assert.Equal(5, first.Pending);
        Assert.Equal(Subscribers - 5, first.Deferred);
        var ledger = await host.Get<DeliveryLedger>().GetAsync(alert.AlertId);
        Assert.Equal(Subscribers - 5, ledger.Count(row => row.Status == DeliveryStatus.Deferred));
        Assert.All(ledger.Where(row => row.Status == DeliveryStatus.Deferred), row =>
        {
            Assert.Equal(first.ContinueAt, row.NotBefore);
            Assert.StartsWith("deferred until", row.LastError, StringComparison.Ordinal);
        });

        await RunQueueAsync(host);

        await AssertEveryoneGotExactlyOneAsync(host, alert);
        // The limiter kept under the service's limit: it never had to say 429.
        Assert.Equal(0, _throttled);
    }

    [Fact]
    public async Task DispatchAsync_25SubscribersAndNoConfiguredRate_ServiceThrottlesAndEachStillGetsExactlyOneEmail()
    {
        await using var host = await CreateHostAsync([]);
        var alert = await new AlertScenario().WriteAsync(_storage);

        var first = await host.Dispatcher.DispatchAsync(alert);

        Assert.Equal(AllowedPerHour, first.Pending);
        Assert.Equal(Subscribers - AllowedPerHour, first.Deferred);
        Assert.Equal(1, _throttled);

        await RunQueueAsync(host);

        await AssertEveryoneGotExactlyOneAsync(host, alert);
    }

    [Fact]
    public async Task DispatchAsync_SenderNotOnALinkedDomain_FailsLoudlyAndMarksNobodyBouncing()
    {
        await using var host = await CreateHostAsync([]);
        _rejectSender = true;
        var alert = await new AlertScenario().WriteAsync(_storage);

        var exception = await Assert.ThrowsAsync<AlertDeliveryException>(() => host.Dispatcher.DispatchAsync(alert));

        Assert.Contains("DomainNotLinked", exception.Message, StringComparison.Ordinal);
        Assert.Empty(_accepted);
        Assert.DoesNotContain(await host.Subscribers.ListAsync(), subscriber => subscriber.Bouncing);
        var row = Assert.Single(await host.Get<DeliveryLedger>().GetAsync(alert.AlertId));
        Assert.Equal(DeliveryStatus.Retrying, row.Status);
        Assert.StartsWith("configuration:", row.LastError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DispatchAsync_EarlierAttemptReachedTheServiceButWasRecordedFailed_ConfirmsInsteadOfSendingAgain()
    {
        await using var host = await CreateHostAsync([]);
        var alert = await new AlertScenario().WriteAsync(_storage);
        var ledger = host.Get<DeliveryLedger>();
        // Every subscriber's first attempt reached ACS, but the worker saw only a lost response and recorded a failure.
        foreach (var subscriber in await host.Subscribers.ListAsync())
        {
            var claim = await ledger.TryClaimAsync(alert, subscriber.Id);
            await ledger.RecordAsync(claim.Entity!, DeliveryStatus.Retrying, 1, "ACS request timed out.");
            _operations[EmailMessage.DeriveOperationId(AlertEmailRenderer.MessageId(alert.AlertId, subscriber.Id))] = host.Time.GetUtcNow();
        }

        var summary = await host.Dispatcher.DispatchAsync(alert);

        Assert.Equal(Subscribers, summary.Sent);
        Assert.Equal(0, _posts);
        Assert.All(await ledger.GetAsync(alert.AlertId), row => Assert.Equal(DeliveryStatus.Sent, row.Status));
    }

    private async Task AssertEveryoneGotExactlyOneAsync(AlertsTestHost host, SpikeAlert alert)
    {
        Assert.Equal(Subscribers, _accepted.Count);
        Assert.Equal(Subscribers, _accepted.Distinct(StringComparer.Ordinal).Count());
        var ledger = await host.Get<DeliveryLedger>().GetAsync(alert.AlertId);
        Assert.Equal(Subscribers, ledger.Count);
        Assert.All(ledger, row => Assert.Equal(DeliveryStatus.Sent, row.Status));
        Assert.Equal(0, (await _storage.Queue(StorageNames.AlertsPoisonQueue).GetPropertiesAsync()).Value.ApproximateMessagesCount);
        Assert.Contains(host.Logs.Entries, entry => entry.Message.Contains("deferred until", StringComparison.Ordinal));
        Assert.Contains(host.Logs.Entries, entry => entry.Message.Contains("continuing at", StringComparison.Ordinal));
    }

    /// <summary>
    /// Plays the alerts queue: each scheduled continuation runs once the clock reaches it. Any exception fails the test
    /// (in Azure it would be a dequeue, and five of them put the alert in alerts-poison).
    /// </summary>
    private async Task RunQueueAsync(AlertsTestHost host)
    {
        for (var run = 0; run < 100 && _queue.TryTakeEarliest(out var alert, out var notBefore); run++)
        {
            if (notBefore > host.Time.GetUtcNow())
            {
                host.Time.SetUtcNow(notBefore);
            }

            await host.Dispatcher.DispatchAsync(alert);
        }

        Assert.Empty(_queue.Scheduled);
    }

    private async Task<AlertsTestHost> CreateHostAsync(Dictionary<string, string?> settings)
    {
        settings["Email:Transport"] = "acs";
        settings["Email:AcsEndpoint"] = _acs.BaseAddress.AbsoluteUri;
        settings["Email:Sender"] = "DoNotReply@news.example.org";
        var host = new AlertsTestHost(azurite, settings, services =>
        {
            services.AddKeyedSingleton<TokenCredential>(AcsEmailSender.CredentialKey, new StaticCredential());
            services.AddSingleton<AlertQueue>(_queue);
        });
        _clock = host.Time;
        for (var i = 0; i < Subscribers; i++)
        {
            await host.Subscribers.AddAsync($"reader{i:00}@example.com", ["Taliban"], "instant", confirmed: true);
        }

        return host;
    }

    /// <summary>ACS with the sandbox's hourly limit on the test's clock: 202 until ten went out this hour, then 429.</summary>
    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var now = _clock.GetUtcNow();
        if (request.Method == "POST" && request.Path == "/emails:send")
        {
            Interlocked.Increment(ref _posts);
            if (_rejectSender)
            {
                context.Response.StatusCode = 400;
                context.Response.Headers["x-ms-error-code"] = "DomainNotLinked";
                await context.Response.WriteAsJsonAsync(new { error = new { code = "DomainNotLinked", message = "The sender's domain is not linked." } });
                return;
            }

            var hour = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, 0, 0, TimeSpan.Zero);
            if (_operations.Values.Count(at => at >= hour) >= AllowedPerHour)
            {
                Interlocked.Increment(ref _throttled);
                context.Response.StatusCode = 429;
                context.Response.Headers.RetryAfter = ((int)(hour.AddHours(1) - now).TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
                return;
            }

            var body = await System.Text.Json.JsonDocument.ParseAsync(request.Body);
            var operationId = request.Headers["Operation-Id"].ToString();
            if (_operations.TryAdd(operationId, now))
            {
                _accepted.Enqueue(body.RootElement.GetProperty("recipients").GetProperty("to")[0].GetProperty("address").GetString()!);
            }

            context.Response.StatusCode = 202;
            await context.Response.WriteAsJsonAsync(new { id = operationId, status = "Running" });
            return;
        }

        if (request.Method == "GET" && request.Path.StartsWithSegments("/emails/operations"))
        {
            var id = request.Path.Value!.Split('/').Last();
            if (!_operations.ContainsKey(id))
            {
                context.Response.StatusCode = 404;
                return;
            }

            await context.Response.WriteAsJsonAsync(new { id, status = "Succeeded" });
            return;
        }

        context.Response.StatusCode = 404;
    }

    /// <summary>The alerts queue as the test plays it: what was scheduled, and for when.</summary>
    private sealed class RecordingAlertQueue() : AlertQueue(null!, TimeProvider.System)
    {
        public List<(SpikeAlert Alert, DateTimeOffset NotBefore)> Scheduled { get; } = [];

        public override Task ScheduleAsync(SpikeAlert alert, DateTimeOffset notBefore, CancellationToken cancellationToken = default)
        {
            lock (Scheduled)
            {
                Scheduled.Add((alert, notBefore));
            }

            return Task.CompletedTask;
        }

        public bool TryTakeEarliest(out SpikeAlert alert, out DateTimeOffset notBefore)
        {
            lock (Scheduled)
            {
                if (Scheduled.Count == 0)
                {
                    (alert, notBefore) = (null!, default);
                    return false;
                }

                var earliest = Scheduled.MinBy(item => item.NotBefore);
                Scheduled.Remove(earliest);
                (alert, notBefore) = earliest;
                return true;
            }
        }
    }

    private sealed class StaticCredential : TokenCredential
    {
        public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
            new("fake-entra-token", DateTimeOffset.UtcNow.AddHours(1));

        public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
            ValueTask.FromResult(GetToken(requestContext, cancellationToken));
    }
}
