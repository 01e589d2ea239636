using System.Collections.Concurrent;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using NewsMonitor.Storage;

namespace NewsMonitor.Tests.Support;

/// <summary>Records every storage request sent (retries included: each is billed), as "METHOD /path?query".</summary>
internal sealed class CountingPolicy : HttpPipelineSynchronousPolicy
{
    public ConcurrentQueue<string> Requests { get; } = new();

    public override void OnSendingRequest(HttpMessage message) =>
        Requests.Enqueue($"{message.Request.Method} {message.Request.Uri.Path}{Uri.UnescapeDataString(message.Request.Uri.Query)}");

    /// <summary>Storage clients for <paramref name="connectionString"/> whose every request goes through this policy.</summary>
    public NewsStorage Storage(string connectionString) => Through(this, connectionString);

    /// <summary>Storage clients for <paramref name="connectionString"/> whose every request (each retry too) goes through <paramref name="policy"/>.</summary>
    public static NewsStorage Through(HttpPipelinePolicy policy, string connectionString)
    {
        var blobs = new BlobClientOptions();
        blobs.AddPolicy(policy, HttpPipelinePosition.PerRetry);
        var queues = new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 };
        queues.AddPolicy(policy, HttpPipelinePosition.PerRetry);
        var tables = new TableClientOptions();
        tables.AddPolicy(policy, HttpPipelinePosition.PerRetry);
        return new NewsStorage(
            new BlobServiceClient(connectionString, blobs),
            new QueueServiceClient(connectionString, queues),
            new TableServiceClient(connectionString, tables));
    }
}
