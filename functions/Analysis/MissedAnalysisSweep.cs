using System.Globalization;
using System.Runtime.CompilerServices;
using Azure.Storage.Blobs.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NewsMonitor.Storage;

namespace NewsMonitor.Analysis;

/// <summary>
/// Finishes analyses the blob trigger gave up on. In Azure the analysis of an article is owed to an Event Grid event:
/// when the function fails five times in a row (a storage outage outlasts the retries) the host moves the blob to
/// <c>webjobs-blobtrigger-poison</c>, and an event Event Grid could not deliver for a day lands in
/// <c>eventgrid-deadletter</c>; neither is ever retried by itself. The durable fact is the missing
/// <c>analysis/</c> blob, so this sweep compares the two containers' listings for the last
/// <see cref="AnalysisOptions.SweepDays"/> UTC days and analyzes every article older than
/// <see cref="AnalysisOptions.SweepAfter"/> (so a live trigger is not raced) that has none. The stage is idempotent:
/// an article analyzed meanwhile is not counted twice. Cost per run: two blob listings per day swept (5,000 names per
/// page), plus one analysis per article actually missed.
/// </summary>
internal sealed class MissedAnalysisSweep(
    NewsStorage storage,
    ArticleAnalysisStage stage,
    IOptions<AnalysisOptions> options,
    TimeProvider timeProvider,
    ILogger<MissedAnalysisSweep> logger)
{
    /// <summary>Analyzes every article of the swept days still without an analysis; returns their blob names.</summary>
    public async Task<IReadOnlyList<string>> FinishMissedAsync(CancellationToken cancellationToken = default)
    {
        var now = timeProvider.GetUtcNow();
        var finished = new List<string>();
        await foreach (var (blobName, stored) in FindUnanalyzedAsync(cancellationToken))
        {
            if (now - stored < options.Value.SweepAfter)
            {
                continue;
            }

            try
            {
                await stage.AnalyzeAsync(blobName, cancellationToken);
            }
            catch (InvalidDataException exception)
            {
                // An article that is not valid JSON never will be (write-once): skipped, said each time, not retried forever.
                AnalysisLog.SweepSkippedUnreadable(logger, exception, blobName);
                continue;
            }

            AnalysisLog.SweptUp(logger, blobName, stored);
            finished.Add(blobName);
        }

        return finished;
    }

    /// <summary>
    /// Every article blob of the swept days that has no analysis blob yet, with the time it was stored, however recent
    /// (the caller decides what is old enough). The analysis listing is read before the articles', so an analysis that
    /// finishes in between only makes an article appear owed; analyzing it again is harmless.
    /// </summary>
    public async IAsyncEnumerable<(string BlobName, DateTimeOffset Stored)> FindUnanalyzedAsync(
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var now = timeProvider.GetUtcNow();
        for (var day = 0; day < options.Value.SweepDays; day++)
        {
            // Blob names start with the article's UTC publication day (Article.BlobName).
            var prefix = now.UtcDateTime.Date.AddDays(-day).ToString("yyyy/MM/dd/", CultureInfo.InvariantCulture);
            var analyzed = new HashSet<string>(StringComparer.Ordinal);
            await foreach (var blob in storage.Container(StorageNames.AnalysisContainer).GetBlobsAsync(BlobTraits.None, BlobStates.None, prefix, cancellationToken))
            {
                analyzed.Add(blob.Name);
            }

            await foreach (var blob in storage.Container(StorageNames.ArticlesContainer).GetBlobsAsync(BlobTraits.None, BlobStates.None, prefix, cancellationToken))
            {
                if (!analyzed.Contains(blob.Name))
                {
                    yield return (blob.Name, blob.Properties.CreatedOn ?? blob.Properties.LastModified ?? now);
                }
            }
        }
    }
}
