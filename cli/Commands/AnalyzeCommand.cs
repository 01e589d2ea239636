using System.CommandLine;
using Microsoft.Extensions.Options;
using NewsMonitor.Analysis;
using NewsMonitor.Cli.Hosting;

namespace NewsMonitor.Cli.Commands;

/// <summary>
/// <c>newsmon analyze [--analyzer local|azure] FILE|-</c> and <c>newsmon analyze --batch FILE.jsonl</c>:
/// the analysis stage's analyzer on plain text, JSON (or JSON lines) on stdout.
/// </summary>
internal static class AnalyzeCommand
{
    public static Command Create(CommandContext context)
    {
        var input = new Argument<string?>("input")
        {
            Description = "A text file, or '-' for stdin.",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var analyzer = new Option<string>("--analyzer", "-a")
        {
            Description = "local (offline, the default) or azure (Azure AI Language; needs Analysis settings).",
            DefaultValueFactory = _ => "local",
        };
        analyzer.AcceptOnlyFromAmong("local", "azure");
        var batch = new Option<string?>("--batch", "-b")
        {
            Description = "JSON lines file: each line {\"id\", \"text\"}; prints one {\"id\", ...result} line per input line, in order.",
            HelpName = "FILE.jsonl",
        };
        var command = new Command("analyze", "Analyze text: language, sentiment, sentences, entities, key phrases (JSON on stdout).")
        {
            input,
            analyzer,
            batch,
        };
        command.Validators.Add(result =>
        {
            var hasInput = result.GetValue(input) is not null;
            var hasBatch = result.GetValue(batch) is not null;
            if (hasInput == hasBatch)
            {
                result.AddError("give either a text FILE (or '-') or --batch FILE.jsonl.");
            }
        });
        command.SetAction((parseResult, cancellationToken) => RunAsync(
            context,
            parseResult,
            parseResult.GetValue(input),
            parseResult.GetRequiredValue(analyzer),
            parseResult.GetValue(batch),
            cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(
        CommandContext context,
        ParseResult parseResult,
        string? input,
        string analyzerName,
        string? batch,
        CancellationToken cancellationToken)
    {
        var settings = new Dictionary<string, string?> { ["Analysis:Analyzer"] = analyzerName };
        await using var application = await context.StartAsync(parseResult, new NewsmonHostOptions { Settings = settings }, cancellationToken);
        var analyzer = application.Get<ITextAnalyzerSelector>().Get(analyzerName);
        var output = context.Console.Output;
        try
        {
            if (batch is not null)
            {
                using var lines = new StreamReader(CommandContext.OpenInput(batch));
                var chunkSize = application.Get<IOptions<AnalysisOptions>>().Value.BatchChunkSize;
                await AnalyzeCommandIo.RunBatchAsync(lines, output, analyzer, chunkSize, cancellationToken: cancellationToken);
                return ExitCodes.Success;
            }

            using var reader = new StreamReader(CommandContext.OpenInput(input!));
            var text = await reader.ReadToEndAsync(cancellationToken);
            if (string.IsNullOrWhiteSpace(text))
            {
                throw new CliInputException($"'{input}' holds no text to analyze.");
            }

            var result = await analyzer.AnalyzeAsync(text, cancellationToken: cancellationToken);
            await output.WriteLineAsync(AnalyzeCommandIo.FormatResult(result));
            return ExitCodes.Success;
        }
        catch (InvalidDataException exception)
        {
            throw new CliInputException($"'{batch ?? input}': {exception.Message}", exception);
        }
    }
}
