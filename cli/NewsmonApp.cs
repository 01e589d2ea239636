namespace NewsMonitor.Cli;

/// <summary>The <c>newsmon</c> command line (DESIGN.md, "Command-line contract"). Exit codes: 0 ok, 1 bad input, 2 usage.</summary>
internal static class NewsmonApp
{
    public static Task<int> RunAsync(string[] args)
    {
        _ = args;
        Console.Error.WriteLine("newsmon: not implemented yet");
        return Task.FromResult(2);
    }
}
