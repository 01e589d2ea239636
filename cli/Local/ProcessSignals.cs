using System.Runtime.InteropServices;

namespace NewsMonitor.Cli.Local;

/// <summary>Signals to another process on Unix: .NET can only SIGKILL one (<see cref="System.Diagnostics.Process.Kill()"/>).</summary>
internal static class ProcessSignals
{
    private const int SigTerm = 15;

    /// <summary>Sends SIGTERM, the polite request to stop that Node and .NET both handle.</summary>
    /// <returns>False when the signal could not be sent (no such process, or on Windows).</returns>
    public static bool Terminate(int processId) => !OperatingSystem.IsWindows() && kill(processId, SigTerm) == 0;

    [DllImport("libc", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int kill(int pid, int sig);
}
