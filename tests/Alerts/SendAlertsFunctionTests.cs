using System.Text.Json;
using MimeKit;
using NewsMonitor.Alerts;
using NewsMonitor.Tests.Support;

namespace NewsMonitor.Tests.Alerts;

[Collection(AlertsStorage.Name)]
public sealed class SendAlertsFunctionTests(AzuriteFixture azurite)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    [Fact]
    public async Task SendAlerts_QueueMessageJson_WritesTheAlertEmailToTheOutbox()
    {
        var storage = await azurite.ResetAsync();
        await using var host = new AlertsTestHost(azurite);
        await host.Subscribers.AddAsync("analyst@example.com", ["Taliban"], "instant", confirmed: true);
        var alert = await new AlertScenario().WriteAsync(storage);
        var message = JsonSerializer.Serialize(alert, Json);

        await new SendAlertsFunction(host.Dispatcher).SendAlerts(message, 1, CancellationToken.None);

        var file = Assert.Single(Directory.GetFiles(host.OutboxPath, "*.eml"));
        var email = await MimeMessage.LoadAsync(file);
        Assert.Equal("Taliban: 14 articles in the last hour, 5x usual", email.Subject);
        Assert.Equal("analyst@example.com", email.To.Mailboxes.Single().Address);
    }

    [Fact]
    public async Task SendAlerts_UnreadableMessage_Throws()
    {
        await using var host = new AlertsTestHost(azurite);

        await Assert.ThrowsAnyAsync<JsonException>(() =>
            new SendAlertsFunction(host.Dispatcher).SendAlerts("{not json", 1, CancellationToken.None));
    }
}
