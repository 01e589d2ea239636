namespace NewsMonitor.Cli.Demo;

/// <summary>The settings the demo fixes and the state it starts from (its feeds in the catalogue, its subscribers).</summary>
internal static class DemoSettings
{
    public static IReadOnlyDictionary<string, string?> For(string outbox) => new Dictionary<string, string?>
    {
        // The demo feeds live on 127.0.0.1: allowed for the demo only (the SSRF guard refuses loopback otherwise).
        ["Feeds:AllowLoopback"] = "true",
        ["Analysis:Analyzer"] = "local",
        ["Email:OutboxDirectory"] = outbox,
    };

    public static Task SeedAsync(IServiceProvider services, DemoScenario scenario, DemoFeedServer feedServer, CancellationToken cancellationToken)
    {
        _ = (services, scenario, feedServer, cancellationToken);
        return Task.CompletedTask;
    }
}
