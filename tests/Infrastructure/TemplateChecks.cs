using System.ComponentModel.DataAnnotations;
using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;

namespace NewsMonitor.Tests.Infrastructure;

/// <summary>
/// Checks that a compiled deployment (ARM JSON) gives the app everything its code binds, and nothing secret. Each
/// check returns the problems it finds; none means it holds. The app side comes from <see cref="AppBindings"/>.
/// </summary>
internal static partial class TemplateChecks
{
    public const string KeyVaultReferencePrefix = "@Microsoft.KeyVault(";

    /// <summary>Settings Flex Consumption manages itself and rejects in app settings.</summary>
    private static readonly string[] FlexManagedSettings =
    [
        "FUNCTIONS_WORKER_RUNTIME", "FUNCTIONS_EXTENSION_VERSION", "WEBSITE_RUN_FROM_PACKAGE",
        "WEBSITE_CONTENTAZUREFILECONNECTIONSTRING", "WEBSITE_CONTENTSHARE", "WEBSITE_TIME_ZONE",
    ];

    /// <summary>Settings whose name says "secret" but whose value is not one (no key, no password).</summary>
    private static readonly string[] NotSecretByDesign = ["APPLICATIONINSIGHTS_CONNECTION_STRING"];

    private static readonly string[] IdentityConnectionSuffixes =
        ["blobServiceUri", "queueServiceUri", "tableServiceUri", "credential", "clientId"];

    /// <summary>The app settings of every function app in the deployment: one dictionary per combination of conditions.</summary>
    public static IReadOnlyList<IReadOnlyDictionary<string, ArmValue>> AppSettingVariants(ArmScope template) =>
        [.. template.Resources()
            .Where(r => r.Type == "Microsoft.Web/sites/config" && r.Names().Contains("appsettings"))
            .SelectMany(r => r.Property("properties").ObjectVariants())];

    /// <summary>Every <c>%Name%</c> in a trigger or binding attribute is an app setting.</summary>
    public static IEnumerable<string> BindingExpressionsAreSettings(ArmScope template, AppBindings app) =>
        ForEachVariant(template, (settings, variant) =>
            from expression in app.SettingExpressions()
            where !settings.ContainsKey(expression.Setting)
            select $"{variant}: %{expression.Setting}% ({expression.Binding.FunctionName} {expression.Binding.AttributeName}) is not an app setting");

    /// <summary>Every storage connection is identity-based and none is a connection string.</summary>
    public static IEnumerable<string> ConnectionsAreIdentityBased(ArmScope template, AppBindings app) =>
        ForEachVariant(template, (settings, variant) => app.Connections().SelectMany(connection =>
        {
            var problems = IdentityConnectionSuffixes
                .Where(suffix => !settings.ContainsKey($"{connection}__{suffix}"))
                .Select(suffix => $"{variant}: connection {connection} lacks {connection}__{suffix}")
                .ToList();
            if (settings.ContainsKey(connection))
            {
                problems.Add($"{variant}: {connection} is set as a connection string; use {connection}__blobServiceUri etc.");
            }

            if (settings.TryGetValue($"{connection}__credential", out var credential)
                && credential.StringValues() is not ["managedidentity"])
            {
                problems.Add($"{variant}: {connection}__credential must be 'managedidentity'");
            }

            return problems;
        }));

    /// <summary>Every container, table and queue the app uses (StorageNames and binding paths) is created.</summary>
    public static IEnumerable<string> StorageIsCreated(ArmScope template, AppBindings app)
    {
        var created = ResourceNames(template, "Microsoft.Storage/storageAccounts/blobServices/containers")
            .Select(name => ("container", name))
            .Concat(ResourceNames(template, "Microsoft.Storage/storageAccounts/tableServices/tables").Select(name => ("table", name)))
            .Concat(ResourceNames(template, "Microsoft.Storage/storageAccounts/queueServices/queues").Select(name => ("queue", name)))
            .ToHashSet();

        var needed = app.Containers.Select(name => ("container", name))
            .Concat(app.Tables.Select(name => ("table", name)))
            .Concat(app.Queues.Select(name => ("queue", name)));
        foreach (var binding in app.Bindings)
        {
            if (binding.String("BlobPath") is { } path && !path.Contains('%', StringComparison.Ordinal))
            {
                needed = needed.Append(("container", path.Split('/')[0]));
            }

            if (binding.String("QueueName") is { } queue && !queue.Contains('%', StringComparison.Ordinal))
            {
                needed = needed.Append(("queue", queue));
                if (binding.AttributeName == "QueueTriggerAttribute")
                {
                    // The host moves a message here after maxDequeueCount failures; it must exist to be watched.
                    needed = needed.Append(("queue", queue + "-poison"));
                }
            }
        }

        return needed.Distinct().Where(item => !created.Contains(item))
            .Select(item => $"{item.Item1} '{item.Item2}' is used by the app but not created by the template");
    }

    /// <summary>[Required] options properties without a usable default are provided as Section__Property settings.</summary>
    public static IEnumerable<string> RequiredOptionsAreSet(ArmScope template, AppBindings app) =>
        ForEachVariant(template, (settings, variant) =>
            from options in app.Options
            from property in AppBindings.RequiredWithoutDefault(options)
            let setting = $"{options.SectionName}__{property.Name}"
            where !settings.ContainsKey(setting)
            select $"{variant}: {options.Type.Name}.{property.Name} is [Required] with no default, but {setting} is not set");

    /// <summary>
    /// Each options class, bound from the settings as deployed, passes its own validation (attributes and
    /// IValidatableObject). Values known only at deployment get a placeholder and are not judged themselves.
    /// </summary>
    public static IEnumerable<string> OptionsValidate(ArmScope template, AppBindings app) =>
        ForEachVariant(template, (settings, variant) => app.Options.SelectMany(options => Validate(options, settings)
            .Select(message => $"{variant}: {options.SectionName}: {message}")));

    /// <summary>No app setting holds a key, password, SAS or connection string; secret-named ones are Key Vault references.</summary>
    public static IEnumerable<string> NoSecretInSettings(ArmScope template) =>
        ForEachVariant(template, (settings, variant) =>
            from setting in settings
            let problem = SecretProblem(setting.Key, setting.Value, isOutput: false)
            where problem is not null
            select $"{variant}: app setting {setting.Key} {problem}");

    /// <summary>No output of the template or of any module carries a secret.</summary>
    public static IEnumerable<string> NoSecretInOutputs(ArmScope template) =>
        from scope in template.Scopes()
        from output in scope.Outputs()
        let problem = SecretProblem(output.Key, new ArmValue(ArmExpression.FromJson(output.Value?["value"]), scope), isOutput: true)
        where problem is not null
        select $"{scope.Path}: output {output.Key} {problem}";

    /// <summary>Storage accepts Entra ID only, TLS 1.2+, HTTPS only, no anonymous blob access.</summary>
    public static IEnumerable<string> StorageIsLockedDown(ArmScope template) =>
        RequireEach(template, "Microsoft.Storage/storageAccounts",
            ("properties.allowSharedKeyAccess", v => v.AsBool() == false, "must be false"),
            ("properties.allowBlobPublicAccess", v => v.AsBool() == false, "must be false"),
            ("properties.supportsHttpsTrafficOnly", v => v.AsBool() == true, "must be true"),
            ("properties.minimumTlsVersion", v => v.StringValues() is ["TLS1_2" or "TLS1_3"], "must be TLS1_2 or newer"));

    /// <summary>Language, Application Insights and Communication Services accept Entra ID only; Key Vault uses RBAC.</summary>
    public static IEnumerable<string> LocalAuthIsDisabled(ArmScope template) =>
        RequireEach(template, "Microsoft.CognitiveServices/accounts",
                ("properties.disableLocalAuth", v => v.AsBool() == true, "must be true"),
                ("properties.customSubDomainName", v => !v.IsNull, "must be set (Entra tokens need a custom subdomain)"))
            .Concat(RequireEach(template, "Microsoft.Insights/components",
                ("properties.DisableLocalAuth", v => v.AsBool() == true, "must be true")))
            .Concat(RequireEach(template, "Microsoft.Communication/communicationServices",
                ("properties.disableLocalAuth", v => v.AsBool() == true, "must be true")))
            .Concat(RequireEach(template, "Microsoft.KeyVault/vaults",
                ("properties.enableRbacAuthorization", v => v.AsBool() == true, "must be true")));

    /// <summary>The function app runs the project's .NET version, isolated, on Flex Consumption, as a user-assigned identity.</summary>
    public static IEnumerable<string> FunctionAppMatchesProject(ArmScope template, AppBindings app)
    {
        var problems = RequireEach(template, "Microsoft.Web/sites",
            ("kind", v => v.StringValues() is [string kind] && kind.Contains("functionapp", StringComparison.Ordinal), "must be a function app"),
            ("identity.type", v => v.StringValues() is ["UserAssigned"], "must be UserAssigned"),
            ("properties.keyVaultReferenceIdentity", v => !v.IsNull, "must name the identity that resolves Key Vault references"),
            ("properties.functionAppConfig.runtime.name", v => v.StringValues() is ["dotnet-isolated"], "must be dotnet-isolated"),
            ("properties.functionAppConfig.runtime.version", v => v.StringValues() is [string version] && version == app.DotnetVersion, $"must be {app.DotnetVersion} (the project's target framework)"),
            ("properties.functionAppConfig.deployment.storage.authentication.type", v => v.StringValues() is ["UserAssignedIdentity"], "must be UserAssignedIdentity"),
            ("properties.functionAppConfig.scaleAndConcurrency.instanceMemoryMB", v => !v.IsNull, "must be set"),
            ("properties.functionAppConfig.scaleAndConcurrency.maximumInstanceCount", v => !v.IsNull, "must be set"),
            ("tags", v => v.ObjectVariants().All(tags => tags.ContainsKey("azd-service-name")), "must carry azd-service-name"))
            .Concat(RequireEach(template, "Microsoft.Web/serverfarms",
                ("sku.name", v => v.StringValues() is ["FC1"], "must be FC1 (Flex Consumption)")));

        return problems.Concat(ForEachVariant(template, (settings, variant) =>
            FlexManagedSettings.Where(settings.ContainsKey)
                .Select(name => $"{variant}: {name} is managed by Flex Consumption and must not be an app setting")));
    }

    /// <summary>
    /// Every blob trigger uses the Event Grid source, and the Event Grid template subscribes its webhook to BlobCreated
    /// events of its container; the main template creates the storage system topic.
    /// </summary>
    public static IEnumerable<string> EventGridReachesBlobTriggers(ArmScope template, ArmScope eventGrid, AppBindings app)
    {
        if (!template.Resources().Any(r => r.Type == "Microsoft.EventGrid/systemTopics"
            && r.Property("properties.topicType").StringValues() is ["Microsoft.Storage.StorageAccounts"]))
        {
            yield return "no Event Grid system topic on the storage account";
        }

        var subscriptions = eventGrid.Resources()
            .Where(r => r.Type == "Microsoft.EventGrid/systemTopics/eventSubscriptions").ToList();
        foreach (var trigger in app.Bindings.Where(b => b.AttributeName == "BlobTriggerAttribute"))
        {
            if (trigger.Properties.GetValueOrDefault("Source")?.ToString() != "EventGrid")
            {
                yield return $"{trigger.FunctionName}: BlobTrigger Source must be EventGrid (the only blob source on Flex Consumption)";
            }

            var container = (trigger.String("BlobPath") ?? "").Split('/')[0];
            var webhook = $"/runtime/webhooks/blobs?functionName=Host.Functions.{trigger.FunctionName}&code=";
            var delivers = subscriptions.Any(s =>
                s.Property("properties.filter.includedEventTypes").ExpandedText().Contains("Microsoft.Storage.BlobCreated", StringComparison.Ordinal)
                && s.Property("properties.filter.subjectBeginsWith").StringValues().Contains($"/blobServices/default/containers/{container}/")
                && s.Property("properties.destination.properties.endpointUrl").Render().Contains(webhook, StringComparison.Ordinal));
            if (!delivers)
            {
                yield return $"{trigger.FunctionName}: no Event Grid subscription delivers BlobCreated in '{container}' to {webhook}<key>";
            }
        }
    }

    private static IEnumerable<string> ForEachVariant(
        ArmScope template, Func<IReadOnlyDictionary<string, ArmValue>, string, IEnumerable<string>> check)
    {
        var variants = AppSettingVariants(template);
        if (variants.Count == 0)
        {
            return ["no function app settings (Microsoft.Web/sites/config 'appsettings') in the template"];
        }

        return variants.SelectMany((settings, index) => check(settings, Describe(settings, index, variants.Count)));
    }

    private static string Describe(IReadOnlyDictionary<string, ArmValue> settings, int index, int count)
    {
        var transport = settings.TryGetValue("Email__Transport", out var value) && value.StringValues() is [string literal]
            ? $", Email__Transport={literal}"
            : "";
        return $"settings variant {index + 1}/{count}{transport}";
    }

    private static IEnumerable<string> RequireEach(
        ArmScope template, string type, params (string Path, Func<ArmValue, bool> Holds, string Rule)[] rules)
    {
        var resources = template.Resources().Where(r => r.Type == type).ToList();
        if (resources.Count == 0)
        {
            return [$"no {type} in the template"];
        }

        return from resource in resources
               from rule in rules
               where !rule.Holds(resource.Property(rule.Path))
               select $"{resource.Scope.Path}: {type} {rule.Path} {rule.Rule}";
    }

    private static IEnumerable<string> ResourceNames(ArmScope template, string type) =>
        template.Resources().Where(r => r.Type == type).SelectMany(r => r.Names());

    private static string? SecretProblem(string name, ArmValue value, bool isOutput)
    {
        var text = value.ExpandedText();
        var isReference = value.KnownPrefix()?.StartsWith(KeyVaultReferencePrefix, StringComparison.Ordinal) == true;
        if (SecretValue().Match(text) is { Success: true } match)
        {
            return $"looks like a secret ({match.Value})";
        }

        if (isOutput && OutputSecretValue().Match(text) is { Success: true } outputMatch)
        {
            return $"looks like a secret ({outputMatch.Value})";
        }

        var normalized = name.Replace("_", "", StringComparison.Ordinal).ToUpperInvariant();
        var secretName = normalized.EndsWith("KEY", StringComparison.Ordinal)
            || normalized.EndsWith("PASSWORD", StringComparison.Ordinal)
            || normalized.EndsWith("SECRET", StringComparison.Ordinal)
            || normalized.EndsWith("CONNECTIONSTRING", StringComparison.Ordinal)
            || normalized.EndsWith("SASTOKEN", StringComparison.Ordinal);
        if (secretName && !isReference && !NotSecretByDesign.Contains(name, StringComparer.Ordinal))
        {
            return isOutput ? "is named like a secret" : "is named like a secret but is not a Key Vault reference";
        }

        return null;
    }

    private static IEnumerable<string> Validate(OptionsSection options, IReadOnlyDictionary<string, ArmValue> settings)
    {
        var prefix = options.SectionName + "__";
        var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        var placeholders = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in settings.Where(s => s.Key.StartsWith(prefix, StringComparison.Ordinal)))
        {
            var path = name[prefix.Length..].Split("__");
            var key = options.SectionName + ":" + string.Join(':', path);
            if (value.StringValues() is [string literal])
            {
                values[key] = literal;
            }
            else
            {
                values[key] = Placeholder(options.Type.GetProperty(path[0], BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase));
                placeholders.Add(path[0]);
            }
        }

        var instance = Activator.CreateInstance(options.Type, nonPublic: true)!;
        try
        {
            new ConfigurationBuilder().AddInMemoryCollection(values).Build().GetSection(options.SectionName).Bind(instance);
        }
        catch (InvalidOperationException e)
        {
            return [$"settings do not bind: {e.Message}"];
        }

        var results = new List<ValidationResult>();
        Validator.TryValidateObject(instance, new ValidationContext(instance), results, validateAllProperties: true);
        return results
            .Where(r => !r.MemberNames.Any() || !r.MemberNames.All(placeholders.Contains))
            .Select(r => r.ErrorMessage ?? "invalid");
    }

    internal static string Placeholder(PropertyInfo? property)
    {
        var type = property is null ? typeof(string) : Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
        return type switch
        {
            _ when type == typeof(bool) => "true",
            _ when type == typeof(TimeSpan) => "00:00:01",
            _ when type.IsEnum => Enum.GetNames(type)[0],
            _ when type == typeof(int) || type == typeof(long) || type == typeof(double) || type == typeof(decimal) => "1",
            _ when property?.GetCustomAttribute<EmailAddressAttribute>() is not null => "placeholder@example.com",
            _ => "https://placeholder.example/",
        };
    }

    // Keys, SAS and connection strings by content; ARM list*() calls return keys; a secure parameter's value.
    [GeneratedRegex(@"AccountKey=|SharedAccessSignature|SharedAccessKey|\bsig=|\blist[A-Z]\w*\(|<secure:[^>]*>|\.(primary|secondary)(Master)?Key\b", RegexOptions.IgnoreCase)]
    private static partial Regex SecretValue();

    // Outputs end up in deployment history: no connection string of any kind there, even the non-secret ones.
    [GeneratedRegex(@"\.ConnectionString\b|InstrumentationKey", RegexOptions.IgnoreCase)]
    private static partial Regex OutputSecretValue();
}
