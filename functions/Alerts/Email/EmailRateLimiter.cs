using System.Globalization;
using System.Net;
using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;
using NewsMonitor.Storage;

namespace NewsMonitor.Alerts.Email;

/// <summary>
/// Keeps the app under <see cref="EmailOptions.MaxPerMinute"/> and <see cref="EmailOptions.MaxPerHour"/> across every
/// instance: one counter row per fixed window in the <c>Deliveries</c> table, incremented with ETag checks, plus a
/// "blocked until" row a 429 sets so the other instances wait out the service's Retry-After too. Fixed windows can
/// let twice the limit through across a boundary; the service's own 429 (handled the same way) covers that edge.
/// With no limit configured nothing is stored: a 429's Retry-After is then remembered by this instance only.
/// </summary>
internal class EmailRateLimiter(Func<NewsStorage> storage, IOptions<EmailOptions> options, TimeProvider timeProvider)
{
    private const string PartitionPrefix = "emailrate|";
    private const string BlockedKey = PartitionPrefix + "blocked";
    private const int MaxConflictRetries = 20;

    private DateTimeOffset _blockedUntil = DateTimeOffset.MinValue;

    private TableClient Table => storage().Table(StorageNames.DeliveriesTable);

    private bool Enabled => options.Value.MaxPerMinute > 0 || options.Value.MaxPerHour > 0;

    /// <summary>Takes one send from every window; returns null when taken, else when the next send may go.</summary>
    public virtual async Task<DateTimeOffset?> TryAcquireAsync(CancellationToken cancellationToken = default)
    {
        var now = timeProvider.GetUtcNow();
        if (_blockedUntil > now)
        {
            return _blockedUntil;
        }

        if (!Enabled)
        {
            return null;
        }

        var blocked = await Table.GetEntityIfExistsAsync<TableEntity>(BlockedKey, BlockedKey, cancellationToken: cancellationToken);
        if (blocked.HasValue && blocked.Value!.GetDateTimeOffset("Until") is { } until && until > now)
        {
            return until;
        }

        for (var attempt = 0; attempt < MaxConflictRetries; attempt++)
        {
            now = timeProvider.GetUtcNow();
            var windows = Windows(now);
            var counters = new List<(TableEntity Entity, bool Exists)>();
            foreach (var window in windows)
            {
                var existing = await Table.GetEntityIfExistsAsync<TableEntity>(window.Key, "count", cancellationToken: cancellationToken);
                var entity = existing.HasValue ? existing.Value! : new TableEntity(window.Key, "count") { ["Count"] = 0 };
                if ((entity.GetInt32("Count") ?? 0) >= window.Limit)
                {
                    return window.End;
                }

                counters.Add((entity, existing.HasValue));
            }

            if (await TryIncrementAsync(counters, cancellationToken))
            {
                return null;
            }
        }

        // Many instances racing for the same window: let this one come back shortly rather than spin.
        return timeProvider.GetUtcNow().AddSeconds(5);
    }

    /// <summary>Records that the service refused sends until <paramref name="until"/> (its Retry-After), for every instance.</summary>
    public virtual async Task BlockUntilAsync(DateTimeOffset until, CancellationToken cancellationToken = default)
    {
        if (until > _blockedUntil)
        {
            _blockedUntil = until;
        }

        if (Enabled)
        {
            await Table.UpsertEntityAsync(new TableEntity(BlockedKey, BlockedKey) { ["Until"] = until }, TableUpdateMode.Replace, cancellationToken);
        }
    }

    private async Task<bool> TryIncrementAsync(List<(TableEntity Entity, bool Exists)> counters, CancellationToken cancellationToken)
    {
        try
        {
            foreach (var (entity, exists) in counters)
            {
                entity["Count"] = (entity.GetInt32("Count") ?? 0) + 1;
                if (exists)
                {
                    await Table.UpdateEntityAsync(entity, entity.ETag, TableUpdateMode.Replace, cancellationToken);
                }
                else
                {
                    await Table.AddEntityAsync(entity, cancellationToken);
                }
            }

            return true;
        }
        catch (RequestFailedException exception) when (exception.Status is (int)HttpStatusCode.Conflict or (int)HttpStatusCode.PreconditionFailed)
        {
            // Another instance counted first: read again. A window counted before the conflict stays counted, which
            // errs on the side of sending less.
            return false;
        }
    }

    private IEnumerable<(string Key, int Limit, DateTimeOffset End)> Windows(DateTimeOffset now)
    {
        var settings = options.Value;
        if (settings.MaxPerMinute > 0)
        {
            var start = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, now.Minute, 0, TimeSpan.Zero);
            yield return (PartitionPrefix + "minute|" + start.ToString("yyyyMMddHHmm", CultureInfo.InvariantCulture), settings.MaxPerMinute, start.AddMinutes(1));
        }

        if (settings.MaxPerHour > 0)
        {
            var start = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, 0, 0, TimeSpan.Zero);
            yield return (PartitionPrefix + "hour|" + start.ToString("yyyyMMddHH", CultureInfo.InvariantCulture), settings.MaxPerHour, start.AddHours(1));
        }
    }
}
