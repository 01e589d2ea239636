using Microsoft.Playwright;

namespace NewsMonitor.Tests.Web;

/// <summary>
/// One headless Debian Chromium for the whole collection, driven by Playwright (which cannot download its own browser
/// here). A missing Chromium fails every browser test with the install command instead of passing them silently.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public IBrowser Browser => _browser ?? throw new InvalidOperationException("The browser did not start.");

    /// <summary>Where each page's screenshot goes (a CI artifact): NEWSMON_SCREENSHOTS, else screenshots/ beside the tests.</summary>
    public static string ScreenshotFolder =>
        Environment.GetEnvironmentVariable("NEWSMON_SCREENSHOTS") is { Length: > 0 } folder
            ? folder
            : Path.Combine(AppContext.BaseDirectory, "screenshots");

    public async Task InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException(
                $"The web page tests drive Debian's Chromium at {ChromiumPath}, which is missing: install it with " +
                "'apt-get install -y chromium' (.ci/run does this; see README, Web pages).");
        }

        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            // Root in CI and containers: Chromium's sandbox needs user namespaces it does not get there.
            Args = ["--no-sandbox"],
        });
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }

        _playwright?.Dispose();
    }
}

/// <summary>The web page tests share one Azurite and one browser, and run one after another.</summary>
[CollectionDefinition(Name)]
public sealed class WebPagesBrowser : ICollectionFixture<Support.AzuriteFixture>, ICollectionFixture<BrowserFixture>
{
    public const string Name = "Web pages";
}
