namespace NewsMonitor.Spikes;

/// <summary>
/// One sustained spike: from the first bucket that fired until <see cref="SpikesOptions.CooldownHours"/> pass
/// without firing. <see cref="Level"/> counts its alerts: 0 while the alert budget holds it back, 1 after the onset
/// alert, one more per "still growing" follow-up (at most <see cref="SpikesOptions.MaxFollowUps"/>).
/// </summary>
internal sealed record SpikeEpisode(DateTimeOffset Start, DateTimeOffset LastFired, int Level, double AlertedRate)
{
    /// <summary>Hysteresis and budget: what a new evaluation means for the episode (if any) that is running.</summary>
    /// <param name="recentAlerts">Onset alerts of this keyword in the <see cref="SpikesOptions.BudgetDays"/> before the evaluation, the running episode's included.</param>
    public static SpikeEpisodeDecision Next(SpikeEpisode? current, SpikeEvaluation evaluation, SpikesOptions options, int recentAlerts = 0)
    {
        if (!evaluation.Fired)
        {
            return new SpikeEpisodeDecision(current, Alert: false);
        }

        var rate = evaluation.FiredRate;
        var margin = BudgetMargin(recentAlerts, options);
        if (current is not null && current.IsActiveAt(evaluation.Bucket, options))
        {
            var lastFired = evaluation.Bucket > current.LastFired ? evaluation.Bucket : current.LastFired;
            if (current.Level == 0)
            {
                // Held back by the budget so far: the episode alerts once it clears the raised bar.
                return evaluation.FiresWithMargin(margin)
                    ? new SpikeEpisodeDecision(current with { LastFired = lastFired, Level = 1, AlertedRate = rate }, Alert: true)
                    : new SpikeEpisodeDecision(current with { LastFired = lastFired }, Alert: false);
            }

            // A follow-up is one more email: it needs real growth, a surprise one budget step rarer than an onset's,
            // and room in the budget.
            var regrows = current.Level <= options.MaxFollowUps
                && rate >= options.RegrowthFactor * current.AlertedRate
                && evaluation.FiresWithMargin(options.BudgetStep)
                && recentAlerts < options.AlertBudget;
            return regrows
                ? new SpikeEpisodeDecision(current with { LastFired = lastFired, Level = current.Level + 1, AlertedRate = rate }, Alert: true)
                : new SpikeEpisodeDecision(current with { LastFired = lastFired }, Alert: false);
        }

        var alert = evaluation.FiresWithMargin(margin);
        return new SpikeEpisodeDecision(
            new SpikeEpisode(evaluation.Bucket, evaluation.Bucket, alert ? 1 : 0, alert ? rate : 0),
            alert);
    }

    /// <summary>
    /// How much higher (in score units, powers of ten of rarity) the bar is after <paramref name="recentAlerts"/>: 0
    /// within the budget, then <see cref="SpikesOptions.BudgetStep"/> more for each alert beyond it.
    /// </summary>
    public static double BudgetMargin(int recentAlerts, SpikesOptions options) =>
        options.BudgetStep * Math.Max(0, recentAlerts - options.AlertBudget + 1);

    public bool IsActiveAt(DateTimeOffset bucket, SpikesOptions options) =>
        bucket - LastFired < TimeSpan.FromHours(options.CooldownHours);
}

/// <param name="Episode">The episode after the evaluation (null when none has started yet).</param>
/// <param name="Alert">True when this evaluation starts an episode or regrows one: an alert is due.</param>
internal readonly record struct SpikeEpisodeDecision(SpikeEpisode? Episode, bool Alert);
