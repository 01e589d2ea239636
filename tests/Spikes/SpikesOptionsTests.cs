using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using NewsMonitor.Alerts;
using NewsMonitor.Spikes;

namespace NewsMonitor.Tests.Spikes;

public sealed class SpikesOptionsTests
{
    private static ServiceProvider CreateProvider(Dictionary<string, string?> settings)
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        services.AddLogging();
        services.AddSpikeDetection();
        return services.BuildServiceProvider();
    }

    [Fact]
    public void Defaults_AreValid()
    {
        var options = new SpikesOptions();

        Assert.True(Validator.TryValidateObject(options, new ValidationContext(options), [], validateAllProperties: true));
        Assert.Equal((1, 6, 7, 5, 2, 12, 2.0), (options.WindowHours, options.SlowWindowHours, options.HistoryDays, options.MinCount, options.MinSources, options.CooldownHours, options.RegrowthFactor));
    }

    [Fact]
    public void AddSpikeDetection_BindsTheSpikesSection()
    {
        using var provider = CreateProvider(new() { ["Spikes:MinCount"] = "8", ["Spikes:CooldownHours"] = "24", ["AzureWebJobsStorage"] = "UseDevelopmentStorage=true" });

        var options = provider.GetRequiredService<IOptions<SpikesOptions>>().Value;

        Assert.Equal(8, options.MinCount);
        Assert.Equal(24, options.CooldownHours);
        Assert.IsType<DebouncedSpikeMonitor>(provider.GetRequiredService<ISpikeMonitor>());
    }

    [Theory]
    [InlineData("Spikes:SlowWindowHours", "0")]
    [InlineData("Spikes:RegrowthFactor", "1")]
    [InlineData("Spikes:MinSources", "0")]
    [InlineData("Spikes:WindowHours", "12")]
    public void AddSpikeDetection_InvalidValue_FailsValidation(string key, string value)
    {
        using var provider = CreateProvider(new() { [key] = value });

        Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<SpikesOptions>>().Value);
    }
}
