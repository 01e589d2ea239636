using System.ComponentModel;
using System.Reflection;
using NewsMonitor.Storage;

namespace NewsMonitor.Cli.Hosting;

/// <summary>
/// The settings a user may pass with <c>--set</c>: every property of every options class (found by its
/// <c>SectionName</c> constant, so a new options class is covered without a list to keep up to date) and the app
/// settings in <see cref="SettingNames"/>. The configuration binder ignores keys it does not know and only fails
/// on a bad value when the options are first read, deep in a command; checking here turns both into a usage error
/// that names the key.
/// </summary>
internal static class KnownSettings
{
    private static readonly Lazy<Dictionary<string, IReadOnlyDictionary<string, PropertyInfo>>> Sections = new(FindSections);

    /// <summary>The app settings named in <see cref="SettingNames"/> (its <c>Default*</c> constants are values, not names).</summary>
    private static readonly Lazy<HashSet<string>> TopLevelSettings = new(() => typeof(SettingNames)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(field => field.IsLiteral && !field.Name.StartsWith("Default", StringComparison.Ordinal))
        .Select(field => (string)field.GetRawConstantValue()!)
        .ToHashSet(StringComparer.OrdinalIgnoreCase));

    /// <summary>Top-level settings that take children (identity-based storage) or are not ours to check (logging).</summary>
    private static readonly string[] OpenPrefixes = [SettingNames.StorageConnection + ":", "Logging:"];

    /// <summary>Checks one <c>--set</c> pair.</summary>
    /// <returns>Null when the key is known and the value converts to the property's type, else what is wrong.</returns>
    public static string? Check(string key, string? value)
    {
        if (IsTopLevelSetting(key) || OpenPrefixes.Any(prefix => key.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)))
        {
            return null;
        }

        var separator = key.IndexOf(':', StringComparison.Ordinal);
        var sectionName = separator < 0 ? key : key[..separator];
        if (!Sections.Value.TryGetValue(sectionName, out var properties))
        {
            return $"unknown setting '{key}': there is no section '{sectionName}'. Sections: {string.Join(", ", Sections.Value.Keys.Order(StringComparer.Ordinal))}.";
        }

        if (separator < 0)
        {
            return $"--set {key} needs a key inside the section, e.g. {sectionName}:{properties.Keys.Order(StringComparer.Ordinal).First()}=VALUE.";
        }

        var rest = key[(separator + 1)..];
        var propertyName = rest.Split(':')[0];
        if (!properties.TryGetValue(propertyName, out var property))
        {
            var suggestion = Closest(propertyName, properties.Keys);
            return $"unknown setting '{key}'" + (suggestion is null ? "." : $" (did you mean {sectionName}:{suggestion}?).") +
                   $" Keys of {sectionName}: {string.Join(", ", properties.Keys.Order(StringComparer.Ordinal))}.";
        }

        // Deeper keys belong to a collection or nested object: the binder checks those.
        if (rest.Contains(':', StringComparison.Ordinal) || value is null)
        {
            return null;
        }

        var type = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
        if (type == typeof(string) || value.Length == 0 && Nullable.GetUnderlyingType(property.PropertyType) is not null)
        {
            return null;
        }

        try
        {
            TypeDescriptor.GetConverter(type).ConvertFromInvariantString(value);
            return null;
        }
        catch (Exception exception) when (exception is FormatException or NotSupportedException or ArgumentException
                                              or OverflowException || exception.InnerException is FormatException or OverflowException)
        {
            return $"--set {key}={value}: '{value}' is not {Describe(type)}.";
        }
    }

    private static bool IsTopLevelSetting(string key) => TopLevelSettings.Value.Contains(key);

    private static string Describe(Type type) => type switch
    {
        _ when type == typeof(int) || type == typeof(long) => "a whole number",
        _ when type == typeof(double) || type == typeof(decimal) || type == typeof(float) => "a number",
        _ when type == typeof(bool) => "true or false",
        _ when type == typeof(TimeSpan) => "a duration such as 00:05:00 (hh:mm:ss) or 1.00:00:00 (one day)",
        _ when type == typeof(Uri) => "a URL",
        _ when type.IsEnum => "one of " + string.Join(", ", Enum.GetNames(type)),
        _ => "a valid " + type.Name,
    };

    /// <summary>The known key nearest to a misspelt one, when it is near enough to be a likely typo.</summary>
    private static string? Closest(string name, IEnumerable<string> candidates) =>
        candidates
            .Select(candidate => (candidate, distance: Distance(name.ToUpperInvariant(), candidate.ToUpperInvariant())))
            .Where(pair => pair.distance <= Math.Max(2, name.Length / 3))
            .OrderBy(pair => pair.distance)
            .Select(pair => pair.candidate)
            .FirstOrDefault();

    private static int Distance(string a, string b)
    {
        var previous = Enumerable.Range(0, b.Length + 1).ToArray();
        for (var i = 1; i <= a.Length; i++)
        {
            var current = new int[b.Length + 1];
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            }

            previous = current;
        }

        return previous[b.Length];
    }

    private static Dictionary<string, IReadOnlyDictionary<string, PropertyInfo>> FindSections()
    {
        var sections = new Dictionary<string, IReadOnlyDictionary<string, PropertyInfo>>(StringComparer.OrdinalIgnoreCase);
        foreach (var type in typeof(SettingNames).Assembly.GetTypes())
        {
            if (type.GetField("SectionName", BindingFlags.Public | BindingFlags.Static) is not { IsLiteral: true } field)
            {
                continue;
            }

            sections[(string)field.GetRawConstantValue()!] = type
                .GetProperties(BindingFlags.Public | BindingFlags.Instance)
                .Where(property => property.CanWrite || !property.PropertyType.IsValueType && property.PropertyType != typeof(string))
                .ToDictionary(property => property.Name, StringComparer.OrdinalIgnoreCase);
        }

        return sections;
    }
}
