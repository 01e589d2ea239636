namespace NewsMonitor.Cli;

/// <summary>Exit codes of the command-line contract (docs/cli.md).</summary>
internal static class ExitCodes
{
    public const int Success = 0;

    /// <summary>Bad input (unparseable feed, bad CSV, missing file) or a run that did not reach its goal.</summary>
    public const int Failure = 1;

    /// <summary>Unknown command or option, missing or invalid argument.</summary>
    public const int Usage = 2;
}

/// <summary>
/// An expected failure caused by what the user gave us (a missing file, a feed we cannot parse, a bad CSV):
/// reported on stderr as one clear line, exit code 1, no stack trace.
/// </summary>
internal sealed class CliInputException(string message, Exception? innerException = null)
    : Exception(message, innerException);

/// <summary>
/// A command line or configuration that cannot work (an unknown or ill-typed setting, an option the host cannot
/// honour): reported on stderr as one clear line, exit code 2, no stack trace.
/// </summary>
internal sealed class CliUsageException(string message, Exception? innerException = null)
    : Exception(message, innerException);
