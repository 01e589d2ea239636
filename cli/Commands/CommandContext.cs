using System.CommandLine;
using System.Globalization;
using NewsMonitor.Cli.Hosting;

namespace NewsMonitor.Cli.Commands;

/// <summary>What every command shares: the console and the options every command accepts.</summary>
internal sealed class CommandContext(CliConsole console)
{
    public CliConsole Console { get; } = console;

    public Option<string[]> SetOption { get; } = new("--set")
    {
        Description = "Override a setting, e.g. --set Feeds:AllowLoopback=true (repeatable; wins over appsettings.json and environment).",
        Recursive = true,
        Arity = ArgumentArity.ZeroOrMore,
        AllowMultipleArgumentsPerToken = false,
        HelpName = "KEY=VALUE",
    };

    public Option<bool> VerboseOption { get; } = new("--verbose", "-v")
    {
        Description = "Log the stages' information messages to stderr.",
        Recursive = true,
    };

    public GlobalSettings Global(ParseResult parseResult) =>
        GlobalSettings.From(parseResult.GetValue(SetOption), parseResult.GetValue(VerboseOption));

    public Task<NewsmonHost> StartAsync(ParseResult parseResult, NewsmonHostOptions options, CancellationToken cancellationToken) =>
        NewsmonHost.StartAsync(Console, Global(parseResult), options, cancellationToken);

    /// <summary>
    /// A host for a command that needs storage: the configured account, or Azurite started in <c>.newsmon/azurite</c>
    /// under the current directory (and stopped when the command ends).
    /// </summary>
    public Task<NewsmonHost> StartWithStorageAsync(
        ParseResult parseResult,
        CancellationToken cancellationToken,
        IReadOnlyDictionary<string, string?>? settings = null) =>
        StartAsync(
            parseResult,
            new NewsmonHostOptions
            {
                NeedsStorage = true,
                LocalSecretsFolder = NewsmonHostOptions.LocalFolder,
                Settings = settings ?? new Dictionary<string, string?>(),
            },
            cancellationToken);

    /// <summary>
    /// Adds a range check to a whole-number option. A value that is no number at all is left to the parser, which
    /// reports it as a usage error: reading it here would throw instead.
    /// </summary>
    public static void ValidateRange(Option<int> option, int minimum, int maximum, string message) =>
        option.Validators.Add(result =>
        {
            if (result.Tokens.Any(token => !int.TryParse(token.Value, NumberStyles.Integer, CultureInfo.InvariantCulture, out _)))
            {
                return;
            }

            var value = result.GetValueOrDefault<int>();
            if (value < minimum || value > maximum)
            {
                result.AddError(message);
            }
        });

    /// <summary>Reads a file argument, or stdin for "-"; a missing file is bad input (exit 1).</summary>
    public static Stream OpenInput(string path)
    {
        if (path == "-")
        {
            return System.Console.OpenStandardInput();
        }

        if (Directory.Exists(path))
        {
            throw new CliInputException($"'{path}' is a folder; give a file.");
        }

        try
        {
            return File.OpenRead(path);
        }
        catch (Exception exception) when (exception is FileNotFoundException or DirectoryNotFoundException
                                              or UnauthorizedAccessException or IOException)
        {
            throw new CliInputException($"cannot read '{path}': {exception.Message}", exception);
        }
    }

    /// <summary>Creates an output folder, or says in one sentence why it cannot be one (a file, a read-only place).</summary>
    /// <returns>The folder's full path.</returns>
    public static string EnsureFolder(string path, string optionName)
    {
        var fullPath = Path.GetFullPath(path);
        if (File.Exists(fullPath))
        {
            throw new CliInputException($"{optionName} '{path}' is a file; give a folder (it is created when missing).");
        }

        try
        {
            Directory.CreateDirectory(fullPath);
            return fullPath;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw new CliInputException($"{optionName} '{path}' cannot be used as a folder: {exception.Message}", exception);
        }
    }
}
