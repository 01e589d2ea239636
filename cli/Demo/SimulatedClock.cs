namespace NewsMonitor.Cli.Demo;

/// <summary>
/// The demo's clock: wall-clock time ("now") is simulated and moved by the driver; durations (timers, timestamps)
/// stay real, so timeouts and retry delays inside the stages behave as they would and never wait for simulated time.
/// </summary>
internal sealed class SimulatedClock(DateTimeOffset start) : TimeProvider
{
    private long _utcTicks = start.UtcTicks;

    public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;

    public override DateTimeOffset GetUtcNow() => new(Interlocked.Read(ref _utcTicks), TimeSpan.Zero);

    public void Set(DateTimeOffset now) => Interlocked.Exchange(ref _utcTicks, now.UtcTicks);
}
