namespace NewsMonitor.Feeds.Fetching;

/// <summary>How a fetch of a feed ended; recorded on the feed's state.</summary>
internal enum FeedFetchStatus
{
    /// <summary>Never fetched yet.</summary>
    None,

    /// <summary>200 and the body parsed.</summary>
    Ok,

    /// <summary>304: unchanged since the validators we sent; nothing downstream runs.</summary>
    NotModified,

    /// <summary>404.</summary>
    NotFound,

    /// <summary>410: the publisher says it is gone for good; still retried at the longest back-off.</summary>
    Gone,

    /// <summary>429 (or 503 with a long Retry-After): next attempt not before the Retry-After.</summary>
    Throttled,

    /// <summary>5xx after the retries.</summary>
    ServerError,

    /// <summary>Any other 4xx (401, 403, ...).</summary>
    ClientError,

    /// <summary>No response within the attempt or total timeout.</summary>
    Timeout,

    /// <summary>The TLS handshake or certificate failed.</summary>
    Tls,

    /// <summary>The body (after decompression) exceeded <see cref="FeedsOptions.MaxBodyBytes"/>; it was aborted.</summary>
    TooLarge,

    /// <summary>The body is not a feed the parser can read.</summary>
    ParseError,

    /// <summary>An HTML (or other non-feed) page that is not a feed either: usually a moved feed or a paywall.</summary>
    WrongContentType,

    /// <summary>DNS, connection refused or reset, or the host's circuit is open.</summary>
    Network,

    /// <summary>Refused by the SSRF guard (private, loopback or link-local address) or a scheme we do not fetch.</summary>
    Blocked,
}
