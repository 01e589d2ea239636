using System.Globalization;

namespace NewsMonitor.Hosting;

/// <summary>
/// The wait an Azure service asks for, read the way Azure.Core reads it: <c>retry-after-ms</c>, then
/// <c>x-ms-retry-after-ms</c>, then <c>Retry-After</c> (seconds or an HTTP date). Shared by the REST clients we write
/// ourselves because their SDKs are not available here.
/// </summary>
internal static class RetryAfterHeader
{
    /// <returns>The requested wait (never negative), or null when the response asks for none.</returns>
    public static TimeSpan? Delay(HttpResponseMessage? response, DateTimeOffset now)
    {
        if (response is null)
        {
            return null;
        }

        foreach (var header in (string[])["retry-after-ms", "x-ms-retry-after-ms"])
        {
            if (response.Headers.TryGetValues(header, out var values)
                && double.TryParse(values.FirstOrDefault(), NumberStyles.Float, CultureInfo.InvariantCulture, out var ms)
                && ms >= 0)
            {
                return TimeSpan.FromMilliseconds(ms);
            }
        }

        if (response.Headers.RetryAfter is not { } retryAfter
            || (retryAfter.Delta ?? (retryAfter.Date is { } date ? date - now : null)) is not { } delay)
        {
            return null;
        }

        return delay < TimeSpan.Zero ? TimeSpan.Zero : delay;
    }
}
