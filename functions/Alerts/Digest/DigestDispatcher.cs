using System.Globalization;
using System.Text.Json;
using Azure.Data.Tables;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NewsMonitor.Alerts.Email;
using NewsMonitor.Alerts.Rendering;
using NewsMonitor.Analysis;
using NewsMonitor.Spikes;
using NewsMonitor.Storage;
using NewsMonitor.Subscriptions;

namespace NewsMonitor.Alerts.Digest;

/// <summary>What one digest run did, per subscriber outcome (the ledger holds the detail).</summary>
internal sealed record DigestSummary(string DigestId, int Subscribers, int Sent, int AlreadyDone, int NothingToSend, int Failed, int Retrying);

/// <summary>
/// The daily digest: every confirmed, non-bouncing daily subscriber gets one email listing the spikes of their
/// keywords detected in the 24 hours up to the run (none, no email). Each digest is claimed in the
/// <c>Deliveries</c> ledger under <c>digest-{yyyy-MM-dd}</c> (the run's UTC day) before sending, so a timer that
/// fires twice in a day sends nothing twice. Transient failures are recorded, the rest still get theirs, and the
/// run throws at the end: running it again the same day sends only the digests still owed.
/// </summary>
internal sealed class DigestDispatcher(
    SubscriberStore subscribers,
    NewsStorage storage,
    DeliveryLedger ledger,
    DeliveryRecorder recorder,
    AlertContentLoader contentLoader,
    DigestEmailRenderer renderer,
    IOptions<AlertsOptions> options,
    TimeProvider timeProvider,
    ILogger<DigestDispatcher> logger)
{
    /// <summary>How far back a digest looks for spikes: one day, so consecutive daily runs neither miss nor repeat.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromDays(1);

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>The ledger key of the digest sent on <paramref name="runTime"/>'s UTC day.</summary>
    public static string DigestId(DateTimeOffset runTime) =>
        string.Create(CultureInfo.InvariantCulture, $"digest-{runTime.UtcDateTime:yyyy-MM-dd}");

    public async Task<DigestSummary> SendAsync(CancellationToken cancellationToken = default)
    {
        var now = timeProvider.GetUtcNow();
        var digestId = DigestId(now);
        var daily = (await subscribers.ListAsync(cancellationToken: cancellationToken))
            .Where(record => record is { Confirmed: true, Bouncing: false, Frequency: SubscriberFrequency.Daily } && record.Keywords.Count > 0)
            .Select(record => record.ToSubscriber())
            .ToList();
        AlertsLog.DigestStarting(logger, digestId, daily.Count);

        // Subscribers share keywords and spikes: read each keyword's spikes and load each spike's content once per run.
        var spikesByKeyword = new Dictionary<string, IReadOnlyList<SpikeAlert>>(StringComparer.Ordinal);
        var contents = new Dictionary<string, AlertContent>(StringComparer.Ordinal);
        var outcomes = new Dictionary<string, int>(StringComparer.Ordinal);
        int done = 0, empty = 0, busy = 0;
        foreach (var subscriber in daily)
        {
            var spikes = new List<SpikeAlert>();
            foreach (var keywordKey in subscriber.Keywords.Select(MentionKeys.KeywordKey).Distinct(StringComparer.Ordinal))
            {
                if (!spikesByKeyword.TryGetValue(keywordKey, out var found))
                {
                    spikesByKeyword[keywordKey] = found = await ReadSpikesAsync(keywordKey, now - Window, now, cancellationToken);
                }

                spikes.AddRange(found);
            }

            if (spikes.Count == 0)
            {
                empty++;
                continue;
            }

            var keywords = string.Join(";", spikes.Select(spike => spike.Keyword).Distinct(StringComparer.Ordinal));
            var claim = await ledger.TryClaimAsync(digestId, keywords, subscriber.Id, cancellationToken);
            if (claim.Outcome == ClaimOutcome.AlreadyDone)
            {
                done++;
                continue;
            }

            if (claim.Outcome == ClaimOutcome.Busy)
            {
                AlertsLog.Busy(logger, digestId, subscriber.Id);
                busy++;
                continue;
            }

            var delivery = claim.Entity!;
            try
            {
                var spikeContents = new List<AlertContent>();
                foreach (var spike in spikes)
                {
                    if (!contents.TryGetValue(spike.AlertId, out var content))
                    {
                        contents[spike.AlertId] = content = Shorten(await contentLoader.LoadAsync(spike, cancellationToken));
                    }

                    spikeContents.Add(content);
                }

                var message = renderer.Render(new DigestContent(now - Window, now, spikeContents), subscriber, digestId);
                var outcome = await recorder.DeliverAsync(delivery, subscriber, () => Task.FromResult(message), throttledUntil: null, cancellationToken);
                // A digest accepted by ACS counts as sent; one deferred by the send rate waits for the next run today.
                var status = outcome.Status switch
                {
                    DeliveryStatus.Pending => DeliveryStatus.Sent,
                    DeliveryStatus.Deferred => DeliveryStatus.Retrying,
                    _ => outcome.Status,
                };
                outcomes[status] = outcomes.GetValueOrDefault(status) + 1;
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                // Release the claim at once (instead of after ClaimTimeout) so a second run today can send it; rethrow.
                await ledger.RecordAsync(delivery, DeliveryStatus.Retrying, 0, exception.Message, CancellationToken.None);
                throw;
            }
        }

        var (sent, failed, retrying) = (outcomes.GetValueOrDefault(DeliveryStatus.Sent), outcomes.GetValueOrDefault(DeliveryStatus.Failed), outcomes.GetValueOrDefault(DeliveryStatus.Retrying));
        AlertsLog.DigestDone(logger, digestId, sent, done, empty, failed, retrying);
        if (retrying + busy > 0)
        {
            throw new AlertDeliveryException(
                $"Digest {digestId}: {retrying} deliveries failed transiently and {busy} are in progress elsewhere; " +
                "running the digest again today sends only those still owed.");
        }

        return new DigestSummary(digestId, daily.Count, sent, done, empty, failed, retrying);
    }

    /// <summary>The alerts of a keyword's <c>Spikes</c> rows detected in (<paramref name="since"/>, <paramref name="until"/>], oldest first.</summary>
    private async Task<IReadOnlyList<SpikeAlert>> ReadSpikesAsync(string keywordKey, DateTimeOffset since, DateTimeOffset until, CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {keywordKey} and DetectedAt gt {since} and DetectedAt le {until}");
        var alerts = new List<SpikeAlert>();
        await foreach (var row in storage.Table(StorageNames.SpikesTable).QueryAsync<SpikeRecord>(filter, cancellationToken: cancellationToken))
        {
            // The row keeps the exact message the instant alert carried (with its articles); the columns are a fallback.
            alerts.Add((string.IsNullOrEmpty(row.Message) ? null : JsonSerializer.Deserialize<SpikeAlert>(row.Message, Json)) ?? new SpikeAlert
            {
                AlertId = row.AlertId,
                Keyword = row.Keyword,
                WindowStart = row.WindowStart,
                WindowEnd = row.WindowEnd,
                Observed = row.Observed,
                Expected = row.Expected,
                Score = row.Score,
                DistinctSources = row.DistinctSources,
                DetectedAt = row.DetectedAt,
                Reason = row.Reason,
            });
        }

        return [.. alerts.OrderBy(alert => alert.DetectedAt).ThenBy(alert => alert.AlertId, StringComparer.Ordinal)];
    }

    private AlertContent Shorten(AlertContent content)
    {
        var keep = options.Value.DigestHeadlinesPerSpike;
        return content.Headlines.Count <= keep
            ? content
            : content with { Headlines = [.. content.Headlines.Take(keep)], MoreArticles = content.MoreArticles + content.Headlines.Count - keep };
    }
}
