using System.Net;
using System.Net.Sockets;
using System.Text;
using MimeKit;
using NewsMonitor.Cli;
using NewsMonitor.Storage;
using NewsMonitor.Tests.Support;

namespace NewsMonitor.Tests.Cli;

/// <summary><c>newsmon serve</c> in-process against Azurite: its URL, its pages, and email links that lead back to it.</summary>
public sealed class ServeCommandTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task Serve_PrintsItsUrl_ServesThePages_AndEmailLinksPointAtIt()
    {
        await azurite.ResetAsync();
        var port = FreePort();
        var outbox = Path.Combine(Path.GetTempPath(), "newsmon-serve-test-" + Guid.NewGuid().ToString("N"));
        using var output = new StringWriter();
        using var error = new StringWriter();
        using var stop = new CancellationTokenSource();
        var serving = NewsmonApp.RunAsync(
        [
            "serve", "--no-pipeline", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--outbox", outbox,
            "--set", $"{SettingNames.StorageConnection}={azurite.ConnectionString}",
            "--set", "Subscriptions:TokenSigningKey=" + new string('k', 44),
        ], output, error, stop.Token);
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/") };
            var dashboard = await WaitForAsync(http, "/", serving);
            Assert.Equal(HttpStatusCode.OK, dashboard.StatusCode);
            Assert.Contains("<h1>Trends</h1>", await dashboard.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(new Uri("/subscribe", UriKind.Relative))).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await http.GetAsync(new Uri("/admin/feeds", UriKind.Relative))).StatusCode);

            using var body = new StringContent("""{"email": "serve@example.com", "keywords": ["Taliban"]}""", Encoding.UTF8, "application/json");
            Assert.Equal(HttpStatusCode.Accepted, (await http.PostAsync(new Uri("/api/subscribe", UriKind.Relative), body)).StatusCode);
            var email = MimeMessage.Load(Assert.Single(Directory.GetFiles(outbox, "*.eml", SearchOption.AllDirectories)));
            Assert.Contains($"http://localhost:{port}/api/confirm?token=", email.TextBody, StringComparison.Ordinal);
        }
        finally
        {
            await stop.CancelAsync();
            Assert.Equal(0, await serving);
            if (Directory.Exists(outbox))
            {
                Directory.Delete(outbox, recursive: true);
            }
        }

        Assert.Contains($"Serving http://localhost:{port}/", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_PortOutOfRange_IsAUsageError()
    {
        var result = await CliRunner.RunAsync("serve", "--port", "70000");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--port must be between 1 and 65535", result.Error, StringComparison.Ordinal);
    }

    /// <summary>Polls until the server answers (it starts Azurite-backed services first), or the command ends early.</summary>
    private static async Task<HttpResponseMessage> WaitForAsync(HttpClient http, string path, Task<int> serving)
    {
        for (var attempt = 0; ; attempt++)
        {
            if (serving.IsCompleted)
            {
                throw new Xunit.Sdk.XunitException($"serve ended early with exit code {await serving}.");
            }

            try
            {
                return await http.GetAsync(new Uri(path, UriKind.Relative));
            }
            catch (HttpRequestException) when (attempt < 600)
            {
                await Task.Delay(100);
            }
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
