using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly;

namespace NewsMonitor.Feeds;

internal static class FeedsServiceCollectionExtensions
{
    internal const string ResiliencePipelineName = "feeds";

    /// <summary>Registers the feeds stage: its options, services and clients.</summary>
    public static IServiceCollection AddFeeds(this IServiceCollection services)
    {
        services.AddOptions<FeedsOptions>()
            .BindConfiguration(FeedsOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();

        services.TryAddSingleton(TimeProvider.System);
        // TODO(merge feeds-parse): services.TryAddSingleton<IFeedParser, FeedParser>();
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
                // Network waits run on the wall clock even when the app's TimeProvider is simulated (newsmon demo):
                // a simulated clock that jumps days must not fire or stall socket timeouts.
                builder.TimeProvider = TimeProvider.System;
                builder
                    .AddRetry(new HttpRetryStrategyOptions
                    {
                        MaxRetryAttempts = Math.Max(settings.RetryCount, 1),
                        Delay = settings.RetryBaseDelay,
                        BackoffType = DelayBackoffType.Exponential,
                        UseJitter = true,
                        ShouldRetryAfterHeader = true,
                        MaxDelay = settings.MaxRetryAfterInRun,
                        ShouldHandle = args => ValueTask.FromResult(settings.RetryCount > 0 && ShouldRetry(args.Outcome, settings)),
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

        return services;
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
    internal static bool ShouldRetry(Outcome<HttpResponseMessage> outcome, FeedsOptions settings)
    {
        if (outcome.Exception is HttpRequestException exception
            && FeedHttpClient.Classify(exception) is FeedFetchStatus.Blocked or FeedFetchStatus.Tls)
        {
            return false;
        }

        if (outcome.Result?.Headers.RetryAfter is { } retryAfter)
        {
            var wait = retryAfter.Delta ?? (retryAfter.Date - (outcome.Result.Headers.Date ?? TimeProvider.System.GetUtcNow()));
            if (wait > settings.MaxRetryAfterInRun)
            {
                return false;
            }
        }

        return HttpClientResiliencePredicates.IsTransient(outcome);
    }
}
