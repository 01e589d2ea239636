using Microsoft.Extensions.Configuration;
using NCrontab;
using NewsMonitor.Alerts.Digest;
using NewsMonitor.Storage;

namespace NewsMonitor.Cli.Pipeline;

/// <summary>
/// The SendDigests timer for <c>newsmon run</c>: the digest runs when the <c>DigestSchedule</c> NCRONTAB (the
/// Functions host's syntax, with seconds; default 07:00 UTC) had an occurrence since the last check. Checked once per
/// cycle, so it fires up to one cycle late, never early; the ledger makes a second firing the same day harmless.
/// </summary>
internal sealed class DigestTimer(DigestDispatcher digests, IConfiguration configuration, TimeProvider timeProvider)
{
    private readonly CrontabSchedule _schedule = CrontabSchedule.Parse(
        configuration[SettingNames.DigestSchedule] ?? SettingNames.DefaultDigestSchedule,
        new CrontabSchedule.ParseOptions { IncludingSeconds = true });

    private DateTime _lastCheck = timeProvider.GetUtcNow().UtcDateTime;

    /// <summary>Sends the digest when due; null when not.</summary>
    public async Task<DigestSummary?> RunIfDueAsync(CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow().UtcDateTime;
        var due = _schedule.GetNextOccurrence(_lastCheck) <= now;
        _lastCheck = now;
        return due ? await digests.SendAsync(cancellationToken) : null;
    }
}
