using System.Globalization;
using System.Text.Json.Nodes;

namespace NewsMonitor.Tests.Infrastructure;

/// <summary>
/// One template of a compiled deployment: the root template or a module's nested template, with the parameter values
/// its parent deployment passes in. Evaluates just enough of the ARM expression language to read what the templates
/// declare (setting names, resource names, literal values) without deploying anything.
/// </summary>
internal sealed class ArmScope
{
    private ArmScope(JsonObject template, ArmScope? parent, JsonObject? parameterValues, string path)
    {
        Template = template;
        Parent = parent;
        ParameterValues = parameterValues;
        Path = path;
    }

    public JsonObject Template { get; }

    public ArmScope? Parent { get; }

    /// <summary>The <c>parameters</c> of the deployment resource that runs this template (null for the root).</summary>
    public JsonObject? ParameterValues { get; }

    /// <summary>Where this template sits, e.g. <c>main/functionapp</c>; used in problem messages.</summary>
    public string Path { get; }

    public static ArmScope Root(JsonObject template, string name) => new(template, null, null, name);

    /// <summary>Every resource of this template and of its nested deployments, with the scope it is declared in.</summary>
    public IEnumerable<ArmResource> Resources()
    {
        foreach (var resource in ResourceObjects(Template))
        {
            yield return new ArmResource(resource, this);
            if ((string?)resource["type"] == "Microsoft.Resources/deployments"
                && resource["properties"]?["template"] is JsonObject nested)
            {
                var child = new ArmScope(
                    nested,
                    this,
                    resource["properties"]?["parameters"] as JsonObject,
                    Path + "/" + (string?)resource["name"]);
                foreach (var inner in child.Resources())
                {
                    yield return inner;
                }
            }
        }
    }

    /// <summary>This template and every nested one.</summary>
    public IEnumerable<ArmScope> Scopes()
    {
        yield return this;
        foreach (var resource in Resources())
        {
            if (resource.Type == "Microsoft.Resources/deployments"
                && resource.Json["properties"]?["template"] is JsonObject nested)
            {
                yield return new ArmScope(
                    nested,
                    resource.Scope,
                    resource.Json["properties"]?["parameters"] as JsonObject,
                    resource.Scope.Path + "/" + (string?)resource.Json["name"]);
            }
        }
    }

    public IEnumerable<KeyValuePair<string, JsonNode?>> Outputs() =>
        Template["outputs"] as JsonObject ?? [];

    public bool IsSecureParameter(string name) =>
        ((string?)Template["parameters"]?[name]?["type"])?.StartsWith("secure", StringComparison.OrdinalIgnoreCase) == true;

    /// <summary>A variable's or parameter's value as a node bound to the scope it must be evaluated in.</summary>
    public ArmValue? Resolve(ArmCall call)
    {
        if (call.Arguments is not [ArmString { Value: var name }])
        {
            return null;
        }

        switch (call.Name.ToLowerInvariant())
        {
            case "variables" when Template["variables"] is JsonObject variables && variables.ContainsKey(name):
                return new ArmValue(ArmExpression.FromJson(variables[name]), this);
            case "parameters":
                if (ParameterValues?[name] is JsonObject passed && passed.ContainsKey("value"))
                {
                    return new ArmValue(ArmExpression.FromJson(passed["value"]), Parent!);
                }

                return Template["parameters"]?[name] is JsonObject declared && declared.ContainsKey("defaultValue")
                    ? new ArmValue(ArmExpression.FromJson(declared["defaultValue"]), this)
                    : null;
            default:
                return null;
        }
    }

    private static IEnumerable<JsonObject> ResourceObjects(JsonObject template) => template["resources"] switch
    {
        JsonArray array => array.OfType<JsonObject>(),
        // languageVersion 2.0 templates keep resources in an object keyed by symbolic name.
        JsonObject symbolic => symbolic.Select(pair => pair.Value).OfType<JsonObject>(),
        _ => [],
    };
}

internal sealed record ArmResource(JsonObject Json, ArmScope Scope)
{
    public string Type => (string?)Json["type"] ?? "";

    public ArmValue Property(string path)
    {
        JsonNode? node = Json;
        foreach (var segment in path.Split('.'))
        {
            node = node?[segment];
        }

        return new ArmValue(ArmExpression.FromJson(node), Scope);
    }

    /// <summary>The resource's own name (last segment), for every value a copy loop or condition can give it.</summary>
    public IReadOnlyList<string> Names()
    {
        var name = Property("name");
        // A child's name is format('{0}/{1}', <parent name>, <own name>): the parent's may be known only at deployment.
        if (name.Node is ArmCall { Name: "format" } format && format.Arguments.Count > 1
            && new ArmValue(format.Arguments[0], Scope).StringValues() is [string pattern]
            && pattern.EndsWith($"/{{{format.Arguments.Count - 2}}}", StringComparison.Ordinal))
        {
            name = new ArmValue(format.Arguments[^1], Scope);
        }

        return [.. name.StringValues().OfType<string>().Select(value => value[(value.LastIndexOf('/') + 1)..])];
    }
}

/// <summary>An expression or literal together with the template it belongs to.</summary>
internal sealed record ArmValue(ArmNode Node, ArmScope Scope)
{
    private const int MaxDepth = 32;

    /// <summary>True when the value is JSON null or absent.</summary>
    public bool IsNull => Node is ArmJson { Value: null };

    /// <summary>
    /// The objects this value can be (an object literal, <c>createObject</c>, <c>union</c>, both branches of
    /// <c>if</c>, variables and parameters): one dictionary per combination of branches.
    /// </summary>
    public IReadOnlyList<IReadOnlyDictionary<string, ArmValue>> ObjectVariants() => ObjectVariants(0);

    /// <summary>Every literal string this value can be; null stands for a value only known at deployment.</summary>
    public IReadOnlyList<string?> StringValues() => StringValues(0);

    /// <summary>The literal this value starts with, when known (e.g. the format string of <c>format(...)</c>).</summary>
    public string? KnownPrefix() => KnownPrefix(0);

    /// <summary>
    /// The expression text with variables and parameters replaced by what they stand for; a secure parameter shows
    /// as <c>&lt;secure:name&gt;</c>.
    /// </summary>
    public string ExpandedText() => Expand(Node, 0);

    /// <summary>The string this value will be, with every part known only at deployment shown as <c>{?}</c>.</summary>
    public string Render() => Render(0);

    public bool? AsBool() => Node is ArmJson { Value: JsonValue value } && value.TryGetValue<bool>(out var b)
        ? b
        : Node is ArmCall { Name: "true" or "false", Arguments.Count: 0 } call
            ? call.Name == "true"
            : Node is ArmCall resolvable && Scope.Resolve(resolvable) is { } resolved ? resolved.AsBool() : null;

    private IReadOnlyList<IReadOnlyDictionary<string, ArmValue>> ObjectVariants(int depth)
    {
        Guard(depth);
        switch (Node)
        {
            case ArmJson { Value: JsonObject json }:
                return [json.ToDictionary(pair => pair.Key, pair => new ArmValue(ArmExpression.FromJson(pair.Value), Scope), StringComparer.Ordinal)];
            case ArmCall { Name: "createObject" } call:
                var created = new Dictionary<string, ArmValue>(StringComparer.Ordinal);
                for (var i = 0; i + 1 < call.Arguments.Count; i += 2)
                {
                    var key = With(call.Arguments[i]).StringValues(depth + 1) is [string literal]
                        ? literal
                        : throw new NotSupportedException($"{Scope.Path}: computed setting name {call.Arguments[i]}");
                    created[key] = With(call.Arguments[i + 1]);
                }

                return [created];
            case ArmCall { Name: "union" } call:
                IReadOnlyList<IReadOnlyDictionary<string, ArmValue>> merged = [new Dictionary<string, ArmValue>(StringComparer.Ordinal)];
                foreach (var argument in call.Arguments)
                {
                    var variants = With(argument).ObjectVariants(depth + 1);
                    merged = [.. merged.SelectMany(left => variants.Select(right => Merge(left, right)))];
                }

                return merged;
            case ArmCall { Name: "if", Arguments.Count: 3 } call:
                return [.. With(call.Arguments[1]).ObjectVariants(depth + 1), .. With(call.Arguments[2]).ObjectVariants(depth + 1)];
            case ArmCall call when Scope.Resolve(call) is { } resolved:
                return resolved.ObjectVariants(depth + 1);
            default:
                throw new NotSupportedException($"{Scope.Path}: cannot list the properties of {Node}");
        }
    }

    private IReadOnlyList<IReadOnlyDictionary<string, ArmValue>> TryObjectVariants(int depth)
    {
        try
        {
            return ObjectVariants(depth);
        }
        catch (NotSupportedException)
        {
            return [];
        }
    }

    private IReadOnlyList<string?> StringValues(int depth)
    {
        Guard(depth);
        switch (Node)
        {
            case ArmString literal:
                return [literal.Value];
            case ArmNumber number:
                return [number.Value.ToString(CultureInfo.InvariantCulture)];
            case ArmCall { Name: "if", Arguments.Count: 3 } call:
                return [.. With(call.Arguments[1]).StringValues(depth + 1), .. With(call.Arguments[2]).StringValues(depth + 1)];
            case ArmCall { Name: "format" } call when call.Arguments.Count > 0:
                IReadOnlyList<string?> formats = With(call.Arguments[0]).StringValues(depth + 1);
                var argumentValues = call.Arguments.Skip(1).Select(a => With(a).StringValues(depth + 1)).ToList();
                return [.. formats.SelectMany(format => Combine(argumentValues).Select(args => FormatOrNull(format, args)))];
            case ArmProperty property:
                return [.. With(property.Target).TryObjectVariants(depth + 1)
                    .SelectMany(variant => variant.TryGetValue(property.Name, out var member) ? member.StringValues(depth + 1) : [null])
                    .DefaultIfEmpty(null)];
            case ArmIndex { Index: ArmCall { Name: "copyIndex" } } index:
                // A copy loop over an array: the resource takes every element's value in turn.
                return [.. With(index.Target).ArrayElements(depth + 1).SelectMany(element => element.StringValues(depth + 1))];
            case ArmCall call when Scope.Resolve(call) is { } resolved:
                return resolved.StringValues(depth + 1);
            default:
                return [null];
        }
    }

    private IEnumerable<ArmValue> ArrayElements(int depth)
    {
        Guard(depth);
        return Node switch
        {
            ArmJson { Value: JsonArray array } => array.Select(item => new ArmValue(ArmExpression.FromJson(item), Scope)),
            ArmCall call when Scope.Resolve(call) is { } resolved => resolved.ArrayElements(depth + 1),
            _ => [new ArmValue(new ArmJson(null), Scope)],
        };
    }

    private string? KnownPrefix(int depth)
    {
        Guard(depth);
        return Node switch
        {
            ArmString literal => literal.Value,
            ArmCall { Name: "format" } call when call.Arguments.Count > 0 => With(call.Arguments[0]).KnownPrefix(depth + 1) is { } format
                ? format.Split('{')[0]
                : null,
            ArmCall { Name: "concat" } call when call.Arguments.Count > 0 => With(call.Arguments[0]).KnownPrefix(depth + 1),
            ArmCall call when Scope.Resolve(call) is { } resolved => resolved.KnownPrefix(depth + 1),
            _ => null,
        };
    }

    private string Expand(ArmNode node, int depth)
    {
        if (depth > MaxDepth)
        {
            return node.ToString();
        }

        return node switch
        {
            ArmCall { Name: "parameters", Arguments: [ArmString { Value: var name }] } when Scope.IsSecureParameter(name) => $"<secure:{name}>",
            ArmCall call when Scope.Resolve(call) is { } resolved => resolved.Expand(resolved.Node, depth + 1),
            ArmCall call => call.Name + "(" + string.Join(", ", call.Arguments.Select(a => Expand(a, depth + 1))) + ")",
            ArmProperty property => Expand(property.Target, depth + 1) + "." + property.Name,
            ArmIndex index => Expand(index.Target, depth + 1) + "[" + Expand(index.Index, depth + 1) + "]",
            ArmJson { Value: JsonObject or JsonArray } json => string.Join(" ", JsonStrings(json.Value!).Select(s => new ArmValue(ArmExpression.FromJson(s), Scope).ExpandedText())),
            _ => node.ToString(),
        };
    }

    private string Render(int depth)
    {
        if (depth > MaxDepth)
        {
            return "{?}";
        }

        return Node switch
        {
            ArmString literal => literal.Value,
            ArmCall { Name: "format" } call when call.Arguments.Count > 0 => string.Format(
                CultureInfo.InvariantCulture,
                With(call.Arguments[0]).Render(depth + 1),
                [.. call.Arguments.Skip(1).Select(a => With(a).Render(depth + 1))]),
            ArmCall { Name: "parameters", Arguments: [ArmString { Value: var name }] } when Scope.IsSecureParameter(name) => "{?}",
            ArmCall call when Scope.Resolve(call) is { } resolved => resolved.Render(depth + 1),
            _ => "{?}",
        };
    }

    private static IEnumerable<JsonNode> JsonStrings(JsonNode node) => node switch
    {
        JsonObject obj => obj.Select(pair => pair.Value).OfType<JsonNode>().SelectMany(JsonStrings),
        JsonArray array => array.OfType<JsonNode>().SelectMany(JsonStrings),
        _ => [node],
    };

    private ArmValue With(ArmNode node) => new(node, Scope);

    private static Dictionary<string, ArmValue> Merge(IReadOnlyDictionary<string, ArmValue> left, IReadOnlyDictionary<string, ArmValue> right)
    {
        var merged = new Dictionary<string, ArmValue>(left, StringComparer.Ordinal);
        foreach (var (key, value) in right)
        {
            merged[key] = value;
        }

        return merged;
    }

    private static IEnumerable<IReadOnlyList<string?>> Combine(List<IReadOnlyList<string?>> options)
    {
        IEnumerable<IReadOnlyList<string?>> combinations = [[]];
        foreach (var values in options)
        {
            combinations = combinations.SelectMany(prefix => values.Select(value => (IReadOnlyList<string?>)[.. prefix, value]));
        }

        return combinations;
    }

    private static string? FormatOrNull(string? format, IReadOnlyList<string?> arguments) =>
        format is null || arguments.Any(a => a is null)
            ? null
            : string.Format(CultureInfo.InvariantCulture, format, [.. arguments]);

    private void Guard(int depth)
    {
        if (depth > MaxDepth)
        {
            throw new NotSupportedException($"{Scope.Path}: expression nests too deeply: {Node}");
        }
    }
}
