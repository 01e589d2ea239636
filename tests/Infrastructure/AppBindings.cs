using System.ComponentModel.DataAnnotations;
using System.Reflection;
using System.Runtime.Versioning;
using System.Text.RegularExpressions;
using NewsMonitor.Storage;

namespace NewsMonitor.Tests.Infrastructure;

/// <summary>One binding attribute on a function: its attribute type name and its string properties.</summary>
internal sealed record FunctionBinding(string FunctionName, string AttributeName, IReadOnlyDictionary<string, object?> Properties)
{
    public string? String(string property) => Properties.GetValueOrDefault(property) as string;
}

/// <summary>An options class: the configuration section it binds and its type.</summary>
internal sealed record OptionsSection(string SectionName, Type Type);

/// <summary>What the app's code expects from its configuration, read by reflection over NewsMonitor.Functions.</summary>
internal sealed partial class AppBindings
{
    /// <summary>The connection a storage binding uses when its <c>Connection</c> is not set.</summary>
    public const string DefaultConnection = "AzureWebJobsStorage";

    public required IReadOnlyList<FunctionBinding> Bindings { get; init; }

    public required IReadOnlyList<OptionsSection> Options { get; init; }

    public required IReadOnlyList<string> Containers { get; init; }

    public required IReadOnlyList<string> Tables { get; init; }

    public required IReadOnlyList<string> Queues { get; init; }

    /// <summary>The .NET version the app targets, as Flex Consumption spells it ("10.0").</summary>
    public required string DotnetVersion { get; init; }

    public static AppBindings FromAssembly(Assembly assembly) => new()
    {
        Bindings = [.. ReadBindings(assembly)],
        Options = [.. ReadOptions(assembly)],
        Containers = StorageNames.Containers,
        Tables = StorageNames.Tables,
        Queues = StorageNames.Queues,
        DotnetVersion = ReadDotnetVersion(assembly),
    };

    public static AppBindings ForApp() => FromAssembly(typeof(StorageNames).Assembly);

    /// <summary>Every <c>%Name%</c> app-setting expression in a binding attribute.</summary>
    public IEnumerable<(FunctionBinding Binding, string Setting)> SettingExpressions() =>
        from binding in Bindings
        from value in binding.Properties.Values.OfType<string>()
        from Match match in SettingExpression().Matches(value)
        select (binding, match.Groups[1].Value);

    /// <summary>Every storage connection name a binding uses (the host's own is always AzureWebJobsStorage).</summary>
    public IEnumerable<string> Connections() =>
        Bindings.Where(b => b.Properties.ContainsKey("Connection"))
            .Select(b => string.IsNullOrEmpty(b.String("Connection")) ? DefaultConnection : b.String("Connection")!)
            .Append(DefaultConnection)
            .Distinct(StringComparer.Ordinal);

    /// <summary>
    /// [Required] properties whose default (a new instance) leaves them unset: the deployment must provide them.
    /// </summary>
    public static IEnumerable<PropertyInfo> RequiredWithoutDefault(OptionsSection options)
    {
        var defaults = Activator.CreateInstance(options.Type, nonPublic: true);
        return options.Type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.GetCustomAttribute<RequiredAttribute>() is not null)
            .Where(p => p.GetValue(defaults) switch
            {
                null => true,
                string s => string.IsNullOrWhiteSpace(s),
                System.Collections.ICollection c => c.Count == 0,
                _ => false,
            });
    }

    private static IEnumerable<FunctionBinding> ReadBindings(Assembly assembly)
    {
        foreach (var method in assembly.GetTypes().SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly)))
        {
            var function = method.GetCustomAttributes().FirstOrDefault(a => a.GetType().Name == "FunctionAttribute");
            if (function is null)
            {
                continue;
            }

            var functionName = (string?)function.GetType().GetProperty("Name")?.GetValue(function) ?? method.Name;
            var attributes = method.GetParameters().SelectMany(p => p.GetCustomAttributes())
                .Concat(method.GetCustomAttributes())
                .Concat(method.ReturnParameter.GetCustomAttributes())
                .Where(IsBindingAttribute);
            foreach (var attribute in attributes)
            {
                var properties = attribute.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance)
                    .Where(p => p.GetIndexParameters().Length == 0 && p.Name != "TypeId")
                    .ToDictionary(p => p.Name, p => p.GetValue(attribute), StringComparer.Ordinal);
                yield return new FunctionBinding(functionName, attribute.GetType().Name, properties);
            }
        }
    }

    private static bool IsBindingAttribute(Attribute attribute)
    {
        for (var type = attribute.GetType(); type is not null; type = type.BaseType)
        {
            if (type.FullName == "Microsoft.Azure.Functions.Worker.Extensions.Abstractions.BindingAttribute")
            {
                return true;
            }
        }

        return false;
    }

    private static IEnumerable<OptionsSection> ReadOptions(Assembly assembly) =>
        from type in assembly.GetTypes()
        let field = type.GetField("SectionName", BindingFlags.Public | BindingFlags.Static)
        where field is { IsLiteral: true } && field.FieldType == typeof(string) && !type.IsAbstract
        select new OptionsSection((string)field.GetRawConstantValue()!, type);

    private static string ReadDotnetVersion(Assembly assembly)
    {
        // ".NETCoreApp,Version=v10.0" -> "10.0"
        var framework = assembly.GetCustomAttribute<TargetFrameworkAttribute>()?.FrameworkName
            ?? throw new InvalidOperationException($"{assembly.GetName().Name} has no TargetFrameworkAttribute.");
        return framework[(framework.LastIndexOf('v') + 1)..];
    }

    [GeneratedRegex("%([^%]+)%")]
    private static partial Regex SettingExpression();
}
