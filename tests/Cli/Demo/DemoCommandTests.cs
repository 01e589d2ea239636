using MimeKit;
using NewsMonitor.Tests.Cli;

namespace NewsMonitor.Tests.Cli.Demo;

/// <summary>
/// The demo scenario end to end, as <c>newsmon demo</c> runs it: its own Azurite, the loopback feeds, the simulated
/// clock, every real stage, the alert email in the outbox.
/// </summary>
public sealed class DemoCommandTests
{
    private static readonly char[] TableBorders = ['│', '|'];

    private const string MintHeadline = "India says those seizing power by force in Afghanistan will lack legitimacy";

    private const string AgencyHeadline = "Afghan officials dispute Taliban claims of sweeping gains";

    [Fact]
    public async Task Demo_BundledScenario_OneAlertToTheTalibanSubscriberNoneToTheOther()
    {
        var outbox = Path.Combine(Path.GetTempPath(), "newsmon-demo-test-" + Guid.NewGuid().ToString("N"));
        try
        {
            var result = await CliRunner.RunAsync("demo", "--outbox", outbox);

            Assert.True(result.ExitCode == 0, $"demo exited {result.ExitCode}:\n{result.Output}\n{result.Error}");
            Assert.Contains("Demo OK", result.Output, StringComparison.Ordinal);
            var emails = Directory.GetFiles(outbox, "*.eml", SearchOption.AllDirectories)
                .Select(path => (Path: path, Message: MimeMessage.Load(path)))
                .ToList();
            var alert = Assert.Single(emails);
            Assert.Equal("risk.desk@newsroom.example", Assert.Single(alert.Message.To.Mailboxes).Address);
            Assert.DoesNotContain(emails, email => email.Message.To.Mailboxes.Any(to => to.Address == "sports.editor@newsroom.example"));
            Assert.Contains("Taliban", alert.Message.Subject, StringComparison.Ordinal);
            Assert.Contains(MintHeadline, alert.Message.TextBody, StringComparison.Ordinal);
            // The agency story and its two edited copies are one story: one headline, the other outlets named.
            Assert.Contains("(5 stories in 7 articles)", alert.Message.TextBody, StringComparison.Ordinal);
            Assert.Matches($@"- {AgencyHeadline}\r?\n  Global Wire, [^\n]+\n  also in: Asia Pacific Report and Continental Times\r?\n", alert.Message.TextBody);
            Assert.Contains("also in: Asia Pacific Report and Continental Times", alert.Message.HtmlBody, StringComparison.Ordinal);
            Assert.DoesNotContain("Afghanistan disputes Taliban claims", alert.Message.TextBody, StringComparison.Ordinal);
            Assert.DoesNotContain("Afghan officials reject Taliban claims", alert.Message.TextBody, StringComparison.Ordinal);
            Assert.Contains($"Alert email: {alert.Path}", result.Output, StringComparison.Ordinal);
            // Its storage is gone when it ends, so the summary shows the burst the way 'newsmon trends' would: the
            // hour's 7 Taliban articles (5 stories, which the alert counts).
            Assert.Matches(@"│ 2021-07-09 08:00 │\s+7 │\s+[0-9.]+ │ ▲ burst", result.Output);

            var summary = SummaryRows(result.Output);
            Assert.Equal(5, summary["feeds"]);
            Assert.InRange(summary["articles"], 150, 600);
            Assert.Equal(summary["articles"], summary["analyses"]);
            Assert.True(summary["duplicates"] > 0, "re-fetched and syndicated items must count as duplicates");
            Assert.InRange(summary["spikes"], 1, 3);
            Assert.Equal(1, summary["emails"]);
        }
        finally
        {
            if (Directory.Exists(outbox))
            {
                Directory.Delete(outbox, recursive: true);
            }
        }
    }

    [Fact]
    public async Task Demo_TwiceInOneOutbox_BothSucceedEachReportingItsOwnEmail()
    {
        var outbox = Path.Combine(Path.GetTempPath(), "newsmon-demo-test-" + Guid.NewGuid().ToString("N"));
        try
        {
            var first = await CliRunner.RunAsync("demo", "--outbox", outbox);
            var second = await CliRunner.RunAsync("demo", "--outbox", outbox);

            Assert.True(first.ExitCode == 0, $"first demo exited {first.ExitCode}:\n{first.Output}\n{first.Error}");
            Assert.True(second.ExitCode == 0, $"second demo exited {second.ExitCode}:\n{second.Output}\n{second.Error}");
            var firstEmail = AlertEmailPath(first.Output);
            var secondEmail = AlertEmailPath(second.Output);
            Assert.NotEqual(firstEmail, secondEmail);
            Assert.True(File.Exists(firstEmail), firstEmail);
            Assert.True(File.Exists(secondEmail), secondEmail);
            Assert.Equal(
                new[] { firstEmail, secondEmail }.Order(StringComparer.Ordinal),
                Directory.GetFiles(outbox, "*.eml", SearchOption.AllDirectories).Order(StringComparer.Ordinal));
            Assert.Equal(1, SummaryRows(second.Output)["emails"]);
        }
        finally
        {
            if (Directory.Exists(outbox))
            {
                Directory.Delete(outbox, recursive: true);
            }
        }
    }

    private static string AlertEmailPath(string output) =>
        Assert.Single(output.Split('\n'), line => line.StartsWith("Alert email: ", StringComparison.Ordinal))["Alert email: ".Length..].Trim();

    /// <summary>The rows of the summary table: "│ articles │ 254 │ ..." → ("articles", 254).</summary>
    private static Dictionary<string, int> SummaryRows(string output) => output
        .Split('\n')
        .Select(line => line.Split(TableBorders, StringSplitOptions.TrimEntries))
        .Where(cells => cells.Length >= 4 && int.TryParse(cells[2].Replace(",", "", StringComparison.Ordinal), out _))
        .ToDictionary(cells => cells[1], cells => int.Parse(cells[2].Replace(",", "", StringComparison.Ordinal), System.Globalization.CultureInfo.InvariantCulture));
}
