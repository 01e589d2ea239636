using System.Security.Cryptography;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using NewsMonitor.Articles;
using NewsMonitor.Cli.Local;
using NewsMonitor.Cli.Pipeline;
using NewsMonitor.Feeds;
using NewsMonitor.Hosting;
using NewsMonitor.Storage;
using NewsMonitor.Subscriptions;

namespace NewsMonitor.Cli.Hosting;

/// <summary>How a command wants its host.</summary>
internal sealed record NewsmonHostOptions
{
    /// <summary>Start Azurite when no storage is configured. Commands that need no storage leave this off.</summary>
    public bool NeedsStorage { get; init; }

    /// <summary>Where Azurite keeps its data when newsmon starts it.</summary>
    public string AzuriteDataFolder { get; init; } = Path.Combine(LocalFolder, "azurite");

    /// <summary><c>.newsmon</c> under the current directory: newsmon's local state (Azurite data, the local signing key).</summary>
    public static string LocalFolder => Path.Combine(Directory.GetCurrentDirectory(), ".newsmon");

    /// <summary>Azurite keeps everything in memory (the demo's throw-away storage): faster, nothing to clean up.</summary>
    public bool InMemoryStorage { get; init; }

    /// <summary>Always start a private Azurite, even when storage is configured (the demo needs empty storage).</summary>
    public bool PrivateStorage { get; init; }

    /// <summary>Settings the command itself fixes (the user's <c>--set</c> still wins).</summary>
    public IReadOnlyDictionary<string, string?> Settings { get; init; } = new Dictionary<string, string?>();

    /// <summary>
    /// Where a generated token-signing key is kept when none is configured, so confirm and unsubscribe links stay valid
    /// across runs; null means a fresh key for this process only (commands that sign nothing, the demo).
    /// </summary>
    public string? LocalSecretsFolder { get; init; }

    /// <summary>The clock every stage reads; <see cref="TimeProvider.System"/> unless the demo simulates time.</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;
}

/// <summary>
/// The stages on a generic host, registered by the Functions app's composition root (<c>AddNewsMonitor</c>),
/// with configuration from appsettings.json, environment variables and <c>--set</c>; plus the Azurite it started,
/// if any, which it stops on dispose.
/// </summary>
internal sealed class NewsmonHost : IAsyncDisposable
{
    /// <summary>Alternative to <c>AzureWebJobsStorage</c> for the CLI: a connection string.</summary>
    public const string StorageEnvironmentVariable = "NEWSMON_STORAGE";

    private const string SigningKeySetting = SubscriptionsOptions.SectionName + ":" + nameof(SubscriptionsOptions.TokenSigningKey);

    private readonly IHost _host;
    private readonly IAsyncDisposable? _azurite;

    private NewsmonHost(IHost host, IAsyncDisposable? azurite)
    {
        _host = host;
        _azurite = azurite;
    }

    public IServiceProvider Services => _host.Services;

    public IConfiguration Configuration => _host.Services.GetRequiredService<IConfiguration>();

    public T Get<T>()
        where T : notnull => _host.Services.GetRequiredService<T>();

    public static async Task<NewsmonHost> StartAsync(
        CliConsole console,
        GlobalSettings global,
        NewsmonHostOptions options,
        CancellationToken cancellationToken)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings
        {
            ContentRootPath = AppContext.BaseDirectory,
            EnvironmentName = Environment.GetEnvironmentVariable("DOTNET_ENVIRONMENT") ?? Environments.Production,
        });

        var configuration = builder.Configuration;
        configuration.AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: true);
        configuration.AddEnvironmentVariables();
        var storageFromEnvironment = configuration[StorageEnvironmentVariable];
        if (!string.IsNullOrWhiteSpace(storageFromEnvironment))
        {
            configuration.AddInMemoryCollection([new(SettingNames.StorageConnection, storageFromEnvironment)]);
        }

        configuration.AddInMemoryCollection(options.Settings);
        configuration.AddInMemoryCollection(global.Overrides);
        if (string.IsNullOrEmpty(configuration[SigningKeySetting]))
        {
            configuration.AddInMemoryCollection([new(SigningKeySetting, LocalSigningKey(options.LocalSecretsFolder))]);
        }

        IAsyncDisposable? azurite = null;
        if (options.NeedsStorage && (options.PrivateStorage || !IsStorageConfigured(configuration)))
        {
            string connectionString;
            if (options.InMemoryStorage)
            {
                console.Error.WriteLine("Starting Azurite (storage emulator), data in memory only");
                var process = await AzuriteProcess.StartAsync(options.AzuriteDataFolder, inMemory: true, cancellationToken);
                (azurite, connectionString) = (process, process.ConnectionString);
            }
            else
            {
                // One Azurite per data folder, shared with any other newsmon using it (see AzuriteLease).
                var lease = await AzuriteLease.AcquireAsync(options.AzuriteDataFolder, console.Error, cancellationToken);
                (azurite, connectionString) = (lease, lease.ConnectionString);
            }

            configuration.AddInMemoryCollection([new(SettingNames.StorageConnection, connectionString)]);
        }

        try
        {
            ConfigureLogging(builder.Logging, global.Verbose);
            ConfigureServices(builder.Services, builder.Configuration, options.Clock);

            var host = builder.Build();
            await host.StartAsync(cancellationToken);
            var application = new NewsmonHost(host, azurite);
            if (options.NeedsStorage)
            {
                await application.Get<NewsStorage>().EnsureCreatedAsync(cancellationToken);
            }

            return application;
        }
        catch
        {
            if (azurite is not null)
            {
                await azurite.DisposeAsync();
            }

            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await _host.StopAsync(timeout.Token);
        }
        finally
        {
            _host.Dispose();
            if (_azurite is not null)
            {
                await _azurite.DisposeAsync();
            }
        }
    }

    /// <summary>
    /// A local stand-in for the Key Vault secret Azure uses: random, kept in <paramref name="folder"/> (owner-only
    /// permissions where the OS has them) when given, else for this process only.
    /// </summary>
    private static string LocalSigningKey(string? folder)
    {
        if (folder is null)
        {
            return Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        }

        var path = Path.Combine(folder, "token-signing-key");
        if (File.Exists(path))
        {
            return File.ReadAllText(path).Trim();
        }

        Directory.CreateDirectory(folder);
        var key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        File.WriteAllText(path, key);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        return key;
    }

    /// <summary>
    /// The services: the Functions app's composition root (<c>AddNewsMonitor</c>), plus newsmon's overrides: its
    /// clock (the demo simulates time) and, standing in for Event Grid, the analysis backlog the article store writes
    /// to. Console logging and the local storage settings are the other overrides.
    /// </summary>
    internal static IServiceCollection ConfigureServices(IServiceCollection services, IConfiguration configuration, TimeProvider clock)
    {
        services.AddSingleton(clock);
        services.AddNewsMonitor(configuration);
        // Without Event Grid, the backlog is what remembers the articles stored but not yet analyzed.
        services.TryAddSingleton<AnalysisBacklog>();
        services.TryAddSingleton<FreshArticles>();
        services.Replace(ServiceDescriptor.Singleton<ArticleStore, BacklogArticleStore>());
        // Whatever a stage registered, every time-dependent decision reads this clock.
        services.Replace(ServiceDescriptor.Singleton(clock));
        if (StorageFaultInjection.FromEnvironment() is { } faults)
        {
            // The crash harness's test hook (docs/invariants.md, "Crash harness"); never set otherwise.
            services.Replace(ServiceDescriptor.Singleton(provider =>
                StorageServiceCollectionExtensions.Create(provider.GetRequiredService<IConfiguration>(), SettingNames.StorageConnection, faults)));
        }

        return services;
    }

    internal static bool IsStorageConfigured(IConfiguration configuration) =>
        !string.IsNullOrWhiteSpace(configuration[SettingNames.StorageConnection])
        || configuration.GetSection(SettingNames.StorageConnection).GetChildren().Any();

    private static void ConfigureLogging(ILoggingBuilder logging, bool verbose)
    {
        logging.ClearProviders();
        // Logs are diagnostics: stderr only, so stdout stays data.
        logging.AddSimpleConsole(console =>
        {
            console.SingleLine = true;
            console.ColorBehavior = LoggerColorBehavior.Disabled;
        });
        logging.Services.Configure<ConsoleLoggerOptions>(console => console.LogToStandardErrorThreshold = LogLevel.Trace);
        logging.SetMinimumLevel(verbose ? LogLevel.Information : LogLevel.Warning);
        if (!verbose)
        {
            // Polly reports every retry at Warning; the stages record those outcomes themselves.
            logging.AddFilter("Polly", LogLevel.Error);
            // "Hosting failed to start" repeats, with a stack trace, the error newsmon reports as one sentence.
            logging.AddFilter("Microsoft.Extensions.Hosting", LogLevel.None);
        }
    }
}
