using Microsoft.Azure.Functions.Worker;

namespace NewsMonitor.Analysis;

/// <summary>
/// Timer adapter of <see cref="MissedAnalysisSweep.FinishMissedAsync"/>, on the ingest's schedule (<c>FetchSchedule</c>):
/// an article whose blob-created event ended in poison or dead-letter is analyzed within one period after
/// <see cref="AnalysisOptions.SweepAfter"/>. A storage failure fails the run; the next one sweeps again.
/// </summary>
internal sealed class FinishMissedAnalysesFunction(MissedAnalysisSweep sweep)
{
    [Function(nameof(FinishMissedAnalyses))]
    public Task FinishMissedAnalyses([TimerTrigger("%FetchSchedule%")] TimerInfo timer, CancellationToken cancellationToken) =>
        sweep.FinishMissedAsync(cancellationToken);
}
