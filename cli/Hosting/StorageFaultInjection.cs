using System.Globalization;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;

namespace NewsMonitor.Cli.Hosting;

/// <summary>
/// A test hook, read only by the newsmon host: with <c>NEWSMON_TEST_STORAGE_FAULTS=seed=N;rate=P[;log=FILE]</c> every
/// storage client gets <see cref="StorageFaultPolicy"/>, which fails a seeded share <c>P</c> of the requests. The
/// crash harness (<c>tools/CrashHarness</c>) sets it to prove that a cycle hit by storage faults fails or completes but
/// never half-records. Unset (always, outside that harness) it changes nothing.
/// </summary>
internal static class StorageFaultInjection
{
    public const string Variable = "NEWSMON_TEST_STORAGE_FAULTS";

    /// <summary>The policy the variable asks for, or null when it is unset.</summary>
    /// <exception cref="FormatException">The variable is set but not in the documented form.</exception>
    public static StorageFaultPolicy? FromEnvironment() =>
        Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } value ? Parse(value) : null;

    internal static StorageFaultPolicy Parse(string value)
    {
        var parts = value.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(part => part.Split('=', 2))
            .ToDictionary(pair => pair[0], pair => pair.Length == 2 ? pair[1] : "", StringComparer.OrdinalIgnoreCase);
        if (!parts.TryGetValue("seed", out var seedText) || !int.TryParse(seedText, NumberStyles.Integer, CultureInfo.InvariantCulture, out var seed)
            || !parts.TryGetValue("rate", out var rateText) || !double.TryParse(rateText, NumberStyles.Float, CultureInfo.InvariantCulture, out var rate)
            || rate is < 0 or > 1)
        {
            throw new FormatException($"{Variable} must look like 'seed=1;rate=0.03[;log=FILE]' with a rate from 0 to 1, not '{value}'.");
        }

        return new StorageFaultPolicy(seed, rate, parts.GetValueOrDefault("log"));
    }
}

/// <summary>What <see cref="StorageFaultPolicy"/> did to a request.</summary>
internal enum StorageFault
{
    None,

    /// <summary>The service answers 503 for a few seconds (the request never reaches it); the SDK's retries may bridge it.</summary>
    Outage,

    /// <summary>The request reaches the service and is applied, then the response is lost (the SDK retries it).</summary>
    ResponseLost,

    /// <summary>An ETag-conditional write (<c>If-Match</c>) is answered 412, as if another writer had just changed the row or blob.</summary>
    PreconditionFailed,
}

/// <summary>
/// Fails storage requests at a seeded random rate, in three ways (<see cref="StorageFault"/>). Hand-written: the Azure
/// SDK has no fault injection of its own, and the point is the real clients against the real emulator. A
/// <c>412</c> is injected only on <c>If-Match</c> requests, where a real service can answer it at any time; on
/// <c>If-None-Match: *</c> it would claim a blob exists that does not, which no service does.
/// </summary>
internal sealed class StorageFaultPolicy(int seed, double rate, string? log) : HttpPipelinePolicy
{
    private readonly Random _random = new(seed);
    private readonly Lock _gate = new();
    private DateTimeOffset _outageUntil;

    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        var fault = Draw(message);
        if (Answer(fault) is { } response)
        {
            message.Response = response;
            return;
        }

        ProcessNext(message, pipeline);
        if (fault == StorageFault.ResponseLost)
        {
            throw LostResponse();
        }
    }

    public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        var fault = Draw(message);
        if (Answer(fault) is { } response)
        {
            message.Response = response;
            return;
        }

        await ProcessNextAsync(message, pipeline);
        if (fault == StorageFault.ResponseLost)
        {
            throw LostResponse();
        }
    }

    private static IOException LostResponse() => new("Injected storage fault: the response was lost after the request reached storage.");

    /// <summary>The answer for a request the service never sees (an outage, or a 412 race), or null to send it.</summary>
    private static InjectedResponse? Answer(StorageFault fault) => fault switch
    {
        StorageFault.Outage => new InjectedResponse(503, "Service Unavailable", "ServerBusy"),
        StorageFault.PreconditionFailed => new InjectedResponse(412, "Precondition Failed", "ConditionNotMet"),
        _ => null,
    };

    /// <summary>This request's fault: every request during an outage fails; otherwise a new fault with the rate.</summary>
    private StorageFault Draw(HttpMessage message)
    {
        StorageFault fault;
        lock (_gate)
        {
            if (DateTimeOffset.UtcNow < _outageUntil)
            {
                return StorageFault.Outage;
            }

            if (_random.NextDouble() >= rate)
            {
                return StorageFault.None;
            }

            var conditional = message.Request.Headers.TryGetValue("If-Match", out var etag) && etag != "*";
            fault = _random.Next(conditional ? 3 : 2) switch
            {
                0 => StorageFault.Outage,
                1 => StorageFault.ResponseLost,
                _ => StorageFault.PreconditionFailed,
            };
            if (fault == StorageFault.Outage)
            {
                _outageUntil = DateTimeOffset.UtcNow + TimeSpan.FromSeconds(0.5 + (3.5 * _random.NextDouble()));
            }
        }

        Record(fault, message);
        return fault;
    }

    private void Record(StorageFault fault, HttpMessage message)
    {
        if (log is null)
        {
            return;
        }

        lock (_gate)
        {
            File.AppendAllText(log, string.Create(CultureInfo.InvariantCulture,
                $"{DateTimeOffset.UtcNow:O} {fault} {message.Request.Method} {message.Request.Uri.Path}{Environment.NewLine}"));
        }
    }

    /// <summary>A response no server sent: status, reason and the storage error code header, no body.</summary>
    private sealed class InjectedResponse(int status, string reason, string errorCode) : Response
    {
        private readonly Dictionary<string, string> _headers = new(StringComparer.OrdinalIgnoreCase)
        {
            ["x-ms-error-code"] = errorCode,
            ["Content-Length"] = "0",
        };

        public override int Status => status;

        public override string ReasonPhrase => reason;

        public override Stream? ContentStream { get; set; } = new MemoryStream();

        public override string ClientRequestId { get; set; } = "";

        public override void Dispose() => ContentStream?.Dispose();

        protected override bool ContainsHeader(string name) => _headers.ContainsKey(name);

        protected override IEnumerable<HttpHeader> EnumerateHeaders() => _headers.Select(header => new HttpHeader(header.Key, header.Value));

        protected override bool TryGetHeader(string name, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out string? value) => _headers.TryGetValue(name, out value);

        protected override bool TryGetHeaderValues(string name, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out IEnumerable<string>? values)
        {
            values = _headers.TryGetValue(name, out var value) ? [value] : null;
            return values is not null;
        }
    }
}
