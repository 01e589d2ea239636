using NewsMonitor.Storage;

namespace NewsMonitor.Tests.Infrastructure;

/// <summary>
/// The real templates (infra/*.bicep, compiled with the restored Bicep CLI) against the real app (reflection over
/// NewsMonitor.Functions): everything the code binds is deployed, and nothing secret is.
/// </summary>
public sealed class DeploymentTemplatesTests(CompiledTemplatesFixture templates) : IClassFixture<CompiledTemplatesFixture>
{
    private static readonly AppBindings App = AppBindings.ForApp();

    [Fact]
    public void ForApp_FunctionsAssembly_FindsWhatTheChecksCompare()
    {
        // Guards the reflection itself: with nothing found, every check below would hold vacuously.
        Assert.Contains(App.SettingExpressions(), e => e.Setting == SettingNames.FetchSchedule);
        Assert.Contains(App.Bindings, b => b.AttributeName == "BlobTriggerAttribute");
        Assert.Contains(App.Bindings, b => b.AttributeName == "QueueTriggerAttribute");
        Assert.Contains(App.Options, o => o.SectionName == "Subscriptions");
        Assert.Contains(App.Options, o => AppBindings.RequiredWithoutDefault(o).Any());
    }

    [Fact]
    public void AppSettingVariants_MainTemplate_OnePerEmailTransportAndAnalyzer()
    {
        var variants = TemplateChecks.AppSettingVariants(templates.Main)
            .Select(settings => (
                Transport: Assert.Single(settings["Email__Transport"].StringValues()),
                Analyzer: Assert.Single(settings["Analysis__Analyzer"].StringValues()),
                HasEndpoint: settings.ContainsKey("Analysis__Endpoint")))
            .ToHashSet();

        Assert.Equal(
            new HashSet<(string?, string?, bool)> { ("smtp", "local", false), ("smtp", "azure", true), ("acs", "local", false), ("acs", "azure", true) },
            variants);
    }

    [Fact]
    public void LanguageAccount_MainTemplate_IsConditionalOnDeployLanguage()
    {
        var deployLanguage = templates.Main.Template["parameters"]?["deployLanguage"];
        Assert.Equal("bool", (string?)deployLanguage?["type"]);
        Assert.True((bool?)deployLanguage?["defaultValue"]);
        var module = Assert.Single(templates.Main.Template["resources"]!.AsArray(), r => (string?)r?["name"] == "language");
        Assert.Contains("deployLanguage", (string?)module?["condition"], StringComparison.Ordinal);
    }

    [Fact]
    public void Location_MainTemplate_AllowsOnlyFlexConsumptionRegions()
    {
        var allowed = templates.Main.Template["parameters"]?["location"]?["allowedValues"]?.AsArray()
            .Select(value => (string?)value).ToList();

        Assert.NotNull(allowed);
        Assert.Contains("westeurope", allowed);
        Assert.Contains("eastus", allowed);
        // Regions without Flex Consumption (or canaries) must be refused before anything is created.
        Assert.DoesNotContain("westus", allowed);
        Assert.DoesNotContain("eastus2euap", allowed);
    }

    [Fact]
    public void EventSubscription_EventGridTemplate_DeadLettersToACreatedContainerWithAnIdentity()
    {
        var subscription = Assert.Single(templates.EventGrid.Resources(), r => r.Type == "Microsoft.EventGrid/systemTopics/eventSubscriptions");
        const string deadLetter = "properties.deadLetterWithResourceIdentity.";
        Assert.Equal(["UserAssigned"], subscription.Property(deadLetter + "identity.type").StringValues());
        Assert.Equal(["StorageBlob"], subscription.Property(deadLetter + "deadLetterDestination.endpointType").StringValues());
        var container = (string?)templates.EventGrid.Template["parameters"]?["deadLetterContainerName"]?["defaultValue"];
        Assert.NotNull(container);
        Assert.Contains(
            templates.Main.Resources().Where(r => r.Type == "Microsoft.Storage/storageAccounts/blobServices/containers"),
            r => r.Names().Contains(container!));
        var topic = Assert.Single(templates.Main.Resources(), r => r.Type == "Microsoft.EventGrid/systemTopics");
        Assert.Equal(["UserAssigned"], topic.Property("identity.type").StringValues());
    }

    [Fact]
    public void AzureYaml_Hooks_HaveShAndPwshVariants()
    {
        var azureYaml = File.ReadAllText(Path.Combine(BicepCli.RepositoryRoot, "azure.yaml"));

        foreach (var hook in new[] { "preprovision", "postdeploy" })
        {
            Assert.Contains($"run: ./infra/hooks/{hook}.sh", azureYaml, StringComparison.Ordinal);
            Assert.Contains($"run: ./infra/hooks/{hook}.ps1", azureYaml, StringComparison.Ordinal);
            Assert.True(File.Exists(Path.Combine(BicepCli.RepositoryRoot, "infra", "hooks", hook + ".ps1")));
        }
    }

    [Fact]
    public void BindingExpressionsAreSettings_MainTemplate_Holds() =>
        Holds(TemplateChecks.BindingExpressionsAreSettings(templates.Main, App));

    [Fact]
    public void ConnectionsAreIdentityBased_MainTemplate_Holds() =>
        Holds(TemplateChecks.ConnectionsAreIdentityBased(templates.Main, App));

    [Fact]
    public void StorageIsCreated_MainTemplate_Holds() =>
        Holds(TemplateChecks.StorageIsCreated(templates.Main, App));

    [Fact]
    public void RequiredOptionsAreSet_MainTemplate_Holds() =>
        Holds(TemplateChecks.RequiredOptionsAreSet(templates.Main, App));

    [Fact]
    public void OptionsValidate_MainTemplate_Holds() =>
        Holds(TemplateChecks.OptionsValidate(templates.Main, App));

    [Fact]
    public void NoSecretInSettings_MainTemplate_Holds() =>
        Holds(TemplateChecks.NoSecretInSettings(templates.Main));

    [Fact]
    public void NoSecretInOutputs_BothTemplates_Holds()
    {
        Holds(TemplateChecks.NoSecretInOutputs(templates.Main));
        Holds(TemplateChecks.NoSecretInOutputs(templates.EventGrid));
    }

    [Fact]
    public void StorageIsLockedDown_MainTemplate_Holds() =>
        Holds(TemplateChecks.StorageIsLockedDown(templates.Main));

    [Fact]
    public void LocalAuthIsDisabled_MainTemplate_Holds() =>
        Holds(TemplateChecks.LocalAuthIsDisabled(templates.Main));

    [Fact]
    public void FunctionAppMatchesProject_MainTemplate_Holds() =>
        Holds(TemplateChecks.FunctionAppMatchesProject(templates.Main, App));

    [Fact]
    public void EventGridReachesBlobTriggers_Templates_Holds() =>
        Holds(TemplateChecks.EventGridReachesBlobTriggers(templates.Main, templates.EventGrid, App));

    [Fact]
    public void SecretSettings_MainTemplate_AreKeyVaultReferences()
    {
        foreach (var settings in TemplateChecks.AppSettingVariants(templates.Main))
        {
            Assert.StartsWith(TemplateChecks.KeyVaultReferencePrefix, settings["Subscriptions__TokenSigningKey"].KnownPrefix(), StringComparison.Ordinal);
            if (settings.TryGetValue("Email__SmtpPassword", out var password))
            {
                Assert.StartsWith(TemplateChecks.KeyVaultReferencePrefix, password.KnownPrefix(), StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public void AzureYaml_FunctionsService_MatchesTheAppTag()
    {
        var azureYaml = File.ReadAllLines(Path.Combine(BicepCli.RepositoryRoot, "azure.yaml"));
        var services = Array.IndexOf(azureYaml, "services:");

        Assert.True(services >= 0, "azure.yaml has no services section");
        Assert.Equal("  functions:", azureYaml[services + 1]);
        var site = Assert.Single(templates.Main.Resources(), r => r.Type == "Microsoft.Web/sites");
        var tags = Assert.Single(site.Property("tags").ObjectVariants());
        Assert.Equal(["functions"], tags["azd-service-name"].StringValues());
    }

    private static void Holds(IEnumerable<string> problems)
    {
        var list = problems.ToList();
        Assert.True(list.Count == 0, $"{list.Count} problem(s):\n" + string.Join("\n", list));
    }
}
