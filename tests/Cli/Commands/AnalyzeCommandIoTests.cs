using System.Text.Json.Nodes;
using Moq;
using NewsMonitor.Analysis;
using NewsMonitor.Analysis.Local;
using NewsMonitor.Cli.Commands;

namespace NewsMonitor.Tests.Cli.Commands;

public sealed class AnalyzeCommandIoTests
{
    private readonly Mock<ITextAnalyzer> _analyzer = new();

    public AnalyzeCommandIoTests() =>
        _analyzer
            .Setup(a => a.AnalyzeBatchAsync(It.IsAny<IReadOnlyList<string>>(), It.IsAny<string?>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync((IReadOnlyList<string> texts, string? _, CancellationToken _) => [.. texts.Select(Result)]);

    [Fact]
    public async Task RunBatchAsync_Lines_OneOutputLinePerInputInOrderWithIdFirst()
    {
        var input = new StringReader("{\"id\":\"a\",\"text\":\"first\"}\n\n{\"id\":2,\"text\":\"second\"}\n{\"id\":\"c\",\"text\":\"third\"}\n");
        var output = new StringWriter();

        var count = await AnalyzeCommandIo.RunBatchAsync(input, output, _analyzer.Object, chunkSize: 2);

        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, count);
        Assert.Equal(3, lines.Length);
        var parsed = lines.Select(l => JsonNode.Parse(l)!.AsObject()).ToList();
        Assert.Equal(["\"a\"", "2", "\"c\""], parsed.Select(p => p["id"]!.ToJsonString()));
        Assert.Equal(["first", "second", "third"], parsed.Select(p => p["keyPhrases"]![0]!.GetValue<string>()));
        Assert.All(parsed, p => Assert.Equal("id", p.First().Key));
        Assert.All(parsed, p => Assert.Equal("negative", p["sentiment"]!["label"]!.GetValue<string>()));
        _analyzer.Verify(a => a.AnalyzeBatchAsync(It.IsAny<IReadOnlyList<string>>(), It.IsAny<string?>(), It.IsAny<CancellationToken>()), Times.Exactly(2));
    }

    [Theory]
    [InlineData("{\"id\":\"a\",\"text\":\"ok\"}\n{not json}\n", 2, "not valid JSON")]
    [InlineData("{\"id\":\"a\",\"text\":\"ok\"}\n{\"id\":\"b\",\"text\":\"ok\"}\n[1,2]\n", 3, "expected a JSON object")]
    [InlineData("{\"text\":\"no id\"}\n", 1, "\"id\"")]
    [InlineData("{\"id\":\"a\",\"text\":42}\n", 1, "\"text\"")]
    [InlineData("{\"id\":\"a\"}\n", 1, "\"text\"")]
    public async Task RunBatchAsync_BadLine_ErrorNamesLineAndNothingWritten(string jsonl, int lineNumber, string detail)
    {
        var output = new StringWriter();

        var exception = await Assert.ThrowsAsync<InvalidDataException>(
            () => AnalyzeCommandIo.RunBatchAsync(new StringReader(jsonl), output, _analyzer.Object, chunkSize: 10));

        Assert.StartsWith($"line {lineNumber}:", exception.Message, StringComparison.Ordinal);
        Assert.Contains(detail, exception.Message, StringComparison.Ordinal);
        Assert.Empty(output.ToString());
    }

    [Fact]
    public async Task RunBatchAsync_AnalyzerFailsOnOneText_ErrorLineForItAndResultsForTheRest()
    {
        _analyzer
            .Setup(a => a.AnalyzeBatchAsync(It.IsAny<IReadOnlyList<string>>(), It.IsAny<string?>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new InvalidOperationException("analyzer bug"));
        _analyzer
            .Setup(a => a.AnalyzeAsync(It.IsAny<string>(), It.IsAny<string?>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync((string text, string? _, CancellationToken _) => text == "bad" ? throw new InvalidOperationException("analyzer bug") : Result(text));
        var input = new StringReader("{\"id\":\"a\",\"text\":\"first\"}\n{\"id\":\"b\",\"text\":\"bad\"}\n{\"id\":\"c\",\"text\":\"third\"}\n");
        var output = new StringWriter();

        var count = await AnalyzeCommandIo.RunBatchAsync(input, output, _analyzer.Object, chunkSize: 10);

        var parsed = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonNode.Parse(l)!.AsObject()).ToList();
        Assert.Equal(3, count);
        Assert.Equal(["a", "b", "c"], parsed.Select(p => p["id"]!.GetValue<string>()));
        Assert.Equal("first", parsed[0]["keyPhrases"]![0]!.GetValue<string>());
        Assert.Equal(AnalyzeCommandIo.AnalysisFailedCode, parsed[1]["error"]!["code"]!.GetValue<string>());
        Assert.Contains("InvalidOperationException", parsed[1]["error"]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Null(parsed[1]["sentiment"]);
        Assert.Equal("third", parsed[2]["keyPhrases"]![0]!.GetValue<string>());
    }

    [Fact]
    public async Task RunBatchAsync_LocalAnalyzerOnTextThatOnceCrashedIt_AnswersEveryLine()
    {
        var input = new StringReader("{\"id\":1,\"text\":\". Hello there.\"}\n{\"id\":2,\"text\":\"Paris is lovely.\"}\n");
        var output = new StringWriter();

        await AnalyzeCommandIo.RunBatchAsync(input, output, new LocalTextAnalyzer(LocalAnalyzerResources.Default), chunkSize: 50);

        var parsed = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonNode.Parse(l)!.AsObject()).ToList();
        Assert.Equal(2, parsed.Count);
        Assert.All(parsed, p => Assert.Null(p["error"]));
        Assert.NotNull(parsed[0]["sentiment"]);
    }

    [Fact]
    public void FormatResult_Analysis_HasContractShape()
    {
        var analysis = Result("Taliban") with
        {
            Sentences = [new SentenceSentiment("Taliban.", 0, 8, "negative", 0.1, 0.2, 0.7)],
            Entities = [new RecognizedEntity("Taliban", "Organization", null, 0, 7, 0.9)],
        };

        var json = JsonNode.Parse(AnalyzeCommandIo.FormatResult(analysis))!.AsObject();

        Assert.Equal("en", json["language"]!.GetValue<string>());
        Assert.Equal(["label", "positive", "neutral", "negative"], json["sentiment"]!.AsObject().Select(p => p.Key));
        Assert.Equal("negative", json["sentences"]![0]!["sentiment"]!.GetValue<string>());
        Assert.Equal(
            ["text", "category", "subcategory", "offset", "length", "confidence", "type", "tags"],
            json["entities"]![0]!.AsObject().Select(p => p.Key));
        // The same fields as Azure AI Language's entities: the finest type and the coarser tags.
        Assert.Equal("Organization", json["entities"]![0]!["type"]!.GetValue<string>());
        Assert.Equal("Organization", json["entities"]![0]!["tags"]![0]!.GetValue<string>());
        Assert.Equal("Taliban", json["keyPhrases"]![0]!.GetValue<string>());
    }

    private static TextAnalysis Result(string text) => new()
    {
        Language = "en",
        Sentiment = new SentimentScores("negative", 0.1, 0.2, 0.7),
        KeyPhrases = [text],
        Analyzer = AnalyzerNames.Local,
    };
}
