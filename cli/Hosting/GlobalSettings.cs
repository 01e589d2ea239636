namespace NewsMonitor.Cli.Hosting;

/// <summary>What the options every command accepts (<c>--set</c>, <c>--verbose</c>) asked for.</summary>
internal sealed record GlobalSettings(IReadOnlyDictionary<string, string?> Overrides, bool Verbose)
{
    public static GlobalSettings Default { get; } = new(new Dictionary<string, string?>(), Verbose: false);

    /// <summary>Parses <c>Section:Key=value</c> pairs; <c>__</c> is accepted for <c>:</c> as in environment variables.</summary>
    /// <exception cref="CliUsageException">A pair without '=', an unknown key, or a value of the wrong type.</exception>
    public static GlobalSettings From(IEnumerable<string>? pairs, bool verbose)
    {
        var overrides = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var pair in pairs ?? [])
        {
            var separator = pair.IndexOf('=', StringComparison.Ordinal);
            if (separator <= 0)
            {
                throw new CliUsageException($"--set expects KEY=VALUE (e.g. Feeds:AllowLoopback=true), got '{pair}'.");
            }

            var key = pair[..separator].Trim().Replace("__", ":", StringComparison.Ordinal);
            var value = pair[(separator + 1)..];
            if (KnownSettings.Check(key, value) is { } problem)
            {
                throw new CliUsageException(problem);
            }

            overrides[key] = value;
        }

        return new GlobalSettings(overrides, verbose);
    }
}
