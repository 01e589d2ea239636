using NewsMonitor.Alerts.Rendering;

namespace NewsMonitor.Alerts.Digest;

/// <summary>One subscriber's digest: the spikes of their keywords detected in the window, oldest first.</summary>
internal sealed record DigestContent(DateTimeOffset WindowStart, DateTimeOffset WindowEnd, IReadOnlyList<AlertContent> Spikes)
{
    public DateOnly Day => DateOnly.FromDateTime(WindowEnd.UtcDateTime);
}
