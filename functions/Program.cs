using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Hosting;
using NewsMonitor.Hosting;

var builder = FunctionsApplication.CreateBuilder(args);

builder.UseMiddleware<ErrorLoggingMiddleware>();
builder.Services.AddNewsMonitorFunctionsApp(builder.Configuration);

await builder.Build().RunAsync();
