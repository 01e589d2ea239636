namespace NewsMonitor.Alerts.Spikes;

/// <summary>
/// One sustained spike: from the first bucket that fired until <see cref="SpikesOptions.CooldownHours"/> pass
/// without firing. <see cref="Level"/> counts its alerts (1, then one more per regrowth).
/// </summary>
internal sealed record SpikeEpisode(DateTimeOffset Start, DateTimeOffset LastFired, int Level, double AlertedRate)
{
    /// <summary>Hysteresis: what a new evaluation means for the episode (if any) that is running.</summary>
    public static SpikeEpisodeDecision Next(SpikeEpisode? current, SpikeEvaluation evaluation, SpikesOptions options)
    {
        if (!evaluation.Fired)
        {
            return new SpikeEpisodeDecision(current, Alert: false);
        }

        var rate = evaluation.FiredRate;
        if (current is not null && current.IsActiveAt(evaluation.Bucket, options))
        {
            var lastFired = evaluation.Bucket > current.LastFired ? evaluation.Bucket : current.LastFired;
            return rate >= options.RegrowthFactor * current.AlertedRate
                ? new SpikeEpisodeDecision(current with { LastFired = lastFired, Level = current.Level + 1, AlertedRate = rate }, Alert: true)
                : new SpikeEpisodeDecision(current with { LastFired = lastFired }, Alert: false);
        }

        return new SpikeEpisodeDecision(new SpikeEpisode(evaluation.Bucket, evaluation.Bucket, 1, rate), Alert: true);
    }

    public bool IsActiveAt(DateTimeOffset bucket, SpikesOptions options) =>
        bucket - LastFired < TimeSpan.FromHours(options.CooldownHours);
}

/// <param name="Episode">The episode after the evaluation (null when none has started yet).</param>
/// <param name="Alert">True when this evaluation starts an episode or regrows one: an alert is due.</param>
internal readonly record struct SpikeEpisodeDecision(SpikeEpisode? Episode, bool Alert);
