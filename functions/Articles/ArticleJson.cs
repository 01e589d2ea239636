using System.Text.Json;

namespace NewsMonitor.Articles;

/// <summary>How article blobs are serialized: System.Text.Json web defaults (camelCase), ISO 8601 dates.</summary>
internal static class ArticleJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web);

    public static Article? Deserialize(BinaryData json)
    {
        ArgumentNullException.ThrowIfNull(json);
        return json.ToObjectFromJson<Article>(Options);
    }
}
