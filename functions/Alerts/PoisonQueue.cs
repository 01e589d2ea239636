using System.Text.Json;
using Azure.Storage.Queues.Models;
using Microsoft.Extensions.Logging;
using NewsMonitor.Storage;

namespace NewsMonitor.Alerts;

/// <summary>A message the host gave up on after five dequeues.</summary>
internal sealed record PoisonMessage(
    string MessageId,
    DateTimeOffset? InsertedOn,
    long DequeueCount,
    string? Keyword,
    string? AlertId,
    string Body);

/// <summary>
/// Inspects and requeues <c>alerts-poison</c> (<c>newsmon poison list|requeue</c>). Requeueing is safe at any time:
/// the Deliveries ledger sends only to subscribers not yet sent.
/// </summary>
internal sealed class PoisonQueue(NewsStorage storage, ILogger<PoisonQueue> logger)
{
    /// <summary>The Queue service peeks at most 32 messages at a time.</summary>
    public const int MaxPeek = 32;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task<IReadOnlyList<PoisonMessage>> ListAsync(CancellationToken cancellationToken = default)
    {
        var peeked = await storage.Queue(StorageNames.AlertsPoisonQueue).PeekMessagesAsync(MaxPeek, cancellationToken);
        return peeked.Value.Select(message => Describe(message.MessageId, message.InsertedOn, message.DequeueCount, message.Body.ToString())).ToList();
    }

    /// <summary>Moves one message (by id) or all of them back to <c>alerts</c>; returns how many moved.</summary>
    public async Task<int> RequeueAsync(string? messageId = null, CancellationToken cancellationToken = default)
    {
        var poison = storage.Queue(StorageNames.AlertsPoisonQueue);
        var alerts = storage.Queue(StorageNames.AlertsQueue);
        var moved = 0;
        var hidden = new List<QueueMessage>();
        while (true)
        {
            // Received messages stay invisible for the visibility timeout, so this loop sees each message once.
            var batch = (await poison.ReceiveMessagesAsync(MaxPeek, TimeSpan.FromMinutes(1), cancellationToken)).Value;
            if (batch.Length == 0)
            {
                break;
            }

            foreach (var message in batch)
            {
                if (messageId is not null && message.MessageId != messageId)
                {
                    hidden.Add(message);
                    continue;
                }

                await alerts.SendMessageAsync(message.Body, cancellationToken: cancellationToken);
                await poison.DeleteMessageAsync(message.MessageId, message.PopReceipt, cancellationToken);
                AlertsLog.Requeued(logger, message.MessageId, StorageNames.AlertsQueue);
                moved++;
            }
        }

        foreach (var message in hidden)
        {
            await poison.UpdateMessageAsync(message.MessageId, message.PopReceipt, visibilityTimeout: TimeSpan.Zero, cancellationToken: cancellationToken);
        }

        return moved;
    }

    private static PoisonMessage Describe(string id, DateTimeOffset? insertedOn, long dequeueCount, string body)
    {
        string? keyword = null, alertId = null;
        try
        {
            var alert = JsonSerializer.Deserialize<SpikeAlert>(body, Json);
            keyword = alert?.Keyword;
            alertId = alert?.AlertId;
        }
        catch (JsonException)
        {
            // Unreadable bodies are listed as they are: that may be why the message is here.
        }

        return new PoisonMessage(id, insertedOn, dequeueCount, keyword, alertId, body);
    }
}
