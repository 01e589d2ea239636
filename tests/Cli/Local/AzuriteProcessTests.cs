using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using NewsMonitor.Cli.Local;
using NewsMonitor.Tests.Support;

namespace NewsMonitor.Tests.Cli.Local;

/// <summary>The check that a started Azurite is the server on its ports, not a process that took one of them first.</summary>
public sealed class AzuriteProcessTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task AnswersAsAzurite_EachServiceOnItsOwnPort_TrueOnlyForThatService()
    {
        var ports = PortsOf(azurite.ConnectionString);

        Assert.True(await AzuriteProcess.AnswersAsAzuriteAsync(ports["Blob"], "Blob", CancellationToken.None));
        Assert.True(await AzuriteProcess.AnswersAsAzuriteAsync(ports["Queue"], "Queue", CancellationToken.None));
        Assert.True(await AzuriteProcess.AnswersAsAzuriteAsync(ports["Table"], "Table", CancellationToken.None));
        Assert.False(await AzuriteProcess.AnswersAsAzuriteAsync(ports["Blob"], "Queue", CancellationToken.None));
    }

    [Fact]
    public async Task AnswersAsAzurite_AnotherHttpServerOnThePort_False()
    {
        await using var server = await TestWebServer.StartAsync(app => app.MapGet("/", () => Results.Ok("not azurite")));

        Assert.False(await AzuriteProcess.AnswersAsAzuriteAsync(server.BaseAddress.Port, "Blob", CancellationToken.None));
    }

    [Fact]
    public async Task AnswersAsAzurite_AServerThatResetsOrNoServerAtAll_False()
    {
        // A listener that accepts and closes at once (a raw TCP test server), then the same port with nobody on it.
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var closing = Task.Run(async () =>
        {
            using var client = await listener.AcceptTcpClientAsync();
            client.Client.LingerState = new LingerOption(true, 0);
        });

        Assert.False(await AzuriteProcess.AnswersAsAzuriteAsync(port, "Blob", CancellationToken.None));
        await closing;
        listener.Stop();
        Assert.False(await AzuriteProcess.AnswersAsAzuriteAsync(port, "Blob", CancellationToken.None));
    }

    private static Dictionary<string, int> PortsOf(string connectionString) =>
        connectionString.Split(';', StringSplitOptions.RemoveEmptyEntries)
            .Select(part => part.Split('=', 2))
            .Where(pair => pair[0].EndsWith("Endpoint", StringComparison.Ordinal))
            .ToDictionary(pair => pair[0][..^"Endpoint".Length], pair => new Uri(pair[1]).Port);
}
