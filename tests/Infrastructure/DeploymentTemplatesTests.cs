namespace NewsMonitor.Tests.Infrastructure;

/// <summary>
/// The real templates (infra/*.bicep, compiled with the restored Bicep CLI) against the real app (reflection over
/// NewsMonitor.Functions): everything the code binds is deployed, and nothing secret is.
/// </summary>
public sealed class DeploymentTemplatesTests(CompiledTemplatesFixture templates) : IClassFixture<CompiledTemplatesFixture>
{
    private static readonly AppBindings App = AppBindings.ForApp();

    [Fact]
    public void AppSettingVariants_MainTemplate_OnePerEmailTransport()
    {
        var transports = TemplateChecks.AppSettingVariants(templates.Main)
            .Select(settings => Assert.Single(settings["Email__Transport"].StringValues()));

        Assert.Equal(["smtp", "acs"], transports);
    }

    [Fact]
    public void BindingExpressionsAreSettings_MainTemplate_Holds() =>
        Assert.Empty(TemplateChecks.BindingExpressionsAreSettings(templates.Main, App));

    [Fact]
    public void ConnectionsAreIdentityBased_MainTemplate_Holds() =>
        Assert.Empty(TemplateChecks.ConnectionsAreIdentityBased(templates.Main, App));

    [Fact]
    public void StorageIsCreated_MainTemplate_Holds() =>
        Assert.Empty(TemplateChecks.StorageIsCreated(templates.Main, App));

    [Fact]
    public void RequiredOptionsAreSet_MainTemplate_Holds() =>
        Assert.Empty(TemplateChecks.RequiredOptionsAreSet(templates.Main, App));

    [Fact]
    public void OptionsValidate_MainTemplate_Holds() =>
        Assert.Empty(TemplateChecks.OptionsValidate(templates.Main, App));

    [Fact]
    public void NoSecretInSettings_MainTemplate_Holds() =>
        Assert.Empty(TemplateChecks.NoSecretInSettings(templates.Main));

    [Fact]
    public void NoSecretInOutputs_BothTemplates_Holds()
    {
        Assert.Empty(TemplateChecks.NoSecretInOutputs(templates.Main));
        Assert.Empty(TemplateChecks.NoSecretInOutputs(templates.EventGrid));
    }

    [Fact]
    public void StorageIsLockedDown_MainTemplate_Holds() =>
        Assert.Empty(TemplateChecks.StorageIsLockedDown(templates.Main));

    [Fact]
    public void LocalAuthIsDisabled_MainTemplate_Holds() =>
        Assert.Empty(TemplateChecks.LocalAuthIsDisabled(templates.Main));

    [Fact]
    public void FunctionAppMatchesProject_MainTemplate_Holds() =>
        Assert.Empty(TemplateChecks.FunctionAppMatchesProject(templates.Main, App));

    [Fact]
    public void EventGridReachesBlobTriggers_Templates_Holds() =>
        Assert.Empty(TemplateChecks.EventGridReachesBlobTriggers(templates.Main, templates.EventGrid, App));

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
}
