using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using NewsMonitor.Analysis;
using NewsMonitor.Spikes;
using NewsMonitor.Storage;
using NewsMonitor.Subscriptions;

namespace NewsMonitor.Tests.Analysis;

/// <summary>
/// The analysis stage's services as the Functions app registers them (<c>AddAnalysis</c>), against a test Azurite,
/// with the narrow seams given: the local analyzer, the spike monitor and the subscriber directory.
/// </summary>
internal static class AnalysisTestServices
{
    public static ServiceProvider Create(NewsStorage storage, DateTimeOffset now, ITextAnalyzer analyzer, ISpikeMonitor spikes, ISubscriberDirectory directory)
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().Build());
        services.AddLogging();
        services.AddSingleton<TimeProvider>(new FakeTimeProvider(now));
        services.AddSingleton(storage);
        services.AddSingleton(spikes);
        services.AddSingleton(directory);
        services.AddKeyedSingleton(AnalyzerNames.Local, analyzer);
        services.AddAnalysis();
        return services.BuildServiceProvider();
    }
}
