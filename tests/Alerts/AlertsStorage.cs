using NewsMonitor.Tests.Support;

namespace NewsMonitor.Tests.Alerts;

/// <summary>
/// The alerts and subscriptions test classes share one Azurite (each test resets it) and run one after another:
/// one emulator start instead of five keeps the suite light on a small, busy machine.
/// </summary>
[CollectionDefinition(Name)]
public sealed class AlertsStorage : ICollectionFixture<AzuriteFixture>
{
    public const string Name = "Alerts storage";
}
