using System.Text.Json;
using NewsMonitor.Alerts;
using NewsMonitor.Alerts.Rendering;
using NewsMonitor.Analysis;
using NewsMonitor.Articles;
using NewsMonitor.Storage;
using NewsMonitor.Subscriptions;

namespace NewsMonitor.Tools.CrashHarness;

/// <summary>What one scenario's check found. Lost and duplicated are violations; the rest is described.</summary>
internal sealed class Verdict
{
    public int Lost { get; set; }

    public int Duplicated { get; set; }

    /// <summary>Deliveries recorded <c>uncertain</c> (the mail server may have it): the documented at-most-once window.</summary>
    public int Uncertain { get; set; }

    /// <summary>Of <see cref="Uncertain"/>, how many the sink did receive (the rest are the emails that window cost).</summary>
    public int UncertainReceived { get; set; }

    public int Spikes { get; set; }

    public int Emails { get; set; }

    public List<string> Problems { get; } = [];

    public void LostOne(string what)
    {
        Lost++;
        Problems.Add("lost: " + what);
    }

    public void Twice(string what)
    {
        Duplicated++;
        Problems.Add("twice: " + what);
    }
}

/// <summary>
/// Checks storage and the mail sink directly, against what the feeds served: every story stored once, every stored
/// article analyzed, Mentions rows equal to the distinct matching articles, one Spikes row and one alert per spike,
/// and each subscriber's email exactly once, or the ledger saying why not.
/// </summary>
internal static class Checker
{
    public static async Task<Verdict> CheckAsync(HarnessStorage harness, TrialNews news, MailSink sink, int expectedSpikes)
    {
        var verdict = new Verdict();
        var storage = harness.Storage;

        // Articles: each served story once, under one blob.
        var stored = new List<(string BlobName, Article Article)>();
        await foreach (var blob in storage.Container(StorageNames.ArticlesContainer).GetBlobsAsync())
        {
            var content = await storage.Container(StorageNames.ArticlesContainer).GetBlobClient(blob.Name).DownloadContentAsync();
            stored.Add((blob.Name, JsonSerializer.Deserialize<Article>(content.Value.Content, ArticleJson.Options)!));
        }

        var byUrl = stored.ToLookup(entry => entry.Article.Url, StringComparer.Ordinal);
        foreach (var (link, _) in news.Stories)
        {
            var count = byUrl[link].Count();
            if (count == 0)
            {
                verdict.LostOne($"story {link} never stored");
            }
            else if (count > 1)
            {
                verdict.Twice($"story {link} stored {count} times ({string.Join(", ", byUrl[link].Select(entry => entry.BlobName))})");
            }
        }

        foreach (var entry in stored.Where(entry => !news.Stories.ContainsKey(entry.Article.Url)))
        {
            verdict.Twice($"article {entry.BlobName} with a URL no feed served ({entry.Article.Url})");
        }

        // Analysis: one analysis blob per article blob.
        var analyzed = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var blob in storage.Container(StorageNames.AnalysisContainer).GetBlobsAsync())
        {
            analyzed.Add(blob.Name);
        }

        foreach (var entry in stored.Where(entry => !analyzed.Contains(entry.BlobName)))
        {
            verdict.LostOne($"article {entry.BlobName} stored but never analyzed");
        }

        // Mentions: the keyword's rows are the matching articles, the volume rows all articles, each once.
        var mentions = await harness.RowsAsync(StorageNames.MentionsTable);
        var keywordKey = MentionKeys.KeywordKey(HarnessStorage.Keyword);
        CheckMentions(verdict, "volume", mentions.Where(row => row.PartitionKey.StartsWith(MentionKeys.AllArticles + "|", StringComparison.Ordinal)).Select(row => row.RowKey),
            stored.Select(entry => entry.Article.Id));
        CheckMentions(verdict, HarnessStorage.Keyword, mentions.Where(row => row.PartitionKey.StartsWith(keywordKey + "|", StringComparison.Ordinal)).Select(row => row.RowKey),
            stored.Where(entry => news.Stories.TryGetValue(entry.Article.Url, out var item) && item.MentionsKeyword).Select(entry => entry.Article.Id));

        // Spikes: as many alert rows as the clean calibration run raised, every one enqueued.
        var spikes = (await harness.RowsAsync(StorageNames.SpikesTable)).Where(row => !row.RowKey.StartsWith('~')).ToList();
        verdict.Spikes = spikes.Count;
        if (spikes.Count < expectedSpikes)
        {
            verdict.LostOne($"{expectedSpikes - spikes.Count} spike(s) never raised ({spikes.Count} of {expectedSpikes})");
        }
        else if (spikes.Count > expectedSpikes)
        {
            verdict.Twice($"{spikes.Count} spike rows for {expectedSpikes} spike(s): {string.Join(", ", spikes.Select(row => row.RowKey))}");
        }

        foreach (var spike in spikes.Where(row => row.GetString("State") != "Enqueued"))
        {
            verdict.LostOne($"spike {spike.RowKey} still {spike.GetString("State")}");
        }

        // Deliveries: every (alert, instant subscriber) has a final ledger row that agrees with the sink.
        var ledger = (await harness.RowsAsync(StorageNames.DeliveriesTable))
            .Where(row => !row.PartitionKey.StartsWith("cooldown|", StringComparison.Ordinal))
            .ToDictionary(row => (row.GetString("AlertId"), row.RowKey));
        var explained = new HashSet<string>(StringComparer.Ordinal);
        foreach (var spike in spikes)
        {
            var alertId = spike.GetString("AlertId");
            foreach (var address in HarnessStorage.InstantSubscribers)
            {
                var subscriberId = EmailAddresses.SubscriberId(address);
                if (!ledger.ContainsKey((alertId, subscriberId)))
                {
                    verdict.LostOne($"alert {alertId} to {address}: no ledger row");
                }
            }
        }

        foreach (var ((alertId, subscriberId), row) in ledger)
        {
            var messageId = AlertEmailRenderer.MessageId(alertId, subscriberId);
            explained.Add(messageId);
            var received = sink.Received.GetValueOrDefault(messageId);
            var status = row.GetString("Status");
            var what = $"{alertId} to {subscriberId} ({status}, received {received})";
            switch (status)
            {
                case DeliveryStatus.Sent when received == 0:
                    verdict.LostOne(what + ": recorded sent, never received");
                    break;
                case DeliveryStatus.Uncertain:
                    verdict.Uncertain++;
                    verdict.UncertainReceived += Math.Min(received, 1);
                    break;
                case DeliveryStatus.Failed or DeliveryStatus.Skipped when received > 0:
                    verdict.Twice(what + ": received but recorded as not sent");
                    break;
                case DeliveryStatus.Sent or DeliveryStatus.Failed or DeliveryStatus.Skipped:
                    break;
                default:
                    verdict.LostOne(what + ": the ledger never reached a final state");
                    break;
            }

            if (received > 1)
            {
                verdict.Twice(what + ": same Message-ID received " + received + " times");
            }
        }

        foreach (var (messageId, count) in sink.Received.Where(pair => !explained.Contains(pair.Key)))
        {
            verdict.Twice($"email {messageId} x{count} with no ledger row");
        }

        verdict.Emails = sink.Received.Values.Sum();
        return verdict;
    }

    private static void CheckMentions(Verdict verdict, string what, IEnumerable<string> rowKeys, IEnumerable<string> expectedIds)
    {
        var counted = rowKeys.GroupBy(id => id, StringComparer.Ordinal).ToDictionary(group => group.Key, group => group.Count(), StringComparer.Ordinal);
        var expected = expectedIds.ToHashSet(StringComparer.Ordinal);
        foreach (var id in expected.Where(id => !counted.ContainsKey(id)))
        {
            verdict.LostOne($"{what} mention of article {id} never counted");
        }

        foreach (var (id, count) in counted.Where(pair => pair.Value > 1 || !expected.Contains(pair.Key)))
        {
            verdict.Twice($"{what} mention of article {id} counted {count} time(s){(expected.Contains(id) ? "" : " but the article does not match")}");
        }
    }
}
