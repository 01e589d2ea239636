using System.ComponentModel.DataAnnotations;

namespace NewsMonitor.Feeds;

/// <summary>Settings of the ingest stage, bound from the <c>Feeds</c> configuration section.</summary>
internal sealed class FeedsOptions
{
    public const string SectionName = "Feeds";

    /// <summary>User-Agent of every feed and article request. Default: <c>NewsMonitor/1.0 (+https://github.com/newsmonitor)</c>.</summary>
    [Required]
    public string UserAgent { get; set; } = "NewsMonitor/1.0 (+https://github.com/newsmonitor)";

    /// <summary>Time allowed for one HTTP attempt (until the response headers arrive). Default: 15 seconds.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:10:00")]
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Time allowed for one fetch: every attempt, the retry delays and reading the body. Default: 60 seconds.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:30:00")]
    public TimeSpan TotalTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Largest body (after decompression) read from a feed or article page; larger ones are aborted. Default: 5 MiB.</summary>
    [Range(1024, 256L * 1024 * 1024)]
    public long MaxBodyBytes { get; set; } = 5L * 1024 * 1024;

    /// <summary>Feeds fetched at the same time in one run. Default: 8.</summary>
    [Range(1, 256)]
    public int MaxConcurrency { get; set; } = 8;

    /// <summary>Requests in flight to one host at the same time (feeds and article pages together). Default: 2.</summary>
    [Range(1, 64)]
    public int MaxConcurrencyPerHost { get; set; } = 2;

    /// <summary>Retries of one request after a transient failure (5xx, 408, 429, network, attempt timeout). Default: 2.</summary>
    [Range(0, 10)]
    public int RetryCount { get; set; } = 2;

    /// <summary>First retry delay; later ones grow exponentially, with jitter. Default: 1 second.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:05:00")]
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Longest Retry-After honoured inside a run. A longer one is not waited for: the feed is skipped until then.
    /// Default: 30 seconds.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "01:00:00")]
    public TimeSpan MaxRetryAfterInRun { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Failure ratio over the sampling window that opens a host's circuit. Default: 0.5.</summary>
    [Range(0.01, 1.0)]
    public double CircuitFailureRatio { get; set; } = 0.5;

    /// <summary>Requests to a host within the sampling window before its circuit may open. Default: 10.</summary>
    [Range(2, 1000)]
    public int CircuitMinimumThroughput { get; set; } = 10;

    /// <summary>Window over which a host's failure ratio is measured. Default: 60 seconds.</summary>
    [Range(typeof(TimeSpan), "00:00:00.500", "01:00:00")]
    public TimeSpan CircuitSamplingDuration { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How long an open circuit rejects requests to its host. Default: 30 seconds.</summary>
    [Range(typeof(TimeSpan), "00:00:00.500", "01:00:00")]
    public TimeSpan CircuitBreakDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Back-off after a feed's first failure; it doubles with each consecutive failure, with jitter. Default: 5 minutes.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan BackoffBase { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Longest back-off of a failing feed (it is still retried this often). Default: 6 hours.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "7.00:00:00")]
    public TimeSpan BackoffMax { get; set; } = TimeSpan.FromHours(6);

    /// <summary>
    /// Longest a publisher can defer the next fetch of its feed (RSS ttl, sy:updatePeriod, Cache-Control max-age,
    /// Expires, Retry-After): a wrong header or a "yearly" must not silence a news feed for days. Default: 2 hours.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "7.00:00:00")]
    public TimeSpan MaxPublisherDelay { get; set; } = TimeSpan.FromHours(2);

    /// <summary>Article pages fetched for full text per feed and run (for feeds with <c>fullText</c>). Default: 20.</summary>
    [Range(0, 1000)]
    public int MaxFullTextPerFeed { get; set; } = 20;

    /// <summary>Extracted full text shorter than this is ignored (the feed's own content is kept). Default: 200 characters.</summary>
    [Range(0, 100_000)]
    public int MinFullTextLength { get; set; } = 200;

    /// <summary>
    /// Lets feed and article requests reach loopback addresses (127.0.0.0/8, ::1): for local runs and tests only.
    /// Private, link-local and other internal addresses stay refused. Default: false.
    /// </summary>
    public bool AllowLoopback { get; set; }

    /// <summary>Accepts <c>file://</c> feed URLs (newsmon's offline run reads sample feeds from disk). Default: false.</summary>
    public bool AllowFileUrls { get; set; }

    /// <summary>Blob in the <c>config</c> container that holds the feed catalogue. Default: <c>feeds.json</c>.</summary>
    [Required]
    [RegularExpression(@"^[A-Za-z0-9][A-Za-z0-9._/-]{0,200}$")]
    public string CatalogBlobName { get; set; } = "feeds.json";
}
