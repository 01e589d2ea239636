using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;
using NewsMonitor.Feeds.Parsing;
using NewsMonitor.Feeds.State;

namespace NewsMonitor.Feeds.Fetching;

/// <summary>A feed fetched and parsed, or why not.</summary>
internal sealed record FeedFetchOutcome
{
    public required FeedFetchStatus Status { get; init; }

    /// <summary>The parsed feed when <see cref="Status"/> is Ok.</summary>
    public ParsedFeed? Feed { get; init; }

    public int? HttpStatus { get; init; }

    public string? ETag { get; init; }

    public string? LastModified { get; init; }

    public DateTimeOffset? RetryAfter { get; init; }

    /// <summary>Cache-Control max-age / Expires of the response, as an absolute time.</summary>
    public DateTimeOffset? FreshUntil { get; init; }

    public string? Error { get; init; }
}

/// <summary>Why a fetch of a feed URL would be refused before any request is made, and the setting that allows it, if any.</summary>
internal sealed record FeedUrlRefusal(string Reason, string? Setting);

/// <summary>Fetches one feed (conditional GET over HTTP, or a file when allowed) and parses it.</summary>
internal class FeedFetcher(FeedHttpClient http, IFeedParser parser, IOptions<FeedsOptions> options)
{
    public virtual async Task<FeedFetchOutcome> FetchAsync(FeedDefinition feed, FeedState state, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(feed);
        ArgumentNullException.ThrowIfNull(state);
        var url = new Uri(feed.Url);

        // Validators belong to the URL they came from; after a catalogue edit the first fetch is unconditional.
        var sameUrl = string.Equals(state.Url, feed.Url, StringComparison.Ordinal);
        var etag = sameUrl ? state.HttpETag : null;
        var lastModified = sameUrl ? state.HttpLastModified : null;

        var response = url.IsFile
            ? await ReadFileAsync(url, lastModified, cancellationToken)
            : await http.GetAsync(url, FeedHttpClient.FeedAccept, etag, lastModified, cancellationToken);

        var outcome = new FeedFetchOutcome
        {
            Status = response.Status,
            HttpStatus = response.HttpStatus,
            ETag = response.ETag,
            LastModified = response.LastModified,
            RetryAfter = response.RetryAfter,
            FreshUntil = response.FreshUntil,
            Error = response.Error,
        };
        if (response.Status != FeedFetchStatus.Ok)
        {
            return outcome;
        }

        // The parser, not the Content-Type, decides: many real feeds are served as text/html or text/plain.
        // Only a body the parser rejects AND that was labelled as a non-feed type is a WrongContentType
        // (typically the feed moved and the old URL now serves a web page).
        try
        {
            using var body = response.OpenBody();
            var parsed = parser.Parse(body, new FeedSource { Location = response.FinalUrl ?? url, HttpCharset = response.Charset });
            return outcome with { Feed = parsed };
        }
        catch (FeedParseException exception)
        {
            var status = IsFeedMediaType(response.MediaType) ? FeedFetchStatus.ParseError : FeedFetchStatus.WrongContentType;
            var error = status == FeedFetchStatus.WrongContentType
                ? $"Content-Type {response.MediaType} and not a feed: {exception.Message}"
                : exception.Message;
            return outcome with { Status = status, Error = error };
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // The contract says FeedParseException, but feed bytes are hostile: a parser bug one feed triggers must
            // stay that feed's recorded ParseError, not fail every run for all the others.
            return outcome with { Status = FeedFetchStatus.ParseError, Error = $"Parser failure ({exception.GetType().Name}): {exception.Message}" };
        }
    }

    /// <summary>
    /// Why <see cref="FetchAsync"/> would refuse <paramref name="url"/> with <see cref="FeedFetchStatus.Blocked"/> under the
    /// current settings, or null: the rules the fetch applies (file URLs, schemes, the SSRF guard's addresses), asked
    /// ahead of time so a catalogue edit can be refused at once instead of failing at every run. A host that does not
    /// resolve now is not refused: the run reports it, and DNS may answer by then.
    /// </summary>
    public virtual async Task<FeedUrlRefusal?> CheckAsync(Uri url, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(url);
        var settings = options.Value;
        if (url.IsFile)
        {
            return settings.AllowFileUrls ? null : new FeedUrlRefusal(FileUrlsDisabled, AllowFileUrlsSetting);
        }

        if (FeedHttpClient.SchemeRefusal(url) is { } scheme)
        {
            return new FeedUrlRefusal(scheme, null);
        }

        IPAddress[] addresses;
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(settings.AttemptTimeout);
            addresses = await SsrfGuard.ResolveAsync(url.Host, timeout.Token);
        }
        catch (Exception exception) when (exception is SocketException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return null;
        }

        if (addresses.Length == 0 || addresses.Any(address => SsrfGuard.IsAllowed(address, settings.AllowLoopback)))
        {
            return null;
        }

        var reason = SsrfGuard.Refusal(url.Host, addresses);
        // Only loopback has a switch; private, link-local and metadata addresses are never fetched.
        return addresses.All(address => SsrfGuard.IsAllowed(address, allowLoopback: true))
            ? new FeedUrlRefusal(reason, AllowLoopbackSetting)
            : new FeedUrlRefusal(reason + " Private, link-local and other internal addresses are never fetched.", null);
    }

    internal const string AllowFileUrlsSetting = FeedsOptions.SectionName + ":" + nameof(FeedsOptions.AllowFileUrls);

    internal const string AllowLoopbackSetting = FeedsOptions.SectionName + ":" + nameof(FeedsOptions.AllowLoopback);

    private const string FileUrlsDisabled = "file:// feed URLs are disabled (" + AllowFileUrlsSetting + ").";

    internal static bool IsFeedMediaType(string? mediaType)
        => mediaType is null
            || mediaType.Contains("xml", StringComparison.OrdinalIgnoreCase)
            || mediaType.Contains("json", StringComparison.OrdinalIgnoreCase)
            || mediaType.Equals("application/octet-stream", StringComparison.OrdinalIgnoreCase);

    private async Task<HttpFetchResult> ReadFileAsync(Uri url, string? lastModified, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (!settings.AllowFileUrls)
        {
            return new HttpFetchResult { Status = FeedFetchStatus.Blocked, Error = FileUrlsDisabled };
        }

        var file = new FileInfo(url.LocalPath);
        if (!file.Exists)
        {
            return new HttpFetchResult { Status = FeedFetchStatus.NotFound, Error = $"No file {file.FullName}." };
        }

        // The file's modification time plays Last-Modified, so an unchanged file costs nothing downstream either.
        var modified = new DateTimeOffset(file.LastWriteTimeUtc, TimeSpan.Zero).ToString("R", CultureInfo.InvariantCulture);
        if (string.Equals(modified, lastModified, StringComparison.Ordinal))
        {
            return new HttpFetchResult { Status = FeedFetchStatus.NotModified, LastModified = modified };
        }

        if (file.Length > settings.MaxBodyBytes)
        {
            return new HttpFetchResult { Status = FeedFetchStatus.TooLarge, Error = $"File larger than {settings.MaxBodyBytes} bytes." };
        }

        var body = await File.ReadAllBytesAsync(file.FullName, cancellationToken);
        return new HttpFetchResult { Status = FeedFetchStatus.Ok, Body = body, FinalUrl = url, LastModified = modified };
    }
}
