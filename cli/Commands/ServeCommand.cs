using System.CommandLine;
using System.Globalization;
using System.Net.Sockets;
using Microsoft.AspNetCore.Connections;
using NewsMonitor.Cli.Web;

namespace NewsMonitor.Cli.Commands;

/// <summary>
/// <c>newsmon serve</c>: the Functions app's web pages and APIs on <c>http://localhost:PORT</c>, with the pipeline
/// running as in <c>run</c>. The links in emails sent meanwhile point here, so confirm and manage links work locally.
/// </summary>
internal static class ServeCommand
{
    public const int DefaultPort = 7071;

    public static Command Create(CommandContext context)
    {
        var port = new Option<int>("--port", "-p")
        {
            Description = "Port on localhost (the Functions host's 7071 by default, so links work with either).",
            DefaultValueFactory = _ => DefaultPort,
        };
        CommandContext.ValidateRange(port, 1, 65535, "--port must be between 1 and 65535.");
        var admin = new Option<bool>("--admin")
        {
            Description = "Also serve the ops pages and APIs the function key guards in Azure: /admin/feeds, /admin/trends, /api/subscribers, /api/trends/KEYWORD.",
        };
        var pagesOnly = new Option<bool>("--no-pipeline")
        {
            Description = "Serve the pages only; fetch, analyze and alert nothing (browse data another newsmon wrote).",
        };
        var interval = new Option<int>("--interval-minutes")
        {
            Description = "Minutes between two fetches of the catalogue, as in 'run'.",
            DefaultValueFactory = _ => 5,
        };
        CommandContext.ValidateRange(interval, 1, int.MaxValue, "--interval-minutes must be at least 1.");
        var outbox = new Option<string?>("--outbox", "-o")
        {
            Description = "Folder for emails (.eml) with the outbox transport (default: Email:OutboxPath, i.e. ./outbox).",
            HelpName = "DIR",
        };
        var command = new Command(
            "serve",
            "Serve the web pages (trends dashboard, subscribe, manage, feed health) and APIs on localhost while monitoring as 'run' does.")
        {
            port, admin, pagesOnly, interval, outbox,
        };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var listen = parseResult.GetValue(port);
            // Links in emails (confirm, unsubscribe, manage) must lead here; a --set of PublicBaseUrl still wins.
            var settings = new Dictionary<string, string?>
            {
                ["Subscriptions:PublicBaseUrl"] = string.Create(CultureInfo.InvariantCulture, $"http://localhost:{listen}"),
            };
            if (parseResult.GetValue(outbox) is { } folder)
            {
                settings["Email:OutboxPath"] = Path.GetFullPath(folder);
            }

            await using var application = await context.StartWithStorageAsync(parseResult, cancellationToken, settings);
            LocalWebServer server;
            try
            {
                server = await LocalWebServer.StartAsync(application.Services, listen, parseResult.GetValue(admin), cancellationToken);
            }
            catch (Exception exception) when (exception is IOException or AddressInUseException or SocketException)
            {
                throw new CliInputException(
                    string.Create(CultureInfo.InvariantCulture, $"cannot listen on port {listen}: {exception.Message} Pick another with --port."), exception);
            }

            await using (server)
            {
                var console = context.Console;
                console.Output.WriteLine($"Serving {server.BaseAddress} (trends: {server.BaseAddress}, subscribe: {server.BaseAddress}subscribe" +
                    (parseResult.GetValue(admin) ? $", feed health: {server.BaseAddress}admin/feeds" : "") + "); Ctrl+C to stop.");
                console.Output.Flush();
                if (!parseResult.GetValue(pagesOnly))
                {
                    return await RunCommand.MonitorAsync(
                        context, application, TimeSpan.FromMinutes(parseResult.GetValue(interval)), once: false, cancellationToken);
                }

                try
                {
                    await Task.Delay(Timeout.Infinite, cancellationToken);
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    console.Error.WriteLine("Stopped.");
                }

                return ExitCodes.Success;
            }
        });
        return command;
    }
}
