using System.Reflection;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NewsMonitor.Cli.Hosting;
using NewsMonitor.Hosting;
using NewsMonitor.Storage;

namespace NewsMonitor.Tests.Infrastructure;

/// <summary>
/// The Functions app starts with exactly what infra/ gives it: its service provider, built by the same composition
/// root as Program.cs from the app settings compiled out of main.bicep (identity-based connections; values known only
/// at deployment get placeholders; Key Vault references their secret's value), validates every options class and
/// creates every function class. A setting the code needs that Bicep stops writing fails here, before a deployment.
/// </summary>
public sealed class FunctionsAppStartupTests(CompiledTemplatesFixture templates) : IClassFixture<CompiledTemplatesFixture>
{
    private const string SecretValue = "resolved-key-vault-secret-0123456789abcdef0123";

    private static readonly AppBindings App = AppBindings.ForApp();

    public static TheoryData<int> Variants() => [0, 1, 2, 3];

    [Theory]
    [MemberData(nameof(Variants))]
    public void Start_AppSettingsFromBicep_ValidatesEveryOptionsClassAndCreatesEveryFunction(int variant)
    {
        var settings = DeployedSettings(variant);

        var problems = StartupProblems(settings);

        Assert.True(problems.Count == 0, $"{Describe(settings)}:\n" + string.Join("\n", problems));
    }

    [Theory]
    [InlineData("Subscriptions__TokenSigningKey", null)]
    [InlineData("AzureWebJobsStorage__queueServiceUri", null)]
    [InlineData("AzureWebJobsStorage__tableServiceUri", null)]
    [InlineData("Email__AcsEndpoint", "acs")]
    [InlineData("Email__SmtpHost", "smtp")]
    [InlineData("Analysis__Endpoint", "azure")]
    public void Start_ASettingRemovedFromTheBicepOutput_Fails(string setting, string? onlyIn)
    {
        var variants = Enumerable.Range(0, TemplateChecks.AppSettingVariants(templates.Main).Count)
            .Select(DeployedSettings)
            .Where(settings => settings.ContainsKey(setting) && (onlyIn is null || settings.ContainsValue(onlyIn)))
            .ToList();
        Assert.NotEmpty(variants);

        foreach (var settings in variants)
        {
            settings.Remove(setting);

            Assert.NotEmpty(StartupProblems(settings));
        }
    }

    [Fact]
    public void Start_UnresolvedKeyVaultReference_Fails()
    {
        var settings = DeployedSettings(0);
        settings["Subscriptions__TokenSigningKey"] = "@Microsoft.KeyVault(SecretUri=https://kv-x.vault.azure.net/secrets/subscriptions-token-signing-key)";

        Assert.Contains(StartupProblems(settings), problem => problem.Contains("unresolved Key Vault reference", StringComparison.Ordinal));
    }

    [Fact]
    public void AddNewsMonitor_CalledTwice_RegistersNothingTwice()
    {
        var configuration = Configuration(DeployedSettings(0));
        var once = new ServiceCollection().AddNewsMonitor(configuration);
        var twice = new ServiceCollection().AddNewsMonitor(configuration).AddNewsMonitor(configuration);

        Assert.Equal(Signature(once), Signature(twice));
        // Options bound and validated once each, e.g. SpikesOptions, which three stages depend on.
        Assert.Single(once, d => d.ServiceType == typeof(IValidateOptions<NewsMonitor.Spikes.SpikesOptions>));
    }

    [Fact]
    public void ConfigureServices_NewsmonAndFunctionsApp_RegisterTheSameServicesExceptTheListedOverrides()
    {
        var configuration = Configuration(DeployedSettings(0));
        var functions = new ServiceCollection().AddNewsMonitor(configuration);
        var newsmon = NewsmonHost.ConfigureServices(new ServiceCollection(), configuration, TimeProvider.System);

        // newsmon's overrides: its clock (the same service, another instance) and, standing in for Event Grid (issue 20),
        // the analysis backlog, which its article store writes before each blob (the same service, another type).
        var added = Signature(newsmon).Except(Signature(functions)).ToList();
        // The in-memory hand-over of just-stored articles from its ingest to its analysis is newsmon's own too.
        Assert.Equal(["NewsMonitor.Cli.Pipeline.AnalysisBacklog||Singleton x1", "NewsMonitor.Cli.Pipeline.FreshArticles||Singleton x1"], added);
        Assert.Equal(Signature(functions), Signature(newsmon).Except(added));
        Assert.Same(TimeProvider.System, Assert.Single(newsmon, d => d.ServiceType == typeof(TimeProvider)).ImplementationInstance);
        Assert.Equal(
            typeof(NewsMonitor.Cli.Pipeline.BacklogArticleStore),
            Assert.Single(newsmon, d => d.ServiceType == typeof(NewsMonitor.Articles.ArticleStore)).ImplementationType);
    }

    [Fact]
    public void AddNewsMonitorFunctionsApp_ApplicationInsights_KeepsInformationLogs()
    {
        var services = new ServiceCollection().AddLogging();
        services.AddNewsMonitorFunctionsApp(Configuration(DeployedSettings(0)));
        using var provider = services.BuildServiceProvider();

        var rules = provider.GetRequiredService<IOptions<LoggerFilterOptions>>().Value.Rules;

        Assert.DoesNotContain(rules, rule => rule.ProviderName == NewsMonitorServiceCollectionExtensions.ApplicationInsightsLoggerProvider
            && rule.LogLevel > LogLevel.Information);
    }

    /// <summary>What starting the app finds wrong: options that do not validate and function classes that cannot be created.</summary>
    private static List<string> StartupProblems(IReadOnlyDictionary<string, string> settings)
    {
        var services = new ServiceCollection().AddLogging();
        services.AddNewsMonitor(Configuration(settings));
        using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        var problems = new List<string>();
        try
        {
            // What the host runs before any trigger: every ValidateOnStart registration.
            provider.GetRequiredService<IStartupValidator>().Validate();
        }
        catch (OptionsValidationException exception)
        {
            problems.AddRange(exception.Failures);
        }
        catch (AggregateException exception)
        {
            problems.AddRange(exception.InnerExceptions.Select(inner => inner.Message));
        }

        foreach (var options in App.Options)
        {
            var optionsType = typeof(IOptions<>).MakeGenericType(options.Type);
            try
            {
                _ = optionsType.GetProperty(nameof(IOptions<object>.Value))!.GetValue(provider.GetRequiredService(optionsType));
            }
            catch (TargetInvocationException exception) when (exception.InnerException is OptionsValidationException or InvalidOperationException)
            {
                problems.Add($"{options.SectionName}: {exception.InnerException.Message}");
            }
        }

        foreach (var function in FunctionClasses())
        {
            try
            {
                using var scope = provider.CreateScope();
                _ = ActivatorUtilities.CreateInstance(scope.ServiceProvider, function);
            }
            catch (Exception exception) when (exception is InvalidOperationException or OptionsValidationException or UriFormatException)
            {
                problems.Add($"{function.Name}: {exception.GetBaseException().Message}");
            }
        }

        return problems;
    }

    private static List<Type> FunctionClasses()
    {
        var types = typeof(StorageNames).Assembly.GetTypes()
            .Where(type => type.GetMethods(BindingFlags.Public | BindingFlags.Instance)
                .Any(method => method.GetCustomAttribute<FunctionAttribute>() is not null))
            .ToList();
        // Guards the reflection: with nothing found the test would pass vacuously.
        Assert.True(types.Count >= 8, $"only {types.Count} function classes found");
        return types;
    }

    /// <summary>
    /// The app settings of one variant of main.bicep as the app would read them: literals as compiled; parts known only
    /// at deployment replaced by a placeholder of the bound property's type; Key Vault references by a secret value.
    /// </summary>
    private Dictionary<string, string> DeployedSettings(int variant)
    {
        var settings = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in TemplateChecks.AppSettingVariants(templates.Main)[variant])
        {
            if (value.KnownPrefix()?.StartsWith(TemplateChecks.KeyVaultReferencePrefix, StringComparison.Ordinal) == true)
            {
                settings[name] = SecretValue;
            }
            else if (value.StringValues() is [string literal])
            {
                settings[name] = literal;
            }
            else
            {
                var rendered = value.Render();
                settings[name] = rendered == "{?}"
                    ? Placeholder(name)
                    : rendered.Replace("{?}", "placeholder", StringComparison.Ordinal);
            }
        }

        return settings;
    }

    private static string Placeholder(string setting)
    {
        if (setting.EndsWith("clientId", StringComparison.OrdinalIgnoreCase) || setting.EndsWith("ClientId", StringComparison.Ordinal))
        {
            return "00000000-0000-0000-0000-000000000001";
        }

        var path = setting.Split("__");
        var options = App.Options.FirstOrDefault(o => o.SectionName == path[0]);
        var property = options?.Type.GetProperty(path[^1], BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase);
        return TemplateChecks.Placeholder(property);
    }

    private static IConfiguration Configuration(IReadOnlyDictionary<string, string> settings) =>
        // App settings reach .NET as environment variables, where "__" separates sections.
        new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key.Replace("__", ":", StringComparison.Ordinal), s.Value)))
            .Build();

    private static string Describe(IReadOnlyDictionary<string, string> settings) =>
        $"Email__Transport={settings.GetValueOrDefault("Email__Transport")}, Analysis__Analyzer={settings.GetValueOrDefault("Analysis__Analyzer")}";

    /// <summary>Service type and key of every registration, counted: the shape of a collection, whatever the instances.</summary>
    private static List<string> Signature(IServiceCollection services) =>
        [.. services
            .GroupBy(d => $"{d.ServiceType.FullName}|{d.ServiceKey}|{d.Lifetime}")
            .Select(g => $"{g.Key} x{g.Count()}")
            .Order(StringComparer.Ordinal)];
}
