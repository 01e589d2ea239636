using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using NewsMonitor.Alerts;
using NewsMonitor.Storage;
using NewsMonitor.Subscriptions;
using NewsMonitor.Tests.Support;

namespace NewsMonitor.Tests.Alerts;

/// <summary>
/// The alerts and subscriptions stages wired as Program.cs wires them, against the test class's Azurite, with a
/// fake clock and small retry delays. Settings can be overridden per test.
/// </summary>
internal sealed class AlertsTestHost : IAsyncDisposable
{
    public const string SigningKey = "test-signing-key-0123456789abcdef-0123456789";
    public const string BaseUrl = "https://news.example.org";

    private readonly ServiceProvider _provider;

    public AlertsTestHost(AzuriteFixture azurite, IDictionary<string, string?>? settings = null, Action<IServiceCollection>? configure = null)
    {
        var values = new Dictionary<string, string?>
        {
            [SettingNames.StorageConnection] = azurite.ConnectionString,
            ["Email:Transport"] = "outbox",
            ["Email:OutboxPath"] = Path.Combine(Path.GetTempPath(), "newsmon-tests-outbox-" + Guid.NewGuid().ToString("N")),
            ["Email:Sender"] = "alerts@newsmonitor.test",
            ["Email:SmtpSecurity"] = "None",
            ["Email:RetryBaseDelay"] = "00:00:00",
            ["Email:MaxRetryDelay"] = "00:00:00",
            ["Email:SendTimeout"] = "00:00:10",
            ["Subscriptions:TokenSigningKey"] = SigningKey,
            ["Subscriptions:PublicBaseUrl"] = BaseUrl,
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }

        OutboxPath = values["Email:OutboxPath"]!;
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(values).Build());
        services.AddLogging(logging => logging.AddProvider(Logs));
        services.AddSingleton<TimeProvider>(Time);
        // Before the stages: their TryAdd registrations keep what a test put here (fakes of remote services).
        configure?.Invoke(services);
        services.AddAlerts();
        services.AddSubscriptions();
        _provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
    }

    public static Dictionary<string, string?> Smtp(int port) => new()
    {
        ["Email:Transport"] = "smtp",
        ["Email:SmtpHost"] = "127.0.0.1",
        ["Email:SmtpPort"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2021, 7, 9, 12, 0, 0, TimeSpan.Zero));

    public string OutboxPath { get; }

    /// <summary>Every log line the stages wrote, formatted.</summary>
    public CapturingLoggerProvider Logs { get; } = new();

    public IServiceProvider Services => _provider;

    public T Get<T>()
        where T : notnull => _provider.GetRequiredService<T>();

    public SubscriberStore Subscribers => Get<SubscriberStore>();

    public AlertDispatcher Dispatcher => Get<AlertDispatcher>();

    public async ValueTask DisposeAsync()
    {
        await _provider.DisposeAsync();
        if (Directory.Exists(OutboxPath))
        {
            Directory.Delete(OutboxPath, recursive: true);
        }
    }
}
