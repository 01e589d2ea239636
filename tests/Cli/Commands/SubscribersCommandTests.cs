using MimeKit;
using NewsMonitor.Subscriptions;
using NewsMonitor.Tests.Support;

namespace NewsMonitor.Tests.Cli.Commands;

/// <summary>
/// <c>newsmon subscribers add|list|remove</c> against Azurite: the rows they leave in the Subscribers table, and
/// addresses masked in what they print unless <c>--show-emails</c>.
/// </summary>
public sealed class SubscribersCommandTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private const string RiskDesk = "risk.desk@newsroom.example";
    private const string SportsEditor = "sports.editor@newsroom.example";

    private async Task<SubscriberStore> ResetAsync() => new(await azurite.ResetAsync(), TimeProvider.System);

    [Fact]
    public async Task Add_Confirmed_StoresAConfirmedSubscriberWatchingTheKeywords()
    {
        var store = await ResetAsync();

        var result = await CliRunner.RunWithStorageAsync(
            azurite, "subscribers", "add", "Risk.Desk@NEWSROOM.example", "-k", "Taliban", "--keyword", "\"Hamid Karzai\"", "--daily", "--confirmed");

        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Contains("confirmed, watching Taliban, \"Hamid Karzai\"", result.Output, StringComparison.Ordinal);
        var record = await store.FindByEmailAsync("Risk.Desk@newsroom.example");
        Assert.NotNull(record);
        Assert.True(record.Confirmed);
        Assert.Equal(["Taliban", "\"Hamid Karzai\""], record.Keywords);
        Assert.Empty(record.PendingKeywords);
        Assert.Equal(SubscriberFrequency.Daily, record.Frequency);
        Assert.Equal(record.Id, Assert.Single(await store.GetConfirmedSubscribersAsync("taliban")).Id);
    }

    [Fact]
    public async Task Add_Unconfirmed_KeepsKeywordsPendingAndWritesTheConfirmationEmailToTheOutbox()
    {
        var store = await ResetAsync();
        var outbox = Path.Combine(Path.GetTempPath(), "newsmon-subscribers-test-" + Guid.NewGuid().ToString("N"));
        try
        {
            var result = await CliRunner.RunWithStorageAsync(
                azurite, "subscribers", "add", RiskDesk, "-k", "Taliban", "--set", $"Email:OutboxPath={outbox}");

            Assert.True(result.ExitCode == 0, result.Error);
            Assert.Contains("confirmation email sent for", result.Output, StringComparison.Ordinal);
            var record = await store.FindByEmailAsync(RiskDesk);
            Assert.NotNull(record);
            Assert.False(record.Confirmed);
            Assert.Equal(["Taliban"], record.PendingKeywords);
            Assert.Empty(await store.GetConfirmedSubscribersAsync("Taliban"));
            var email = MimeMessage.Load(Assert.Single(Directory.GetFiles(outbox, "*.eml", SearchOption.AllDirectories)));
            Assert.Equal(RiskDesk, Assert.Single(email.To.Mailboxes).Address);
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
    public async Task List_Default_MasksAddresses()
    {
        var store = await ResetAsync();
        await store.AddAsync(RiskDesk, ["Taliban"], SubscriberFrequency.Instant, confirmed: true);
        await store.AddAsync(SportsEditor, ["Olympics"], SubscriberFrequency.Daily, confirmed: false);

        var result = await CliRunner.RunWithStorageAsync(azurite, "subscribers", "list");

        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Contains("r***@newsroom.example", result.Output, StringComparison.Ordinal);
        Assert.Contains("s***@newsroom.example", result.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("risk.desk", result.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("sports.editor", result.Output, StringComparison.Ordinal);
        Assert.Contains("Taliban", result.Output, StringComparison.Ordinal);
        Assert.Contains("Olympics", result.Output, StringComparison.Ordinal);
        Assert.Contains("2 subscribers.", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_ShowEmails_PrintsFullAddresses()
    {
        var store = await ResetAsync();
        await store.AddAsync(RiskDesk, ["Taliban"], SubscriberFrequency.Instant, confirmed: true);

        var result = await CliRunner.RunWithStorageAsync(azurite, "subscribers", "list", "--show-emails");

        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Contains(RiskDesk, result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_KeywordFilter_OnlySubscribersOfThatKeyword()
    {
        var store = await ResetAsync();
        await store.AddAsync(RiskDesk, ["Taliban"], SubscriberFrequency.Instant, confirmed: true);
        await store.AddAsync(SportsEditor, ["Olympics"], SubscriberFrequency.Instant, confirmed: true);

        var result = await CliRunner.RunWithStorageAsync(azurite, "subscribers", "list", "--keyword", "olympics");

        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Contains("s***@newsroom.example", result.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("r***@newsroom.example", result.Output, StringComparison.Ordinal);
        Assert.Contains("1 subscriber.", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Remove_Existing_DeletesTheSubscriberAndPrintsTheMaskedAddress()
    {
        var store = await ResetAsync();
        await store.AddAsync(RiskDesk, ["Taliban"], SubscriberFrequency.Instant, confirmed: true);

        var result = await CliRunner.RunWithStorageAsync(azurite, "subscribers", "remove", RiskDesk);

        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Contains("Removed r***@newsroom.example.", result.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(RiskDesk, result.Output, StringComparison.Ordinal);
        Assert.Null(await store.FindByEmailAsync(RiskDesk));
        Assert.Empty(await store.GetWatchedKeywordsAsync());
    }

    [Fact]
    public async Task Remove_Unknown_ExitsOneWithTheMaskedAddressOnStderr()
    {
        await ResetAsync();

        var result = await CliRunner.RunWithStorageAsync(azurite, "subscribers", "remove", RiskDesk);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("", result.Output);
        Assert.Contains("no subscriber r***@newsroom.example", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain(RiskDesk, result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("not-an-address", "Taliban")]
    [InlineData(RiskDesk, "\"unterminated")]
    [InlineData(RiskDesk, "Taliban OR")]
    public async Task Add_BadInput_ExitsOneAndStoresNothing(string email, string keyword)
    {
        var store = await ResetAsync();

        var result = await CliRunner.RunWithStorageAsync(azurite, "subscribers", "add", email, "-k", keyword, "--confirmed");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("", result.Output);
        Assert.Contains("newsmon:", result.Error, StringComparison.Ordinal);
        Assert.Empty(await store.ListAsync());
    }
}
