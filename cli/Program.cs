using NewsMonitor.Cli;

return await NewsmonApp.RunAsync(args);
