using NewsMonitor.Cli;
using NewsMonitor.Cli.Hosting;

var exitCode = await NewsmonApp.RunAsync(args);
RuntimeStats.WriteIfAsked(Environment.GetEnvironmentVariable(RuntimeStats.Variable), Console.Error);
return exitCode;
