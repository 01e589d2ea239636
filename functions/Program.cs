using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using NewsMonitor.Alerts;
using NewsMonitor.Analysis;
using NewsMonitor.Feeds;
using NewsMonitor.Hosting;
using NewsMonitor.Storage;
using NewsMonitor.Subscriptions;
using NewsMonitor.Trends;

var builder = FunctionsApplication.CreateBuilder(args);

builder.UseMiddleware<ErrorLoggingMiddleware>();
builder.Services
    .AddApplicationInsightsTelemetryWorkerService()
    .ConfigureFunctionsApplicationInsights();

builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddNewsStorage();
builder.Services.AddFeeds();
builder.Services.AddAnalysis();
builder.Services.AddAlerts();
builder.Services.AddSubscriptions();
builder.Services.AddTrends();

await builder.Build().RunAsync();
