using System.Collections.Concurrent;
using System.Diagnostics;
using System.Threading.Channels;
using Azure;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NewsMonitor.Alerts;
using NewsMonitor.Analysis;
using NewsMonitor.Feeds;
using NewsMonitor.Spikes;
using NewsMonitor.Storage;

namespace NewsMonitor.Cli.Pipeline;

/// <summary>
/// The Functions app's flow, in-process: what the timer trigger does (ingest), what the blob trigger does for each
/// new article (analysis, mentions, spike detection), what the pending-spikes timer does, and what the queue trigger
/// does for each alert (delivery), calling the same stage entry points. What Azure keeps durable for the app is durable
/// here too: the articles owed an analysis are rows of <see cref="AnalysisBacklog"/> (Event Grid's role), alerts are
/// queue messages. Queue semantics follow the host's: a failed alert message becomes visible again at once and moves
/// to <c>alerts-poison</c> after its fifth dequeue.
/// </summary>
internal sealed class LocalPipeline(
    FeedIngestor ingestor,
    ArticleAnalysisStage analysis,
    AnalysisBacklog backlog,
    FreshArticles freshArticles,
    MissedAnalysisSweep missedAnalyses,
    PendingSpikes pendingSpikes,
    DebouncedSpikeMonitor spikeChecks,
    AlertDispatcher dispatcher,
    NewsStorage storage,
    IOptions<AlertsOptions> alertsOptions,
    IOptions<AnalysisOptions> analysisOptions,
    TimeProvider timeProvider,
    ILogger<LocalPipeline> logger)
{
    /// <summary>The Functions host's default <c>maxDequeueCount</c> for queues and blob-trigger receipts.</summary>
    public const int MaxDequeueCount = SendAlertsFunction.MaxDequeueCount;

    /// <summary>
    /// How long a message being dispatched stays invisible: longer than <see cref="AlertsOptions.ClaimTimeout"/>, so
    /// after a crash the message comes back only once the dead worker's claims have expired and can be taken over.
    /// Shorter, it came back to find them "busy", failed five times in a row and was poisoned.
    /// </summary>
    internal TimeSpan DispatchVisibility
    {
        get
        {
            var claimTimeout = alertsOptions.Value.ClaimTimeout;
            var margin = claimTimeout / 10;
            return claimTimeout + (margin > TimeSpan.FromSeconds(1) ? margin : TimeSpan.FromSeconds(1));
        }
    }

    /// <summary>
    /// One timer tick and everything it triggers. Each article the ingest stores is analyzed while the feeds are still
    /// read (<see cref="FreshArticles"/>: as the Functions host runs a blob trigger as each blob lands), then the backlog
    /// that earlier runs left is worked through, then pending spikes and alerts.
    /// </summary>
    /// <param name="stage">Told what the cycle is doing as it goes (for a progress display); may be null.</param>
    public async Task<CycleResult> RunCycleAsync(CancellationToken cancellationToken, Action<string>? stage = null)
    {
        stage?.Invoke("fetching feeds");
        var started = Stopwatch.GetTimestamp();
        // Before the ingest adds its articles to the listings; the pass after the ingest needs only the backlog's query.
        await RestoreLostRowsAsync(cancellationToken);
        var pass = new AnalysisPass(backlog);
        var ingest = await IngestWhileAnalyzingAsync(pass, stage, cancellationToken);
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
        // Every article this ingest stored was handed over and is in the pass already: no new names to put first.
        result += await AnalyzeAsync([], pass, stage, cancellationToken) with { AnalysisTime = Stopwatch.GetElapsedTime(started) };
        stage?.Invoke("delivering alerts");
        started = Stopwatch.GetTimestamp();
        result += await FinishPendingSpikesAsync(cancellationToken);
        result += await DeliverAlertsAsync(cancellationToken) with { DeliveryTime = Stopwatch.GetElapsedTime(started) };
        return result;
    }

    /// <summary>
    /// The ingest, with the articles it stores analyzed as they come (<see cref="AnalysisOptions.LocalConcurrency"/> at a
    /// time) from the JSON it wrote: no read of the article, no probe for an analysis that cannot exist yet. Should the
    /// analysis fail on storage, the ingest is stopped too and that failure is the one thrown; should the ingest fail,
    /// the analyses under way are stopped and the ingest's failure is thrown. Either way every row stays in the backlog.
    /// </summary>
    private async Task<IngestSummary> IngestWhileAnalyzingAsync(AnalysisPass pass, Action<string>? stage, CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var handedOver = freshArticles.Open();
        var analyzing = AnalyzeHandedOverAsync(handedOver, pass, stop, stage);
        try
        {
            var ingest = await ingestor.RunAsync(stop.Token);
            freshArticles.Close();
            await analyzing;
            return ingest;
        }
        catch (Exception)
        {
            await stop.CancelAsync();
            try
            {
                // A failed analysis stopped the ingest: this throws the analysis's failure, the cause.
                await analyzing;
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // Stopped because the ingest failed: the ingest's failure is the one to report.
            }

            throw;
        }
        finally
        {
            freshArticles.Close();
        }
    }

    private async Task AnalyzeHandedOverAsync(ChannelReader<FreshArticle> handedOver, AnalysisPass pass, CancellationTokenSource stop, Action<string>? stage)
    {
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = analysisOptions.Value.LocalConcurrency, CancellationToken = stop.Token };
        try
        {
            await Parallel.ForEachAsync(handedOver.ReadAllAsync(stop.Token), parallel, async (article, token) =>
            {
                pass.Tried.TryAdd(article.BlobName, 0);
                stage?.Invoke($"fetching feeds, analyzing new article {pass.Begin()}");
                // The row the store wrote a moment ago, dated now rather than read back: its AddedAt orders the backlog
                // and times out a missing blob, and this blob exists.
                var entry = AnalysisBacklog.EntryFor(article.BlobName, timeProvider.GetUtcNow());
                pass.Count(await AnalyzeOneAsync(entry, article.Json.ToString(), pass, token));
            });
        }
        catch
        {
            await stop.CancelAsync();
            throw;
        }
    }

    /// <summary>The backlog's rows still waiting, oldest first: one query of a table holding only unfinished work.</summary>
    private async Task<IReadOnlyList<AnalysisBacklogEntry>> ListWorkAsync(CancellationToken cancellationToken) =>
        AnalysisBacklog.Waiting(await backlog.ListAllAsync(cancellationToken));

    /// <summary>
    /// Puts back the rows storage lost: an article blob of the swept days (<c>Analysis:SweepDays</c>) with neither an
    /// analysis blob nor a backlog row (waiting or abandoned) gets its row again. The row is written before the blob,
    /// but a storage that dies after acknowledging both can keep the blob and lose the row (Azurite killed with
    /// SIGKILL loses what it wrote since its last save, and blobs and tables are saved separately); the blob's presence
    /// without its analysis is the durable fact, as the missed-analysis sweep reads it in Azure. A cycle runs this
    /// before its ingest, so the listings hold what earlier runs stored, not the cycle's new articles (which all have
    /// their rows): a cold run of 20,000 articles does not list them all again to find nothing. Cost: one query of the
    /// backlog and two blob listings per day swept; a write only per row actually missing, so an abandoned article is
    /// not written again every cycle.
    /// </summary>
    private async Task RestoreLostRowsAsync(CancellationToken cancellationToken)
    {
        var known = (await backlog.ListAllAsync(cancellationToken)).Select(entry => entry.BlobName).ToHashSet(StringComparer.Ordinal);
        await foreach (var (blobName, _) in missedAnalyses.FindUnanalyzedAsync(cancellationToken))
        {
            if (known.Add(blobName))
            {
                await backlog.AddAsync(blobName, cancellationToken);
            }
        }
    }

    /// <summary>
    /// The blob trigger's work for every article in the backlog: <paramref name="newBlobNames"/> first (in that order),
    /// then whatever earlier runs left, oldest first, <see cref="AnalysisOptions.LocalConcurrency"/> at a time
    /// (as the Functions host runs several blob-trigger invocations at once: storage round trips overlap with the
    /// analysis of other articles), with the rows storage lost put back first (<see cref="RestoreLostRowsAsync"/>).
    /// Cost per run: that sweep, one query of the backlog (its rows are only unfinished work) and, per row, one analysis
    /// (or one read of an analysis blob that already exists) and a delete in a batch of up to 100
    /// (<see cref="FinishedRows"/>). A failure leaves the row for the next run; a storage failure ends the pass (the rows
    /// stay).
    /// </summary>
    public async Task<CycleResult> AnalyzeAsync(IReadOnlyList<string> newBlobNames, CancellationToken cancellationToken, Action<string>? stage = null)
    {
        await RestoreLostRowsAsync(cancellationToken);
        return await AnalyzeAsync(newBlobNames, new AnalysisPass(backlog), stage, cancellationToken);
    }

    /// <summary>
    /// As above without the sweep (a cycle runs it before its ingest), leaving out the rows <paramref name="pass"/>
    /// tried already (once per cycle, as before), and counting on from it.
    /// </summary>
    private async Task<CycleResult> AnalyzeAsync(IReadOnlyList<string> newBlobNames, AnalysisPass pass, Action<string>? stage, CancellationToken cancellationToken)
    {
        var waiting = await ListWorkAsync(cancellationToken);

        var order = newBlobNames.Select((name, index) => (name, index)).ToDictionary(pair => pair.name, pair => pair.index, StringComparer.Ordinal);
        var work = waiting
            .Where(entry => !pass.Tried.ContainsKey(entry.BlobName))
            .OrderBy(entry => order.GetValueOrDefault(entry.BlobName, int.MaxValue))
            .ToList();
        var begun = 0;
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = analysisOptions.Value.LocalConcurrency, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(work, parallel, async (entry, token) =>
        {
            stage?.Invoke($"analyzing article {Interlocked.Increment(ref begun)} of {work.Count}");
            pass.Count(await AnalyzeOneAsync(entry, articleJson: null, pass, token));
        });

        // The rows of every article the cycle analyzed, the ingest's included: a batch per partition.
        await pass.Finished.FlushAsync(cancellationToken);

        // The keyword checks the debounce held back during the pass, each once, on everything the pass recorded.
        await spikeChecks.FlushAsync(cancellationToken);
        return pass.Result();
    }

    /// <param name="articleJson">The article as the ingest just stored it, or null to read it from its blob.</param>
    /// <param name="pass">Where the row goes once the analysis is stored (deleted in batches).</param>
    private async Task<AnalysisOutcome> AnalyzeOneAsync(AnalysisBacklogEntry entry, string? articleJson, AnalysisPass pass, CancellationToken cancellationToken)
    {
        try
        {
            await (articleJson is null
                ? analysis.AnalyzeAsync(entry.BlobName, cancellationToken)
                : analysis.AnalyzeJustStoredAsync(entry.BlobName, articleJson, cancellationToken));
        }
        catch (RequestFailedException exception) when (exception.Status == 404 && exception.ErrorCode == "BlobNotFound")
        {
            // No article: its store is in progress elsewhere, or failed (and the feed item will come again).
            if (timeProvider.GetUtcNow() - entry.AddedAt >= AnalysisBacklog.MissingArticleGrace)
            {
                await backlog.RemoveAsync(entry, cancellationToken);
            }

            return AnalysisOutcome.NoArticle;
        }
        catch (Exception exception) when (exception is InvalidDataException)
        {
            // Articles are write-once: one that cannot be read now never will be. Kept, with the reason, not retried.
            PipelineLog.AnalysisAbandoned(logger, entry.BlobName, exception);
            await backlog.RecordFailureAsync(entry, exception.Message, abandon: true, cancellationToken);
            return AnalysisOutcome.Abandoned;
        }
        catch (Exception exception) when (exception is not (OperationCanceledException or RequestFailedException or AggregateException))
        {
            // The analyzer failed (no fallback): the row stays, the next run tries again. Storage failures are not
            // caught: the next articles would fail the same way, so the run ends and the rows wait for the next one.
            PipelineLog.AnalysisFailed(logger, entry.BlobName, entry.Attempts + 1, exception);
            await backlog.RecordFailureAsync(entry, exception.Message, abandon: false, cancellationToken);
            return AnalysisOutcome.Failed;
        }

        await pass.Finished.AddAsync(entry, cancellationToken);
        return AnalysisOutcome.Analyzed;
    }

    /// <summary>The pending-spikes timer: alerts whose detector stopped before enqueueing them, even for a keyword no article checks again.</summary>
    public async Task<CycleResult> FinishPendingSpikesAsync(CancellationToken cancellationToken) =>
        new() { SpikesFinished = (await pendingSpikes.FinishAbandonedAsync(cancellationToken)).Count };

    /// <summary>The queue trigger's work: every message of <c>alerts</c> through the dispatcher until the queue is empty.</summary>
    public async Task<CycleResult> DeliverAlertsAsync(CancellationToken cancellationToken)
    {
        var queue = storage.Queue(StorageNames.AlertsQueue);
        int delivered = 0, failures = 0, poisoned = 0, deferred = 0;
        while (true)
        {
            // One at a time: each message is hidden for DispatchVisibility from its own receive, not from a batch's.
            QueueMessage? message = (await queue.ReceiveMessageAsync(DispatchVisibility, cancellationToken)).Value;
            if (message is null)
            {
                break;
            }

            // A message dequeued more often than allowed was being dispatched when a run stopped; it still gets its
            // last attempt (which records every delivery's outcome) instead of going to poison with claims open.
            var lastAttempt = message.DequeueCount >= MaxDequeueCount;
            await using var lease = MessageLease.Start(queue, message, DispatchVisibility);
            try
            {
                var summary = await dispatcher.DispatchAsync(message.Body.ToString(), lastAttempt, cancellationToken);
                delivered += summary.Sent;
                await queue.DeleteMessageAsync(message.MessageId, await lease.StopAsync(), cancellationToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException && !IsStorageFailure(exception))
            {
                failures++;
                PipelineLog.AlertFailed(logger, message.MessageId, message.DequeueCount, exception);
                var popReceipt = await lease.StopAsync();
                if (lastAttempt)
                {
                    await storage.Queue(StorageNames.AlertsPoisonQueue).SendMessageAsync(message.Body, cancellationToken: cancellationToken);
                    await queue.DeleteMessageAsync(message.MessageId, popReceipt, cancellationToken);
                    PipelineLog.AlertPoisoned(logger, message.MessageId, StorageNames.AlertsPoisonQueue);
                    poisoned++;
                }
                else if (exception is AlertDeliveryException { RetryAfter: { } retryAfter })
                {
                    // Another worker holds a claim: look again when it expires, not five times at once.
                    await queue.UpdateMessageAsync(message.MessageId, popReceipt, visibilityTimeout: retryAfter, cancellationToken: cancellationToken);
                    deferred++;
                }
                else
                {
                    // As the host does by default (visibility timeout 0 on failure): the retry comes at once.
                    await queue.UpdateMessageAsync(message.MessageId, popReceipt, visibilityTimeout: TimeSpan.Zero, cancellationToken: cancellationToken);
                }
            }
        }

        return new CycleResult { AlertsDelivered = delivered, AlertFailures = failures, Poisoned = poisoned, AlertsDeferred = deferred };
    }

    /// <summary>Storage going away is not the alert's fault: the message keeps its hidden time and dequeue count as they are.</summary>
    private static bool IsStorageFailure(Exception exception) =>
        exception is RequestFailedException
        || (exception is AggregateException aggregate && aggregate.Flatten().InnerExceptions.All(inner => inner is RequestFailedException));

    /// <summary>
    /// Keeps a message invisible while it is dispatched, as the Functions host does: its visibility is renewed every
    /// half period, so a slow dispatch never lets a second reader in. Real time on purpose: the queue service counts
    /// the invisibility by its own clock, not by the (possibly simulated) clock of the stages.
    /// </summary>
    private sealed class MessageLease : IAsyncDisposable
    {
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _renewing;
        private string _popReceipt;

        private MessageLease(QueueClient queue, QueueMessage message, TimeSpan visibility)
        {
            _popReceipt = message.PopReceipt;
            _renewing = RenewAsync(queue, message.MessageId, visibility);
        }

        public static MessageLease Start(QueueClient queue, QueueMessage message, TimeSpan visibility) => new(queue, message, visibility);

        /// <summary>Stops renewing; returns the pop receipt to delete or update the message with.</summary>
        public async Task<string> StopAsync()
        {
            await _stop.CancelAsync();
            try
            {
                await _renewing;
            }
            catch (Exception exception) when (exception is OperationCanceledException or RequestFailedException)
            {
                // A failed renewal leaves the message to come back after its visibility; the dispatch outcome still counts.
            }

            return _popReceipt;
        }

        public async ValueTask DisposeAsync()
        {
            await StopAsync();
            _stop.Dispose();
        }

        private async Task RenewAsync(QueueClient queue, string messageId, TimeSpan visibility)
        {
            while (true)
            {
                await Task.Delay(visibility / 2, TimeProvider.System, _stop.Token);
                var renewed = await queue.UpdateMessageAsync(messageId, _popReceipt, visibilityTimeout: visibility, cancellationToken: _stop.Token);
                _popReceipt = renewed.Value.PopReceipt;
            }
        }
    }
}

/// <summary>What became of one backlog row in a pass.</summary>
internal enum AnalysisOutcome
{
    Analyzed,
    NoArticle,
    Abandoned,
    Failed,
}

/// <summary>The outcomes of one cycle's analyses, counted from several workers, and the rows it has tried.</summary>
internal sealed class AnalysisPass(AnalysisBacklog backlog)
{
    private readonly int[] _outcomes = new int[Enum.GetValues<AnalysisOutcome>().Length];
    private int _begun;

    /// <summary>The blob names analyzed (or tried) in this cycle: a later pass of the same cycle leaves them alone.</summary>
    public ConcurrentDictionary<string, byte> Tried { get; } = new(StringComparer.Ordinal);

    /// <summary>The rows of the articles analyzed, until the pass deletes them.</summary>
    public FinishedRows Finished { get; } = new(backlog);

    public int Begin() => Interlocked.Increment(ref _begun);

    public void Count(AnalysisOutcome outcome) => Interlocked.Increment(ref _outcomes[(int)outcome]);

    public CycleResult Result()
    {
        var failed = Volatile.Read(ref _outcomes[(int)AnalysisOutcome.Failed]);
        return new CycleResult
        {
            Analyzed = Volatile.Read(ref _outcomes[(int)AnalysisOutcome.Analyzed]),
            AnalysisFailures = failed + Volatile.Read(ref _outcomes[(int)AnalysisOutcome.Abandoned]),
            AnalysisLeft = failed,
        };
    }
}
