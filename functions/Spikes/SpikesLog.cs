using Microsoft.Extensions.Logging;

namespace NewsMonitor.Spikes;

internal static partial class SpikesLog
{
    [LoggerMessage(EventId = 4001, Level = LogLevel.Information, Message = "Spike of {Keyword}: alert {AlertId} enqueued ({Observed} observed, {Expected:0.0} expected, score {Score:0.0})")]
    public static partial void SpikeAlerted(ILogger logger, string keyword, string alertId, int observed, double expected, double score);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Debug, Message = "Spike of {Keyword}: alert {AlertId} was already raised by another detector")]
    public static partial void SpikeAlreadyAlerted(ILogger logger, string keyword, string alertId);

    [LoggerMessage(EventId = 4003, Level = LogLevel.Warning, Message = "Spike alert {AlertId} was left pending since {ClaimedAt:O}; sending it now")]
    public static partial void PendingAlertTakenOver(ILogger logger, string alertId, DateTimeOffset claimedAt);

    [LoggerMessage(EventId = 4005, Level = LogLevel.Information, Message = "Burst of {Keyword} not alerted: {Articles} articles from {Sources} outlets are {Stories} stories (Spikes:CountStories)")]
    public static partial void SyndicatedBurstDiscounted(ILogger logger, string keyword, int articles, int stories, int sources);

    [LoggerMessage(EventId = 4004, Level = LogLevel.Debug, Message = "Bucket {Bucket:O} is older than the long window; no spike check")]
    public static partial void StaleBucketSkipped(ILogger logger, DateTimeOffset bucket);
}
