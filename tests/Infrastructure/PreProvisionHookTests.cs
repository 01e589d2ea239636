using System.Diagnostics;

namespace NewsMonitor.Tests.Infrastructure;

/// <summary>infra/hooks/preprovision.sh: warns about the Responsible AI terms unless the Language account is off; never fails.</summary>
public sealed class PreProvisionHookTests
{
    [Fact]
    public async Task Run_LanguageAccountDeployed_WarnsAboutTheResponsibleAiTermsAndSucceeds()
    {
        var (exitCode, output) = await RunHookAsync(deployLanguage: null);

        Assert.Equal(0, exitCode);
        Assert.Contains("ResourceKindRequireAcceptTerms", output, StringComparison.Ordinal);
        Assert.Contains("NEWSMONITOR_DEPLOY_LANGUAGE false", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("false")]
    [InlineData("False")]
    public async Task Run_LanguageAccountOff_SaysTheLocalAnalyzerRunsWithoutWarning(string deployLanguage)
    {
        var (exitCode, output) = await RunHookAsync(deployLanguage);

        Assert.Equal(0, exitCode);
        Assert.DoesNotContain("ResourceKindRequireAcceptTerms", output, StringComparison.Ordinal);
        Assert.Contains("local analyzer", output, StringComparison.Ordinal);
    }

    private static async Task<(int ExitCode, string Output)> RunHookAsync(string? deployLanguage)
    {
        var startInfo = new ProcessStartInfo("sh", Path.Combine(BicepCli.RepositoryRoot, "infra", "hooks", "preprovision.sh"))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        startInfo.Environment.Remove("NEWSMONITOR_DEPLOY_LANGUAGE");
        if (deployLanguage is not null)
        {
            startInfo.Environment["NEWSMONITOR_DEPLOY_LANGUAGE"] = deployLanguage;
        }

        using var process = Process.Start(startInfo)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output + await errors);
    }
}
