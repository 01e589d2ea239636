using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using NewsMonitor.Feeds;
using NewsMonitor.Storage;

namespace NewsMonitor.Tests.Feeds.Support;

/// <summary>The feeds stage as the app wires it (AddFeeds, plus AddNewsStorage when a connection is given), with test-sized limits.</summary>
internal static class FeedsTestServices
{
    /// <summary>Tiny delays and timeouts so failure paths take milliseconds; loopback allowed for the test server.</summary>
    public static Dictionary<string, string?> FastSettings() => new()
    {
        ["Feeds:AllowLoopback"] = "true",
        ["Feeds:AttemptTimeout"] = "00:00:05",
        ["Feeds:TotalTimeout"] = "00:00:15",
        ["Feeds:RetryCount"] = "2",
        ["Feeds:RetryBaseDelay"] = "00:00:00.010",
        ["Feeds:MaxRetryAfterInRun"] = "00:00:01",
        ["Feeds:BackoffBase"] = "00:01:00",
        ["Feeds:BackoffMax"] = "01:00:00",
        ["Feeds:MinFullTextLength"] = "100",
    };

    public static ServiceProvider Create(
        TimeProvider? timeProvider = null,
        string? storageConnection = null,
        Action<Dictionary<string, string?>>? configure = null,
        Action<IServiceCollection>? configureServices = null)
    {
        var settings = FastSettings();
        if (storageConnection is not null)
        {
            settings[SettingNames.StorageConnection] = storageConnection;
        }

        configure?.Invoke(settings);
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
        services.AddSingleton(timeProvider ?? TimeProvider.System);
        services.AddNewsStorage();
        services.AddFeeds();
        configureServices?.Invoke(services);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }
}
