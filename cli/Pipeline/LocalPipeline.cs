using System.Diagnostics;
using Azure.Storage.Queues.Models;
using Microsoft.Extensions.Logging;
using NewsMonitor.Alerts;
using NewsMonitor.Analysis;
using NewsMonitor.Feeds;
using NewsMonitor.Storage;

namespace NewsMonitor.Cli.Pipeline;

/// <summary>
/// The Functions app's flow, in-process: what the timer trigger does (ingest), what the blob trigger does for each
/// new article (analysis, mentions, spike detection), and what the queue trigger does for each alert (delivery),
/// calling the same stage entry points. Queue semantics follow the host's: a failed alert message becomes visible
/// again at once and moves to <c>alerts-poison</c> after its fifth dequeue.
/// </summary>
internal sealed class LocalPipeline(
    FeedIngestor ingestor,
    ArticleAnalysisStage analysis,
    AlertDispatcher dispatcher,
    NewsStorage storage,
    ILogger<LocalPipeline> logger)
{
    /// <summary>The Functions host's default <c>maxDequeueCount</c> for queues and blob-trigger receipts.</summary>
    public const int MaxDequeueCount = 5;

    /// <summary>The Functions host's default queue batch size.</summary>
    private const int QueueBatchSize = 16;

    /// <summary>How long a message being dispatched stays invisible to other readers.</summary>
    private static readonly TimeSpan DispatchVisibility = TimeSpan.FromMinutes(5);

    /// <summary>Articles whose analysis failed, with the attempts so far: retried next cycle, as the blob trigger retries.</summary>
    private readonly Dictionary<string, int> _pendingAnalysis = new(StringComparer.Ordinal);

    /// <summary>One timer tick and everything it triggers.</summary>
    /// <param name="stage">Told what the cycle is doing as it goes (for a progress display); may be null.</param>
    public async Task<CycleResult> RunCycleAsync(CancellationToken cancellationToken, Action<string>? stage = null)
    {
        stage?.Invoke("fetching feeds");
        var started = Stopwatch.GetTimestamp();
        var ingest = await ingestor.RunAsync(cancellationToken);
        var result = new CycleResult
        {
            IngestTime = Stopwatch.GetElapsedTime(started),
            FeedsTried = ingest.FeedsTried,
            FeedsSkipped = ingest.FeedsSkipped,
            FeedsNotModified = ingest.FeedsNotModified,
            FeedsFailed = ingest.FeedsFailed,
            ItemsSeen = ingest.ItemsSeen,
            NewArticles = ingest.NewArticles,
            Duplicates = ingest.Duplicates,
        };
        started = Stopwatch.GetTimestamp();
        result += await AnalyzeAsync(ingest.NewArticleBlobNames, cancellationToken, stage) with { AnalysisTime = Stopwatch.GetElapsedTime(started) };
        stage?.Invoke("delivering alerts");
        started = Stopwatch.GetTimestamp();
        result += await DeliverAlertsAsync(cancellationToken) with { DeliveryTime = Stopwatch.GetElapsedTime(started) };
        return result;
    }

    /// <summary>The blob trigger's work for each new article, oldest first, then earlier failures again.</summary>
    public async Task<CycleResult> AnalyzeAsync(IReadOnlyList<string> newBlobNames, CancellationToken cancellationToken, Action<string>? stage = null)
    {
        var analyzed = 0;
        var failures = 0;
        var work = newBlobNames.Concat(_pendingAnalysis.Keys.ToList()).Distinct(StringComparer.Ordinal).ToList();
        foreach (var blobName in work)
        {
            stage?.Invoke($"analyzing article {analyzed + failures + 1} of {work.Count}");
            try
            {
                await analysis.AnalyzeAsync(blobName, cancellationToken);
                _pendingAnalysis.Remove(blobName);
                analyzed++;
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                failures++;
                var attempts = _pendingAnalysis.GetValueOrDefault(blobName) + 1;
                if (attempts >= MaxDequeueCount)
                {
                    _pendingAnalysis.Remove(blobName);
                    PipelineLog.AnalysisAbandoned(logger, blobName, attempts, exception);
                }
                else
                {
                    _pendingAnalysis[blobName] = attempts;
                    PipelineLog.AnalysisFailed(logger, blobName, attempts, exception);
                }
            }
        }

        return new CycleResult { Analyzed = analyzed, AnalysisFailures = failures };
    }

    /// <summary>The queue trigger's work: every message of <c>alerts</c> through the dispatcher until the queue is empty.</summary>
    public async Task<CycleResult> DeliverAlertsAsync(CancellationToken cancellationToken)
    {
        var queue = storage.Queue(StorageNames.AlertsQueue);
        var delivered = 0;
        var failures = 0;
        var poisoned = 0;
        while (true)
        {
            QueueMessage[] batch = (await queue.ReceiveMessagesAsync(QueueBatchSize, DispatchVisibility, cancellationToken)).Value;
            if (batch.Length == 0)
            {
                break;
            }

            foreach (var message in batch)
            {
                try
                {
                    var summary = await dispatcher.DispatchAsync(message.Body.ToString(), cancellationToken);
                    delivered += summary.Sent;
                    await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, cancellationToken);
                }
                catch (Exception exception) when (exception is not OperationCanceledException)
                {
                    failures++;
                    PipelineLog.AlertFailed(logger, message.MessageId, message.DequeueCount, exception);
                    if (message.DequeueCount >= MaxDequeueCount)
                    {
                        await storage.Queue(StorageNames.AlertsPoisonQueue).SendMessageAsync(message.Body, cancellationToken: cancellationToken);
                        await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, cancellationToken);
                        PipelineLog.AlertPoisoned(logger, message.MessageId, StorageNames.AlertsPoisonQueue);
                        poisoned++;
                    }
                    else
                    {
                        // As the host does by default (visibility timeout 0 on failure): the retry comes at once.
                        await queue.UpdateMessageAsync(message.MessageId, message.PopReceipt, visibilityTimeout: TimeSpan.Zero, cancellationToken: cancellationToken);
                    }
                }
            }
        }

        return new CycleResult { AlertsDelivered = delivered, AlertFailures = failures, Poisoned = poisoned };
    }
}

internal static partial class PipelineLog
{
    [LoggerMessage(1, LogLevel.Warning, "Analysis of {BlobName} failed (attempt {Attempt}); retried next cycle")]
    public static partial void AnalysisFailed(ILogger logger, string blobName, int attempt, Exception exception);

    [LoggerMessage(2, LogLevel.Error, "Analysis of {BlobName} failed {Attempts} times; giving up on it")]
    public static partial void AnalysisAbandoned(ILogger logger, string blobName, int attempts, Exception exception);

    [LoggerMessage(3, LogLevel.Warning, "Alert message {MessageId} failed (dequeue {DequeueCount})")]
    public static partial void AlertFailed(ILogger logger, string messageId, long dequeueCount, Exception exception);

    [LoggerMessage(4, LogLevel.Error, "Alert message {MessageId} moved to {PoisonQueue} after 5 failed attempts")]
    public static partial void AlertPoisoned(ILogger logger, string messageId, string poisonQueue);
}
