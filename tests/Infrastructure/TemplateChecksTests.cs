using System.ComponentModel.DataAnnotations;
using System.Text.Json.Nodes;

namespace NewsMonitor.Tests.Infrastructure;

/// <summary>
/// Each check against hand-written ARM snippets: a template with the flaw is flagged, proving the checks that pass on
/// the real templates (<see cref="DeploymentTemplatesTests"/>) could fail.
/// </summary>
public sealed class TemplateChecksTests
{
    private static readonly AppBindings App = new()
    {
        Bindings =
        [
            new("FetchFeedsFunction", "TimerTriggerAttribute", new Dictionary<string, object?> { ["Schedule"] = "%FetchSchedule%" }),
            new("AnalyzeArticleFunction", "BlobTriggerAttribute", new Dictionary<string, object?>
            {
                ["BlobPath"] = "articles/{name}", ["Connection"] = null, ["Source"] = "EventGrid",
            }),
            new("SendAlertsFunction", "QueueTriggerAttribute", new Dictionary<string, object?>
            {
                ["QueueName"] = "alerts", ["Connection"] = "AzureWebJobsStorage",
            }),
        ],
        Options = [new OptionsSection(SampleOptions.SectionName, typeof(SampleOptions))],
        Containers = ["articles"],
        Tables = ["Feeds"],
        Queues = ["alerts", "alerts-poison"],
        DotnetVersion = "10.0",
    };

    private const string GoodSettings = """
        {
          "AzureWebJobsStorage__blobServiceUri": "[reference(resourceId('Microsoft.Storage/storageAccounts', 'st')).primaryEndpoints.blob]",
          "AzureWebJobsStorage__queueServiceUri": "[reference(resourceId('Microsoft.Storage/storageAccounts', 'st')).primaryEndpoints.queue]",
          "AzureWebJobsStorage__tableServiceUri": "[reference(resourceId('Microsoft.Storage/storageAccounts', 'st')).primaryEndpoints.table]",
          "AzureWebJobsStorage__credential": "managedidentity",
          "AzureWebJobsStorage__clientId": "[reference(resourceId('Microsoft.ManagedIdentity/userAssignedIdentities', 'id')).clientId]",
          "FetchSchedule": "0 */5 * * * *",
          "Sample__Mode": "fast",
          "Sample__Endpoint": "[parameters('endpoint')]",
          "Sample__SigningKey": "[format('@Microsoft.KeyVault(SecretUri={0})', parameters('secretUri'))]"
        }
        """;

    [Fact]
    public void AllChecks_GoodSnippet_NoProblems()
    {
        var template = WithSettings(GoodSettings);

        Assert.Empty(TemplateChecks.BindingExpressionsAreSettings(template, App));
        Assert.Empty(TemplateChecks.ConnectionsAreIdentityBased(template, App));
        Assert.Empty(TemplateChecks.RequiredOptionsAreSet(template, App));
        Assert.Empty(TemplateChecks.OptionsValidate(template, App));
        Assert.Empty(TemplateChecks.NoSecretInSettings(template));
    }

    [Fact]
    public void BindingExpressionsAreSettings_ScheduleSettingMissing_Flagged()
    {
        var template = WithSettings(GoodSettings, remove: "FetchSchedule");

        var problem = Assert.Single(TemplateChecks.BindingExpressionsAreSettings(template, App));
        Assert.Contains("%FetchSchedule%", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void ConnectionsAreIdentityBased_ConnectionStringWithListKeys_Flagged()
    {
        var template = WithSettings("""
            {
              "AzureWebJobsStorage": "[format('DefaultEndpointsProtocol=https;AccountName=st;AccountKey={0}', listKeys(resourceId('Microsoft.Storage/storageAccounts', 'st'), '2025-01-01').keys[0].value)]",
              "FetchSchedule": "0 */5 * * * *"
            }
            """);

        var connectionProblems = TemplateChecks.ConnectionsAreIdentityBased(template, App).ToList();
        Assert.Contains(connectionProblems, p => p.Contains("set as a connection string", StringComparison.Ordinal));
        Assert.Contains(connectionProblems, p => p.Contains("AzureWebJobsStorage__clientId", StringComparison.Ordinal));
        Assert.Contains(TemplateChecks.NoSecretInSettings(template), p => p.Contains("AccountKey=", StringComparison.Ordinal));
    }

    [Fact]
    public void ConnectionsAreIdentityBased_CredentialNotManagedIdentity_Flagged()
    {
        var template = WithSettings(GoodSettings.Replace("\"managedidentity\"", "\"[parameters('credential')]\"", StringComparison.Ordinal));

        Assert.Contains(TemplateChecks.ConnectionsAreIdentityBased(template, App), p => p.Contains("must be 'managedidentity'", StringComparison.Ordinal));
    }

    [Fact]
    public void ConnectionsAreIdentityBased_OnlyOneBranchIdentityBased_FlagsTheOtherBranch()
    {
        var template = Template($$"""
            {
              "parameters": { "identity": { "type": "bool" } },
              "variables": { "good": {{GoodSettings}}, "bad": { "FetchSchedule": "0 */5 * * * *" } },
              "resources": [ {
                "type": "Microsoft.Web/sites/config", "name": "[format('{0}/{1}', 'app', 'appsettings')]",
                "properties": "[if(parameters('identity'), variables('good'), variables('bad'))]"
              } ]
            }
            """);

        Assert.Equal(2, TemplateChecks.AppSettingVariants(template).Count);
        Assert.All(TemplateChecks.ConnectionsAreIdentityBased(template, App), p => Assert.StartsWith("settings variant 2/2", p, StringComparison.Ordinal));
        Assert.NotEmpty(TemplateChecks.ConnectionsAreIdentityBased(template, App));
    }

    [Fact]
    public void StorageIsCreated_PoisonQueueMissing_Flagged()
    {
        var template = Template("""
            {
              "variables": { "queues": ["alerts"], "containers": ["articles"] },
              "resources": [
                { "type": "Microsoft.Storage/storageAccounts/queueServices/queues", "copy": { "name": "q", "count": "[length(variables('queues'))]" },
                  "name": "[format('{0}/{1}/{2}', 'st', 'default', variables('queues')[copyIndex()])]" },
                { "type": "Microsoft.Storage/storageAccounts/blobServices/containers", "copy": { "name": "c", "count": "[length(variables('containers'))]" },
                  "name": "[format('{0}/{1}/{2}', 'st', 'default', variables('containers')[copyIndex()])]" },
                { "type": "Microsoft.Storage/storageAccounts/tableServices/tables", "name": "st/default/Feeds" }
              ]
            }
            """);

        var problem = Assert.Single(TemplateChecks.StorageIsCreated(template, App));
        Assert.Contains("queue 'alerts-poison'", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void RequiredOptionsAreSet_RequiredWithoutDefaultMissing_Flagged()
    {
        var template = WithSettings(GoodSettings, remove: "Sample__Endpoint");

        var problem = Assert.Single(TemplateChecks.RequiredOptionsAreSet(template, App));
        Assert.Contains("Sample__Endpoint", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void OptionsValidate_LiteralBreaksValidation_Flagged()
    {
        var template = WithSettings(GoodSettings.Replace("\"fast\"", "\"turbo\"", StringComparison.Ordinal));

        Assert.Contains(TemplateChecks.OptionsValidate(template, App), p => p.Contains("Mode", StringComparison.Ordinal));
    }

    [Fact]
    public void OptionsValidate_ConditionalRequirementUnmet_Flagged()
    {
        var template = WithSettings(GoodSettings.Replace("\"fast\"", "\"safe\"", StringComparison.Ordinal));

        Assert.Contains(TemplateChecks.OptionsValidate(template, App), p => p.Contains("Fallback", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("Sample__SigningKey", "\"plain-text-key\"", "not a Key Vault reference")]
    [InlineData("Email__Password", "\"[parameters('smtpPassword')]\"", "<secure:smtpPassword>")]
    [InlineData("Storage__Sas", "\"[listAccountSas('st', '2025-01-01', createObject()).accountSasToken]\"", "listAccountSas(")]
    [InlineData("Queue__Endpoint", "\"https://st.queue.core.windows.net/?sv=2024&sig=abc\"", "sig=")]
    public void NoSecretInSettings_SecretValue_Flagged(string name, string value, string expected)
    {
        var template = Template($$"""
            {
              "parameters": { "smtpPassword": { "type": "securestring" } },
              "resources": [ {
                "type": "Microsoft.Web/sites/config", "name": "app/appsettings",
                "properties": { "{{name}}": {{value}} }
              } ]
            }
            """);

        var problem = Assert.Single(TemplateChecks.NoSecretInSettings(template));
        Assert.Contains(expected, problem, StringComparison.Ordinal);
    }

    [Fact]
    public void NoSecretInSettings_SecureValueThroughModuleParameter_Flagged()
    {
        var template = Template("""
            {
              "parameters": { "password": { "type": "securestring" } },
              "resources": [ {
                "type": "Microsoft.Resources/deployments", "name": "app",
                "properties": {
                  "parameters": { "smtp": { "value": "[parameters('password')]" } },
                  "template": {
                    "parameters": { "smtp": { "type": "string" } },
                    "resources": [ { "type": "Microsoft.Web/sites/config", "name": "app/appsettings", "properties": { "Email__Login": "[parameters('smtp')]" } } ]
                  }
                }
              } ]
            }
            """);

        Assert.Contains("<secure:password>", Assert.Single(TemplateChecks.NoSecretInSettings(template)), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("APPINSIGHTS_CONNECTION", "[reference(resourceId('Microsoft.Insights/components', 'appi'), '2020-02-02').ConnectionString]", ".ConnectionString")]
    [InlineData("STORAGE_KEY", "[parameters('name')]", "named like a secret")]
    [InlineData("STORAGE_KEYS", "[listKeys(resourceId('Microsoft.Storage/storageAccounts', 'st'), '2025-01-01').keys[0].value]", "listKeys(")]
    public void NoSecretInOutputs_SecretOutput_Flagged(string name, string value, string expected)
    {
        var template = Template($$"""
            { "resources": [], "outputs": { "{{name}}": { "type": "string", "value": "{{value}}" } } }
            """);

        Assert.Contains(expected, Assert.Single(TemplateChecks.NoSecretInOutputs(template)), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("allowSharedKeyAccess", "true")]
    [InlineData("allowBlobPublicAccess", "true")]
    [InlineData("supportsHttpsTrafficOnly", "false")]
    [InlineData("minimumTlsVersion", "\"TLS1_0\"")]
    public void StorageIsLockedDown_WeakSetting_Flagged(string property, string value)
    {
        var properties = new Dictionary<string, string>
        {
            ["allowSharedKeyAccess"] = "false",
            ["allowBlobPublicAccess"] = "false",
            ["supportsHttpsTrafficOnly"] = "true",
            ["minimumTlsVersion"] = "\"TLS1_2\"",
        };
        properties[property] = value;
        var json = string.Join(", ", properties.Select(p => $"\"{p.Key}\": {p.Value}"));
        var template = Template($$"""
            { "resources": [ { "type": "Microsoft.Storage/storageAccounts", "name": "st", "properties": { {{json}} } } ] }
            """);

        Assert.Contains(property, Assert.Single(TemplateChecks.StorageIsLockedDown(template)), StringComparison.Ordinal);
    }

    [Fact]
    public void LocalAuthIsDisabled_LanguageKeysOn_Flagged()
    {
        var template = Template("""
            {
              "resources": [
                { "type": "Microsoft.CognitiveServices/accounts", "name": "lang", "properties": { "disableLocalAuth": false } },
                { "type": "Microsoft.Insights/components", "name": "appi", "properties": { "DisableLocalAuth": true } },
                { "type": "Microsoft.Communication/communicationServices", "name": "acs", "properties": { "disableLocalAuth": true } },
                { "type": "Microsoft.KeyVault/vaults", "name": "kv", "properties": { "enableRbacAuthorization": true } }
              ]
            }
            """);

        var problems = TemplateChecks.LocalAuthIsDisabled(template).ToList();
        Assert.Equal(2, problems.Count);
        Assert.Contains(problems, p => p.Contains("disableLocalAuth must be true", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("customSubDomainName", StringComparison.Ordinal));
    }

    [Fact]
    public void FunctionAppMatchesProject_OtherRuntimeVersionAndWorkerRuntimeSetting_Flagged()
    {
        var template = Template("""
            {
              "resources": [
                { "type": "Microsoft.Web/serverfarms", "name": "plan", "sku": { "name": "FC1" } },
                { "type": "Microsoft.Web/sites", "name": "app", "kind": "functionapp,linux", "tags": { "azd-service-name": "functions" },
                  "identity": { "type": "UserAssigned" },
                  "properties": { "keyVaultReferenceIdentity": "id", "functionAppConfig": {
                    "deployment": { "storage": { "authentication": { "type": "UserAssignedIdentity" } } },
                    "scaleAndConcurrency": { "instanceMemoryMB": 2048, "maximumInstanceCount": 100 },
                    "runtime": { "name": "dotnet-isolated", "version": "8.0" } } } },
                { "type": "Microsoft.Web/sites/config", "name": "app/appsettings", "properties": { "FUNCTIONS_WORKER_RUNTIME": "dotnet-isolated" } }
              ]
            }
            """);

        var problems = TemplateChecks.FunctionAppMatchesProject(template, App).ToList();
        Assert.Equal(2, problems.Count);
        Assert.Contains(problems, p => p.Contains("must be 10.0", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("FUNCTIONS_WORKER_RUNTIME", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("analysis", "AnalyzeArticle")]
    [InlineData("articles", "OtherFunction")]
    public void EventGridReachesBlobTriggers_WrongContainerOrFunction_Flagged(string container, string function)
    {
        var main = Template("""
            { "resources": [ { "type": "Microsoft.EventGrid/systemTopics", "name": "t", "properties": { "topicType": "Microsoft.Storage.StorageAccounts" } } ] }
            """);
        var eventGrid = Template($$"""
            {
              "parameters": { "key": { "type": "securestring" } },
              "resources": [ {
                "type": "Microsoft.EventGrid/systemTopics/eventSubscriptions", "name": "t/s",
                "properties": {
                  "destination": { "endpointType": "WebHook", "properties": {
                    "endpointUrl": "[format('https://{0}/runtime/webhooks/blobs?functionName=Host.Functions.{1}&code={2}', reference(resourceId('Microsoft.Web/sites', 'app')).defaultHostName, '{{function}}', parameters('key'))]" } },
                  "filter": { "includedEventTypes": ["Microsoft.Storage.BlobCreated"], "subjectBeginsWith": "/blobServices/default/containers/{{container}}/" }
                }
              } ]
            }
            """);

        Assert.Contains("AnalyzeArticle", Assert.Single(TemplateChecks.EventGridReachesBlobTriggers(main, eventGrid, App)), StringComparison.Ordinal);
    }

    private static ArmScope WithSettings(string settings, string? remove = null)
    {
        var properties = JsonNode.Parse(settings)!.AsObject();
        if (remove is not null)
        {
            properties.Remove(remove);
        }

        return Template($$"""
            {
              "parameters": { "endpoint": { "type": "string" }, "secretUri": { "type": "string" }, "credential": { "type": "string" } },
              "resources": [ { "type": "Microsoft.Web/sites/config", "name": "[format('{0}/{1}', 'app', 'appsettings')]", "properties": {{properties.ToJsonString()}} } ]
            }
            """);
    }

    private static ArmScope Template(string json) => ArmScope.Root(JsonNode.Parse(json)!.AsObject(), "test");

    internal sealed class SampleOptions : IValidatableObject
    {
        public const string SectionName = "Sample";

        [Required]
        [RegularExpression("^(fast|safe)$")]
        public string Mode { get; set; } = "fast";

        [Required]
        public Uri? Endpoint { get; set; }

        public string? SigningKey { get; set; }

        public string? Fallback { get; set; }

        public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
        {
            if (Mode == "safe" && Fallback is null)
            {
                yield return new ValidationResult("Fallback is required in safe mode.", [nameof(Fallback)]);
            }
        }
    }
}
