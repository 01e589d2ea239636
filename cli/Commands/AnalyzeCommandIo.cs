using System.Text.Json;
using System.Text.Json.Nodes;
using NewsMonitor.Analysis;

namespace NewsMonitor.Cli.Commands;

/// <summary>One line of <c>newsmon analyze --batch</c> input: <c>{"id", "text"}</c>; the id is echoed as given.</summary>
internal sealed record AnalyzeBatchInput(int LineNumber, JsonNode Id, string Text);

/// <summary>
/// Input and output of <c>newsmon analyze</c> (docs/cli.md): one result as a JSON document, or
/// JSON lines in (<c>{"id", "text"}</c>) and out (<c>{"id", ...result}</c>), in input order. Bad input is an
/// <see cref="InvalidDataException"/> whose message names the line (exit code 1 in the CLI); nothing is written for
/// a batch with a bad line, because every line is read and checked before the first is analyzed. A line whose text
/// the analyzer fails on is answered with <c>{"id", "error": {"code", "message"}}</c> and the batch goes on.
/// </summary>
internal static class AnalyzeCommandIo
{
    /// <summary>The error code of a batch line whose text the analyzer failed on.</summary>
    public const string AnalysisFailedCode = "AnalysisFailed";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private static readonly JsonSerializerOptions JsonIndented = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    /// <summary>The single-document output: the result, indented.</summary>
    public static string FormatResult(TextAnalysis analysis) => JsonSerializer.Serialize(analysis, JsonIndented);

    /// <summary>One output line: <c>{"id": ..., "language": ..., ...}</c>, id first.</summary>
    public static string FormatBatchLine(JsonNode id, TextAnalysis analysis)
    {
        var result = JsonSerializer.SerializeToNode(analysis, Json)!.AsObject();
        var line = new JsonObject { ["id"] = id.DeepClone() };
        foreach (var (name, value) in result.ToList())
        {
            result.Remove(name);
            line[name] = value;
        }

        return line.ToJsonString(Json);
    }

    /// <summary>Reads and checks every line; blank lines are skipped. Throws <see cref="InvalidDataException"/> naming the bad line.</summary>
    public static async Task<IReadOnlyList<AnalyzeBatchInput>> ReadBatchAsync(TextReader input, CancellationToken cancellationToken = default)
    {
        var inputs = new List<AnalyzeBatchInput>();
        var lineNumber = 0;
        while (await input.ReadLineAsync(cancellationToken) is { } line)
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            inputs.Add(ParseLine(lineNumber, line));
        }

        return inputs;
    }

    /// <summary>Analyzes the JSON lines of <paramref name="input"/> in chunks and writes one line per input line, in order.</summary>
    /// <returns>The number of texts analyzed.</returns>
    public static async Task<int> RunBatchAsync(
        TextReader input,
        TextWriter output,
        ITextAnalyzer analyzer,
        int chunkSize,
        string? languageHint = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(chunkSize, 1);
        var inputs = await ReadBatchAsync(input, cancellationToken);
        foreach (var chunk in inputs.Chunk(chunkSize))
        {
            var lines = await AnalyzeChunkAsync(chunk, analyzer, languageHint, cancellationToken);
            foreach (var line in lines)
            {
                await output.WriteLineAsync(line.AsMemory(), cancellationToken);
            }

            await output.FlushAsync(cancellationToken);
        }

        return inputs.Count;
    }

    /// <summary>One error line: <c>{"id": ..., "error": {"code": "AnalysisFailed", "message": ...}}</c>.</summary>
    public static string FormatErrorLine(JsonNode id, Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var line = new JsonObject
        {
            ["id"] = id.DeepClone(),
            ["error"] = new JsonObject { ["code"] = AnalysisFailedCode, ["message"] = $"{exception.GetType().Name}: {exception.Message}" },
        };
        return line.ToJsonString(Json);
    }

    private static async Task<List<string>> AnalyzeChunkAsync(
        AnalyzeBatchInput[] chunk,
        ITextAnalyzer analyzer,
        string? languageHint,
        CancellationToken cancellationToken)
    {
        try
        {
            var results = await analyzer.AnalyzeBatchAsync([.. chunk.Select(i => i.Text)], languageHint, cancellationToken)
                ;
            return [.. chunk.Select((input, i) => FormatBatchLine(input.Id, results[i]))];
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // One text the analyzer cannot handle must not cost the other lines their answers: retry one by one so
            // only the failing lines become error lines.
            var lines = new List<string>(chunk.Length);
            foreach (var input in chunk)
            {
                lines.Add(await AnalyzeOneAsync(input, analyzer, languageHint, cancellationToken));
            }

            return lines;
        }
    }

    private static async Task<string> AnalyzeOneAsync(
        AnalyzeBatchInput input,
        ITextAnalyzer analyzer,
        string? languageHint,
        CancellationToken cancellationToken)
    {
        try
        {
            var result = await analyzer.AnalyzeAsync(input.Text, languageHint, cancellationToken);
            return FormatBatchLine(input.Id, result);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            return FormatErrorLine(input.Id, exception);
        }
    }

    private static AnalyzeBatchInput ParseLine(int lineNumber, string line)
    {
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(line);
        }
        catch (JsonException exception)
        {
            throw new InvalidDataException($"line {lineNumber}: not valid JSON ({exception.Message})", exception);
        }

        if (node is not JsonObject json)
        {
            throw new InvalidDataException($"line {lineNumber}: expected a JSON object {{\"id\", \"text\"}}");
        }

        if (json["id"] is not JsonValue id)
        {
            throw new InvalidDataException($"line {lineNumber}: \"id\" is missing or not a string or number");
        }

        if (json["text"] is not JsonValue text || !text.TryGetValue<string>(out var value))
        {
            throw new InvalidDataException($"line {lineNumber}: \"text\" is missing or not a string");
        }

        return new AnalyzeBatchInput(lineNumber, id, value);
    }
}
