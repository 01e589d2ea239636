using System.Net;
using Microsoft.Extensions.Http.Resilience;
using NewsMonitor.Hosting;
using Polly;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace NewsMonitor.Analysis.Language;

/// <summary>
/// The one resilience pipeline of the Language calls: a total timeout over everything, retry (429, 408, 5xx, transport
/// errors; honouring the service's retry-after-ms / x-ms-retry-after-ms / Retry-After), then a circuit breaker, then a
/// per-attempt timeout. The total timeout's <see cref="TimeoutRejectedException"/> also sends the text to the local
/// fallback.
/// When the circuit is open, calls fail fast with <see cref="BrokenCircuitException"/>, which the retry does not retry
/// and <see cref="AzureTextAnalyzer"/> turns into the local fallback.
/// </summary>
internal static class LanguageResilience
{
    public static void Configure(ResiliencePipelineBuilder<HttpResponseMessage> builder, AnalysisOptions options, TimeProvider timeProvider)
    {
        builder.AddTimeout(options.TotalTimeout);
        if (options.MaxRetries > 0)
        {
            builder.AddRetry(new HttpRetryStrategyOptions
            {
                MaxRetryAttempts = options.MaxRetries,
                Delay = options.RetryDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                ShouldRetryAfterHeader = false,
                ShouldHandle = args => ValueTask.FromResult(IsTransient(args.Outcome)),
                DelayGenerator = args => ValueTask.FromResult(
                    RetryAfter(args.Outcome.Result, timeProvider.GetUtcNow(), options.MaxRetryDelay)),
            });
        }

        builder.AddCircuitBreaker(new HttpCircuitBreakerStrategyOptions
        {
            FailureRatio = options.BreakerFailureRatio,
            MinimumThroughput = options.BreakerMinimumThroughput,
            SamplingDuration = options.BreakerSamplingDuration,
            BreakDuration = options.BreakerBreakDuration,
            ShouldHandle = args => ValueTask.FromResult(IsTransient(args.Outcome)),
        });

        builder.AddTimeout(options.AttemptTimeout);
    }

    public static bool IsTransient(Outcome<HttpResponseMessage> outcome) => outcome switch
    {
        { Result: { } response } => response.StatusCode is HttpStatusCode.TooManyRequests or HttpStatusCode.RequestTimeout
            || (int)response.StatusCode >= 500,
        { Exception: HttpRequestException or TimeoutRejectedException } => true,
        _ => false,
    };

    /// <summary>
    /// The wait the service asked for, in Azure.Core's order of precedence, capped at <paramref name="max"/>;
    /// null when it asked for none (the exponential back-off applies).
    /// </summary>
    public static TimeSpan? RetryAfter(HttpResponseMessage? response, DateTimeOffset now, TimeSpan max) =>
        RetryAfterHeader.Delay(response, now) is { } delay ? (delay > max ? max : delay) : null;
}
