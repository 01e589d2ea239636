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
        var storage = azurite.CreateStorage();

        Assert.True(await AzuriteProcess.AnswersAsAzuriteAsync(storage.Blobs.Uri.Port, "Blob", CancellationToken.None));
        Assert.True(await AzuriteProcess.AnswersAsAzuriteAsync(storage.Queues.Uri.Port, "Queue", CancellationToken.None));
        Assert.True(await AzuriteProcess.AnswersAsAzuriteAsync(storage.Tables.Uri.Port, "Table", CancellationToken.None));
        Assert.False(await AzuriteProcess.AnswersAsAzuriteAsync(storage.Blobs.Uri.Port, "Queue", CancellationToken.None));
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
}
