using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Runtime.InteropServices;
using System.Security.Authentication;
using Microsoft.Extensions.Options;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace NewsMonitor.Feeds.Fetching;

/// <summary>What one GET of a feed or article page produced; the body only when <see cref="Status"/> is Ok.</summary>
internal sealed record HttpFetchResult
{
    public required FeedFetchStatus Status { get; init; }

    public int? HttpStatus { get; init; }

    /// <summary>The URL of the response after redirects.</summary>
    public Uri? FinalUrl { get; init; }

    public ReadOnlyMemory<byte> Body { get; init; }

    public string? MediaType { get; init; }

    public string? Charset { get; init; }

    public string? ETag { get; init; }

    public string? LastModified { get; init; }

    /// <summary>When the server asked us to come back (Retry-After), as an absolute time.</summary>
    public DateTimeOffset? RetryAfter { get; init; }

    /// <summary>Until when the response may be cached (Cache-Control max-age, else Expires), as an absolute time.</summary>
    public DateTimeOffset? FreshUntil { get; init; }

    public string? Error { get; init; }

    public Stream OpenBody()
        => MemoryMarshal.TryGetArray(Body, out var segment)
            ? new MemoryStream(segment.Array!, segment.Offset, segment.Count, writable: false)
            : new MemoryStream(Body.ToArray(), writable: false);
}

/// <summary>
/// The typed HttpClient of the feeds stage (feeds and article pages alike). The resilience handler registered in
/// <see cref="FeedsServiceCollectionExtensions.AddFeeds"/> retries, times out and breaks circuits; this class adds
/// the per-host limit, conditional GET, the streamed size cap and the classification of failures.
/// </summary>
internal class FeedHttpClient(HttpClient http, IOptions<FeedsOptions> options, TimeProvider timeProvider, FeedHostGates gates)
{
    internal const string FeedAccept =
        "application/rss+xml, application/atom+xml, application/feed+json, application/rdf+xml, " +
        "application/xml;q=0.9, text/xml;q=0.9, application/json;q=0.8, */*;q=0.5";

    internal const string PageAccept = "text/html, application/xhtml+xml;q=0.9, */*;q=0.5";

    private const int ChunkSize = 64 * 1024;

    public virtual async Task<HttpFetchResult> GetAsync(
        Uri url, string accept, string? etag = null, string? lastModified = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(url);
        if (SchemeRefusal(url) is { } refusal)
        {
            return new HttpFetchResult { Status = FeedFetchStatus.Blocked, Error = refusal };
        }

        var settings = options.Value;
        var gate = gates.For(url.Authority);
        await gate.WaitAsync(cancellationToken);
        try
        {
            using var total = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            total.CancelAfter(settings.TotalTimeout);
            try
            {
                return await SendAsync(url, accept, etag, lastModified, settings, total.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                return Failed(FeedFetchStatus.Timeout, $"No complete response within {settings.TotalTimeout}.");
            }
            catch (TimeoutRejectedException exception)
            {
                return Failed(FeedFetchStatus.Timeout, exception.Message);
            }
            catch (BrokenCircuitException exception)
            {
                return Failed(FeedFetchStatus.Network, $"Circuit open for {url.Authority}: {exception.Message}");
            }
            catch (HttpRequestException exception)
            {
                return Failed(Classify(exception), Describe(exception));
            }
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>Why <paramref name="url"/> is not fetched over HTTP at all, or null.</summary>
    internal static string? SchemeRefusal(Uri url) =>
        url.Scheme == Uri.UriSchemeHttp || url.Scheme == Uri.UriSchemeHttps ? null : $"Scheme '{url.Scheme}' is not fetched over HTTP.";

    private async Task<HttpFetchResult> SendAsync(
        Uri url, string accept, string? etag, string? lastModified, FeedsOptions settings, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.TryAddWithoutValidation("Accept", accept);
        // Validators go back verbatim: servers compare them as opaque strings (RFC 9110 13.1).
        if (!string.IsNullOrEmpty(etag))
        {
            request.Headers.TryAddWithoutValidation("If-None-Match", etag);
        }

        if (!string.IsNullOrEmpty(lastModified))
        {
            request.Headers.TryAddWithoutValidation("If-Modified-Since", lastModified);
        }

        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        var status = (int)response.StatusCode;
        var common = new HttpFetchResult
        {
            Status = FeedFetchStatus.Ok,
            HttpStatus = status,
            FinalUrl = response.RequestMessage?.RequestUri ?? url,
            // Kept raw: some servers send unquoted ETags or odd dates, and they only ever come back to the same server.
            ETag = RawHeader(response.Headers, "ETag") ?? etag,
            LastModified = RawHeader(response.Content.Headers, "Last-Modified") ?? lastModified,
            RetryAfter = RetryAfter(response),
            FreshUntil = FreshUntil(response),
        };

        if (response.StatusCode == HttpStatusCode.NotModified)
        {
            return common with { Status = FeedFetchStatus.NotModified };
        }

        if (!response.IsSuccessStatusCode)
        {
            return common with { Status = ClassifyStatus(response.StatusCode), Error = $"HTTP {status} {response.ReasonPhrase}" };
        }

        var contentType = response.Content.Headers.ContentType;
        var body = await ReadCappedAsync(response.Content, settings.MaxBodyBytes, cancellationToken);
        return body is null
            ? common with { Status = FeedFetchStatus.TooLarge, Error = $"Body larger than {settings.MaxBodyBytes} bytes; aborted." }
            : common with { Body = body.Value, MediaType = contentType?.MediaType, Charset = contentType?.CharSet?.Trim('"') };
    }

    /// <summary>Reads at most <paramref name="maxBytes"/> (decompressed) and gives up the moment the body is larger.</summary>
    private static async Task<ReadOnlyMemory<byte>?> ReadCappedAsync(HttpContent content, long maxBytes, CancellationToken cancellationToken)
    {
        if (content.Headers.ContentLength > maxBytes)
        {
            return null;
        }

        await using var stream = await content.ReadAsStreamAsync(cancellationToken);
        using var buffer = new MemoryStream();
        var chunk = ArrayPool<byte>.Shared.Rent(ChunkSize);
        try
        {
            int read;
            while ((read = await stream.ReadAsync(chunk.AsMemory(0, ChunkSize), cancellationToken)) > 0)
            {
                if (buffer.Length + read > maxBytes)
                {
                    return null;
                }

                buffer.Write(chunk, 0, read);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }

        return buffer.ToArray();
    }

    private static string? RawHeader(HttpHeaders headers, string name)
        => headers.NonValidated.TryGetValues(name, out var values) && values.Count > 0 ? values.ToString() : null;

    private DateTimeOffset? RetryAfter(HttpResponseMessage response)
    {
        var header = response.Headers.RetryAfter;
        if (header?.Delta is { } delta)
        {
            return timeProvider.GetUtcNow() + delta;
        }

        return header?.Date;
    }

    /// <summary>
    /// RFC 9111 5.2.2.1 and 5.3: max-age wins over Expires; no-cache and no-store say nothing about when to come back.
    /// Expires is read relative to the response's Date, so a server whose clock is off still means what it says.
    /// </summary>
    private DateTimeOffset? FreshUntil(HttpResponseMessage response)
    {
        var now = timeProvider.GetUtcNow();
        var cacheControl = response.Headers.CacheControl;
        if (cacheControl is { NoStore: true } or { NoCache: true })
        {
            return null;
        }

        if (cacheControl?.MaxAge is { } maxAge)
        {
            return now + maxAge;
        }

        if (response.Content.Headers.Expires is not { } expires)
        {
            return null;
        }

        return response.Headers.Date is { } date ? now + (expires - date) : expires;
    }

    private static FeedFetchStatus ClassifyStatus(HttpStatusCode status) => status switch
    {
        HttpStatusCode.NotFound => FeedFetchStatus.NotFound,
        HttpStatusCode.Gone => FeedFetchStatus.Gone,
        HttpStatusCode.TooManyRequests => FeedFetchStatus.Throttled,
        HttpStatusCode.RequestTimeout => FeedFetchStatus.Timeout,
        >= HttpStatusCode.InternalServerError => FeedFetchStatus.ServerError,
        _ => FeedFetchStatus.ClientError,
    };

    internal static FeedFetchStatus Classify(HttpRequestException exception)
    {
        if (FindInner<SsrfBlockedException>(exception) is not null)
        {
            return FeedFetchStatus.Blocked;
        }

        if (exception.HttpRequestError == HttpRequestError.SecureConnectionError || FindInner<AuthenticationException>(exception) is not null)
        {
            return FeedFetchStatus.Tls;
        }

        return FeedFetchStatus.Network;
    }

    /// <summary>One short reason: the socket error's text often repeats the request error's, which says it once.</summary>
    private static string Describe(HttpRequestException exception)
        => FindInner<SsrfBlockedException>(exception)?.Message
            ?? (exception.InnerException is { } inner && !exception.Message.Contains(inner.Message, StringComparison.Ordinal)
                ? $"{exception.Message} ({inner.Message})"
                : exception.Message);

    internal static T? FindInner<T>(Exception exception)
        where T : Exception
    {
        for (Exception? current = exception; current is not null; current = current.InnerException)
        {
            if (current is T match)
            {
                return match;
            }
        }

        return null;
    }

    private static HttpFetchResult Failed(FeedFetchStatus status, string error) => new() { Status = status, Error = error };
}

/// <summary>One semaphore per host (authority): the per-host concurrency limit, shared by every fetch of the process.</summary>
internal sealed class FeedHostGates(IOptions<FeedsOptions> options) : IDisposable
{
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _gates = new(StringComparer.OrdinalIgnoreCase);

    public SemaphoreSlim For(string authority)
        => _gates.GetOrAdd(authority, static (_, limit) => new SemaphoreSlim(limit, limit), options.Value.MaxConcurrencyPerHost);

    public void Dispose()
    {
        foreach (var gate in _gates.Values)
        {
            gate.Dispose();
        }
    }
}
