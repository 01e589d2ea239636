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
    public void AppSettingVariants_MainTemplate_OnePerEmailTransport()
    {
        var transports = TemplateChecks.AppSettingVariants(templates.Main)
            .Select(settings => Assert.Single(settings["Email__Transport"].StringValues()));

        Assert.Equal(["smtp", "acs"], transports);
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
