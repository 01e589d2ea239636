using Microsoft.Extensions.Logging;

namespace NewsMonitor.Cli.Pipeline;

internal static partial class PipelineLog
{
    [LoggerMessage(9001, LogLevel.Warning, "Analysis of {BlobName} failed (attempt {Attempt}); retried next cycle")]
    public static partial void AnalysisFailed(ILogger logger, string blobName, int attempt, Exception exception);

    [LoggerMessage(9002, LogLevel.Error, "Article {BlobName} cannot be analyzed; left in the analysis backlog as abandoned")]
    public static partial void AnalysisAbandoned(ILogger logger, string blobName, Exception exception);

    [LoggerMessage(9003, LogLevel.Warning, "Alert message {MessageId} failed (dequeue {DequeueCount})")]
    public static partial void AlertFailed(ILogger logger, string messageId, long dequeueCount, Exception exception);

    [LoggerMessage(9004, LogLevel.Error, "Alert message {MessageId} moved to {PoisonQueue} after 5 failed attempts")]
    public static partial void AlertPoisoned(ILogger logger, string messageId, string poisonQueue);
}
