using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using NewsMonitor.Articles;
using NewsMonitor.Feeds.Fetching;
using NewsMonitor.Feeds.Parsing;
using NewsMonitor.Feeds.State;
using NewsMonitor.Hosting;
using Polly;
using Polly.Telemetry;

namespace NewsMonitor.Feeds;

internal static class FeedsServiceCollectionExtensions
{
    internal const string ResiliencePipelineName = "feeds";

    /// <summary>Registers the feeds stage: its options, services and clients.</summary>
    public static IServiceCollection AddFeeds(this IServiceCollection services)
    {
        if (!services.FirstTime(nameof(AddFeeds)))
        {
            return services;
        }

        services.AddValidatedOptions<FeedsOptions>(FeedsOptions.SectionName);

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IFeedParser, FeedParser>();
        services.TryAddSingleton<FeedHostGates>();
        services.TryAddSingleton<FeedCatalog>();
        services.TryAddSingleton<FeedStateStore>();
        services.TryAddSingleton<ArticleStore>();
        services.TryAddTransient<FeedFetcher>();
        services.TryAddTransient<FullTextExtractor>();
        services.TryAddTransient<FeedIngestor>();

        services.AddHttpClient<FeedHttpClient>((provider, client) =>
            {
                var settings = provider.GetRequiredService<IOptions<FeedsOptions>>().Value;
                client.DefaultRequestHeaders.UserAgent.ParseAdd(settings.UserAgent);
                // The resilience pipeline and FeedHttpClient's own total timeout bound every request.
                client.Timeout = Timeout.InfiniteTimeSpan;
            })
            .ConfigurePrimaryHttpMessageHandler(provider => CreatePrimaryHandler(provider.GetRequiredService<IOptions<FeedsOptions>>().Value))
            .AddResilienceHandler(ResiliencePipelineName, (builder, context) =>
            {
                var settings = context.ServiceProvider.GetRequiredService<IOptions<FeedsOptions>>().Value;
                // "Now" (what a Retry-After date is measured against) is the app's clock; the waits themselves run on
                // the wall clock even when that clock is simulated (newsmon demo) or fake (tests): a clock that jumps
                // days, or never moves, must neither fire nor stall retry delays and socket timeouts.
                var clock = context.ServiceProvider.GetRequiredService<TimeProvider>();
                builder.TimeProvider = TimeProvider.System;
                builder
                    .AddRetry(new HttpRetryStrategyOptions
                    {
                        MaxRetryAttempts = Math.Max(settings.RetryCount, 1),
                        Delay = settings.RetryBaseDelay,
                        BackoffType = DelayBackoffType.Exponential,
                        UseJitter = true,
                        // Polly's own Retry-After reading measures a date against TimeProvider.System.
                        ShouldRetryAfterHeader = false,
                        DelayGenerator = args => ValueTask.FromResult(RetryAfterWait(args.Outcome.Result, clock)),
                        MaxDelay = settings.MaxRetryAfterInRun,
                        ShouldHandle = args => ValueTask.FromResult(settings.RetryCount > 0 && ShouldRetry(args.Outcome, settings, clock)),
                    })
                    .AddCircuitBreaker(new HttpCircuitBreakerStrategyOptions
                    {
                        FailureRatio = settings.CircuitFailureRatio,
                        MinimumThroughput = settings.CircuitMinimumThroughput,
                        SamplingDuration = settings.CircuitSamplingDuration,
                        BreakDuration = settings.CircuitBreakDuration,
                    })
                    .AddTimeout(settings.AttemptTimeout);
            })
            // One pipeline instance per host: a failing publisher opens its own circuit, not everyone's.
            .SelectPipelineByAuthority();

        services.Configure<TelemetryOptions>(telemetry =>
        {
            var previous = telemetry.SeverityProvider;
            telemetry.SeverityProvider = args => QuietFeedEvents(args, previous);
        });

        return services;
    }

    /// <summary>The feeds pipeline's name as Polly reports it: the typed client's name, then the handler's.</summary>
    internal const string TelemetryPipelineName = nameof(FeedHttpClient) + "-" + ResiliencePipelineName;

    /// <summary>
    /// Polly reports every failed attempt of a feed request at Warning or Error, each with the exception's stack trace
    /// (kilobytes per feed and run). Feeds fail routinely and the ingest stage records each failure on the feed and
    /// logs it as one line, so the feeds pipeline's own events are at most Information: diagnostics for a verbose run.
    /// Other pipelines keep their severities.
    /// </summary>
    internal static ResilienceEventSeverity QuietFeedEvents(
        SeverityProviderArguments args, Func<SeverityProviderArguments, ResilienceEventSeverity>? previous)
    {
        var severity = previous?.Invoke(args) ?? args.Event.Severity;
        return string.Equals(args.Source.PipelineName, TelemetryPipelineName, StringComparison.Ordinal)
               && severity > ResilienceEventSeverity.Information
            ? ResilienceEventSeverity.Information
            : severity;
    }

    private static SocketsHttpHandler CreatePrimaryHandler(FeedsOptions settings) => new()
    {
        AutomaticDecompression = DecompressionMethods.GZip | DecompressionMethods.Deflate | DecompressionMethods.Brotli,
        AllowAutoRedirect = true,
        MaxAutomaticRedirections = 5,
        UseCookies = false,
        // A proxy would make the proxy the connected address and blind the SSRF guard.
        UseProxy = false,
        MaxConnectionsPerServer = settings.MaxConcurrencyPerHost,
        ConnectTimeout = settings.AttemptTimeout,
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        // An aborted (oversized) body is not drained: the connection is dropped instead of reading past the cap.
        MaxResponseDrainSize = 0,
        ConnectCallback = (context, cancellationToken) => SsrfGuard.ConnectAsync(context, settings.AllowLoopback, cancellationToken),
    };

    /// <summary>
    /// Transient failures are retried, except a Retry-After longer than a run should wait (the feed's state
    /// records it instead), refused addresses and TLS failures (retrying changes neither).
    /// </summary>
    internal static bool ShouldRetry(Outcome<HttpResponseMessage> outcome, FeedsOptions settings, TimeProvider clock)
    {
        if (outcome.Exception is HttpRequestException exception
            && FeedHttpClient.Classify(exception) is FeedFetchStatus.Blocked or FeedFetchStatus.Tls)
        {
            return false;
        }

        if (RetryAfterWait(outcome.Result, clock) > settings.MaxRetryAfterInRun)
        {
            return false;
        }

        return HttpClientResiliencePredicates.IsTransient(outcome);
    }

    /// <summary>
    /// The wait a response's Retry-After asks for, or null (exponential back-off). A date is measured against the
    /// response's own Date header, so the publisher's clock skew does not count; without one, against the app's clock.
    /// </summary>
    internal static TimeSpan? RetryAfterWait(HttpResponseMessage? response, TimeProvider clock) =>
        response is null ? null : RetryAfterHeader.Delay(response, response.Headers.Date ?? clock.GetUtcNow());
}
