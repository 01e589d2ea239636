using Azure;
using Microsoft.Extensions.Options;
using NewsMonitor.Cli.Local;
using NewsMonitor.Feeds;
using NewsMonitor.Feeds.State;

namespace NewsMonitor.Cli;

/// <summary>
/// newsmon's one error boundary: every failure that reaches the top of a command becomes one sentence on stderr
/// (<c>newsmon: what is wrong and what to do</c>) and an exit code, 2 for a command line or configuration that
/// cannot work and 1 for bad input or a failed run. The stack trace is printed only with <c>--verbose</c>.
/// </summary>
internal static class CliErrors
{
    private const string SettingsHint = "fix it with --set, appsettings.json or an environment variable (Section__Key).";

    public static (int ExitCode, string Message) Describe(Exception exception) => exception switch
    {
        CliUsageException usage => (ExitCodes.Usage, usage.Message),
        CliInputException input => (ExitCodes.Failure, input.Message),
        // A catalogue edited by hand into something unusable is bad input, not a crash.
        FeedCatalogException catalog => (ExitCodes.Failure, catalog.Message),
        AzuriteException azurite => (ExitCodes.Failure, azurite.Message),
        OptionsValidationException validation => (ExitCodes.Usage,
            $"invalid settings: {string.Join(" ", validation.Failures.Select(Readable).Distinct(StringComparer.Ordinal))} ({SettingsHint})"),
        // The configuration binder's way of saying a value has the wrong type ("Failed to convert configuration value
        // at 'Spikes:MinCount' to type 'System.Int32'"), for values from appsettings.json or the environment.
        InvalidOperationException { InnerException: FormatException or OverflowException or ArgumentException } binding
            when binding.Message.Contains("configuration value", StringComparison.OrdinalIgnoreCase) =>
            (ExitCodes.Usage, $"{binding.Message.TrimEnd('.')}: {binding.InnerException!.Message} ({SettingsHint})"),
        OperationCanceledException => (ExitCodes.Failure, "cancelled."),
        UnauthorizedAccessException access => (ExitCodes.Failure, $"{access.Message} Check the path and its permissions."),
        IOException io => (ExitCodes.Failure, io.Message),
        RequestFailedException storage => (ExitCodes.Failure,
            $"storage request failed ({storage.Status} {storage.ErrorCode}): {FirstLine(storage.Message)} " +
            "Check AzureWebJobsStorage (or NEWSMON_STORAGE), or leave both unset to use the local Azurite."),
        HttpRequestException http when http.InnerException is System.Net.Sockets.SocketException =>
            (ExitCodes.Failure, $"cannot reach a service: {http.Message}. Is it running, and is the address right?"),
        // Host start validates every options class and reports all failures at once.
        AggregateException aggregate => Combine(aggregate.Flatten().InnerExceptions.Select(Describe).ToList()),
        _ => (ExitCodes.Failure,
            $"unexpected error: {exception.GetType().Name}: {FirstLine(exception.Message)} (run again with -v for details)."),
    };

    /// <summary>
    /// DataAnnotations failures read "DataAnnotation validation failed for 'SpikesOptions' members: 'MinCount' with the
    /// error: 'The field MinCount must be between 1 and 100000.'."; the user needs the setting and the rule.
    /// </summary>
    private static string Readable(string failure)
    {
        var match = System.Text.RegularExpressions.Regex.Match(
            failure, "^DataAnnotation validation failed for '(?<type>\\w+?)(Options)?' members: '(?<member>[^']*)' with the error: '(?<error>.*)'\\.?$");
        if (!match.Success)
        {
            return failure;
        }

        var setting = $"{match.Groups["type"].Value}:{match.Groups["member"].Value}";
        var error = match.Groups["error"].Value.TrimEnd('.') + ".";
        return error.StartsWith(setting, StringComparison.OrdinalIgnoreCase) ? error : $"{setting}: {error}";
    }

    private static (int ExitCode, string Message) Combine(List<(int ExitCode, string Message)> failures) =>
        failures.Count == 0
            ? (ExitCodes.Failure, "unexpected error (run again with -v for details).")
            : (failures.Max(failure => failure.ExitCode), string.Join(" ", failures.Select(failure => failure.Message).Distinct(StringComparer.Ordinal)));

    private static string FirstLine(string text)
    {
        var newline = text.IndexOfAny(['\r', '\n']);
        return newline < 0 ? text : text[..newline];
    }
}
