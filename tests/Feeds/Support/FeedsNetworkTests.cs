namespace NewsMonitor.Tests.Feeds.Support;

/// <summary>
/// The feeds test classes that open ports (Kestrel servers, Azurite) run one after another: AzuriteFixture picks
/// free ports before Azurite binds them, and a Kestrel server started meanwhile on port 0 can take one of them.
/// </summary>
[CollectionDefinition(Name)]
public sealed class FeedsNetworkTests
{
    public const string Name = "Feeds network";
}
