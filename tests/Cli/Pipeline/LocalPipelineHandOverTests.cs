using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using NewsMonitor.Cli.Hosting;
using NewsMonitor.Cli.Pipeline;
using NewsMonitor.Storage;
using NewsMonitor.Tests.Support;

namespace NewsMonitor.Tests.Cli.Pipeline;

/// <summary>
/// A cycle analyzes the articles its ingest stores from the JSON the ingest wrote, while the feeds are read: no read of
/// the article blob, no probe of its analysis blob (README, "Scale and cost"), and the backlog ends empty.
/// </summary>
public sealed class LocalPipelineHandOverTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task RunCycleAsync_NewArticles_AnalyzedWithoutReadingTheirBlobsBack()
    {
        var storage = await azurite.ResetAsync();
        await CliRunner.UploadCatalogueAsync(storage, CliRunner.LocalFeed("world", "world-news.rss"));
        var counter = new CountingPolicy();
        await using var services = Services(counter);
        var pipeline = ActivatorUtilities.CreateInstance<LocalPipeline>(services);

        var result = await pipeline.RunCycleAsync(CancellationToken.None);

        var articles = await StorageListing.BlobNamesAsync(storage, StorageNames.ArticlesContainer);
        Assert.Equal(2, articles.Count);
        Assert.Equal(2, result.NewArticles);
        Assert.Equal(2, result.Analyzed);
        Assert.Equal(articles, await StorageListing.BlobNamesAsync(storage, StorageNames.AnalysisContainer));
        Assert.Empty(await services.GetRequiredService<AnalysisBacklog>().ListAllAsync());
        var blobReads = counter.Requests.Where(request =>
            request.StartsWith($"GET devstoreaccount1/{StorageNames.ArticlesContainer}/", StringComparison.Ordinal)
            || request.StartsWith($"GET devstoreaccount1/{StorageNames.AnalysisContainer}/", StringComparison.Ordinal));
        Assert.Empty(blobReads);
        Assert.Equal(2, counter.Requests.Count(request => request.StartsWith($"PUT devstoreaccount1/{StorageNames.AnalysisContainer}/", StringComparison.Ordinal)));

        // A second cycle finds every feed item stored and analyzed: nothing is analyzed twice.
        var again = await pipeline.RunCycleAsync(CancellationToken.None);
        Assert.Equal(0, again.NewArticles);
        Assert.Equal(0, again.Analyzed);
    }

    /// <summary>newsmon's services against the fixture's Azurite, every storage request counted.</summary>
    private ServiceProvider Services(CountingPolicy counter)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            [SettingNames.StorageConnection] = azurite.ConnectionString,
            ["Subscriptions:TokenSigningKey"] = new string('k', 44),
            ["Feeds:AllowFileUrls"] = "true",
            ["Email:OutboxPath"] = Path.Combine(Path.GetTempPath(), "newsmon-handover-test-" + Guid.NewGuid().ToString("N")),
        }).Build();
        var services = new ServiceCollection().AddLogging().AddSingleton<IConfiguration>(configuration);
        NewsmonHost.ConfigureServices(services, configuration, TimeProvider.System);
        services.Replace(ServiceDescriptor.Singleton(counter.Storage(azurite.ConnectionString)));
        return services.BuildServiceProvider();
    }
}
