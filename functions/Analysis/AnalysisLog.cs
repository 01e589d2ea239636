using Microsoft.Extensions.Logging;

namespace NewsMonitor.Analysis;

/// <summary>The analysis stage's recurring log events.</summary>
internal static partial class AnalysisLog
{
    [LoggerMessage(EventId = 3001, Level = LogLevel.Warning, Message = "Azure AI Language unavailable (circuit open or out of time); analyzing {TextCount} text(s) with the local analyzer")]
    public static partial void FallingBackToLocal(ILogger logger, Exception exception, int textCount);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Warning, Message = "Azure AI Language rejected text {TextIndex} for good; analyzed locally: {Problems}")]
    public static partial void RejectedAnalyzedLocally(ILogger logger, int textIndex, string problems);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Warning, Message = "Skipping subscriber keyword {Keyword}: it cannot be parsed")]
    public static partial void SubscriberKeywordSkipped(ILogger logger, Exception exception, string keyword);

    [LoggerMessage(EventId = 3004, Level = LogLevel.Information, Message = "Article {BlobName} already analyzed; duplicate event ignored")]
    public static partial void AlreadyAnalyzed(ILogger logger, string blobName);

    [LoggerMessage(EventId = 3005, Level = LogLevel.Information, Message = "Analyzed {BlobName} with {Analyzer}: language {Language}, sentiment {Sentiment}, {EntityCount} entities, keywords {Keywords}")]
    public static partial void Analyzed(ILogger logger, string blobName, string analyzer, string language, string sentiment, int entityCount, IReadOnlyList<string> keywords);

    [LoggerMessage(EventId = 3006, Level = LogLevel.Warning, Message = "Analysis of {BlobName} reported {Code}: {Message}")]
    public static partial void AnalysisWarning(ILogger logger, string blobName, string code, string message);

    [LoggerMessage(EventId = 3007, Level = LogLevel.Warning, Message = "Article {BlobName} (stored {StoredAt:u}) had no analysis; analyzed by the sweep (its blob-created event was given up on)")]
    public static partial void SweptUp(ILogger logger, string blobName, DateTimeOffset storedAt);

    [LoggerMessage(EventId = 3008, Level = LogLevel.Error, Message = "Article {BlobName} cannot be read; the sweep skips it")]
    public static partial void SweepSkippedUnreadable(ILogger logger, Exception exception, string blobName);
}
