using Azure;
using Microsoft.Extensions.Configuration;
using NewsMonitor.Cli.Hosting;
using NewsMonitor.Storage;
using NewsMonitor.Tests.Support;

namespace NewsMonitor.Tests.Cli;

/// <summary>The crash harness's storage fault hook: parsed strictly, and when set it does fail requests, seeded.</summary>
public sealed class StorageFaultInjectionTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Theory]
    [InlineData("rate=0.1")]
    [InlineData("seed=1")]
    [InlineData("seed=x;rate=0.1")]
    [InlineData("seed=1;rate=2")]
    public void Parse_BadValue_SaysTheExpectedForm(string value)
    {
        var exception = Assert.Throws<FormatException>(() => StorageFaultInjection.Parse(value));

        Assert.Contains("seed=1;rate=0.03", exception.Message, StringComparison.Ordinal);
        Assert.Contains(StorageFaultInjection.Variable, exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Policy_EveryRequestFaulted_WritesFailAndEachFaultIsLogged()
    {
        var log = Path.Combine(Path.GetTempPath(), "newsmon-faults-" + Guid.NewGuid().ToString("N") + ".log");
        var policy = StorageFaultInjection.Parse($"seed=7;rate=1;log={log}");
        var configuration = new ConfigurationBuilder().AddInMemoryCollection([new(SettingNames.StorageConnection, azurite.ConnectionString)]).Build();
        var storage = StorageServiceCollectionExtensions.Create(configuration, SettingNames.StorageConnection, policy);
        var container = storage.Container(StorageNames.ConfigContainer);

        var failure = await Record.ExceptionAsync(() => container.GetBlobClient("probe-" + Guid.NewGuid().ToString("N")).UploadAsync(BinaryData.FromString("x")));

        Assert.True(failure is RequestFailedException or AggregateException, failure?.ToString());
        Assert.NotEmpty(await File.ReadAllLinesAsync(log));
        File.Delete(log);
    }

    [Fact]
    public async Task Policy_RateZero_ChangesNothing()
    {
        var policy = StorageFaultInjection.Parse("seed=7;rate=0");
        var configuration = new ConfigurationBuilder().AddInMemoryCollection([new(SettingNames.StorageConnection, azurite.ConnectionString)]).Build();
        var storage = StorageServiceCollectionExtensions.Create(configuration, SettingNames.StorageConnection, policy);
        await storage.EnsureCreatedAsync();
        var blob = storage.Container(StorageNames.ConfigContainer).GetBlobClient("probe-" + Guid.NewGuid().ToString("N"));

        await blob.UploadAsync(BinaryData.FromString("kept"));

        Assert.Equal("kept", (await blob.DownloadContentAsync()).Value.Content.ToString());
    }
}
