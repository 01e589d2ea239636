using Microsoft.Azure.Functions.Worker;

namespace NewsMonitor.Feeds;

/// <summary>Timer adapter of the ingest stage (schedule from the <c>FetchSchedule</c> setting).</summary>
internal sealed class FetchFeedsFunction(FeedIngestor ingestor)
{
    [Function(nameof(FetchFeeds))]
    public Task FetchFeeds([TimerTrigger("%FetchSchedule%")] TimerInfo timer, CancellationToken cancellationToken)
        => ingestor.RunAsync(cancellationToken);
}
