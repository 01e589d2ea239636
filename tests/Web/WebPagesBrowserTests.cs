using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using NewsMonitor.Subscriptions;
using NewsMonitor.Tests.Support;
using NewsMonitor.Web;

namespace NewsMonitor.Tests.Web;

/// <summary>
/// The pages in a real browser (Debian Chromium through Playwright) against the Kestrel endpoints of
/// <c>newsmon serve</c>, real storage (Azurite) and the outbox email transport. Few, broad scenarios: each starts one
/// site and one browser context.
/// </summary>
[Collection(WebPagesBrowser.Name)]
public sealed partial class WebPagesBrowserTests(AzuriteFixture azurite, BrowserFixture browser)
{
    private const string Address = "reader@example.com";

    [Fact]
    public async Task Subscribe_ConfirmFromEmail_ManageChangesKeywords_OneClickUnsubscribe()
    {
        await using var site = await WebTestSite.StartAsync(azurite);
        await using var context = await browser.Browser.NewContextAsync();
        var page = await context.NewPageAsync();

        await page.GotoAsync(site.Url("/subscribe").AbsoluteUri);
        await page.GetByLabel("Email address").FillAsync(Address);
        await page.GetByLabel(WebTestSite.TalibanEntry).CheckAsync();
        await page.GetByLabel("Other keywords").FillAsync("Lavrov");
        await page.GetByRole(AriaRole.Button, new() { Name = "Subscribe" }).ClickAsync();

        Assert.Equal("Check your inbox", await page.Locator("h1").InnerTextAsync());
        Assert.Contains("r***@example.com", await page.Locator("main").InnerTextAsync(), StringComparison.Ordinal);
        var confirmation = Assert.Single(site.Emails());
        var confirmLink = LinkIn(confirmation.TextBody, "/api/confirm");
        Assert.StartsWith(site.BaseAddress.AbsoluteUri, confirmLink, StringComparison.Ordinal);

        await page.GotoAsync(confirmLink);
        Assert.Equal("Subscription confirmed", await page.Locator("h1").InnerTextAsync());
        var id = EmailAddresses.SubscriberId(Address);
        Assert.Equal([WebTestSite.TalibanEntry, "Lavrov"], (await site.Host.Subscribers.GetAsync(id))!.Keywords);

        await page.GetByRole(AriaRole.Link, new() { Name = "Manage your alerts" }).ClickAsync();
        Assert.Equal("Manage your alerts", await page.Locator("h1").InnerTextAsync());
        await Screenshot(page, "manage");
        await page.GetByLabel("Lavrov").UncheckAsync();
        await page.GetByLabel("One daily digest").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Save changes" }).ClickAsync();

        Assert.Contains("Saved.", await page.Locator("main").InnerTextAsync(), StringComparison.Ordinal);
        var saved = (await site.Host.Subscribers.GetAsync(id))!;
        Assert.Equal([WebTestSite.TalibanEntry], saved.Keywords);
        Assert.Equal(SubscriberFrequency.Daily, saved.Frequency);

        // RFC 8058: a mail client POSTs the List-Unsubscribe link with no cookie and no CSRF field.
        var oneClick = site.Host.Get<SubscriptionLinks>().Unsubscribe(id, null);
        var response = await context.APIRequest.PostAsync(oneClick.AbsoluteUri, new()
        {
            Headers = new Dictionary<string, string> { ["Content-Type"] = "application/x-www-form-urlencoded" },
            Data = "List-Unsubscribe=One-Click",
        });
        Assert.Equal(200, response.Status);
        Assert.Null(await site.Host.Subscribers.GetAsync(id));
    }

    [Fact]
    public async Task UnsubscribeLink_FollowedByAPerson_ShowsOneButtonThatUnsubscribes()
    {
        await using var site = await WebTestSite.StartAsync(azurite);
        var record = await site.Host.Subscribers.AddAsync(Address, ["Taliban", "Lavrov"], "instant", confirmed: true);
        var link = site.Host.Get<SubscriptionLinks>().Unsubscribe(record.Id, "lavrov");
        await using var context = await browser.Browser.NewContextAsync();
        var page = await context.NewPageAsync();

        await page.GotoAsync(link.AbsoluteUri);
        Assert.Equal(2, (await site.Host.Subscribers.GetAsync(record.Id))!.Keywords.Count);
        await Screenshot(page, "unsubscribe");
        await page.GetByRole(AriaRole.Button, new() { Name = "Stop Lavrov alerts" }).ClickAsync();

        Assert.Equal("Unsubscribed", await page.Locator("h1").InnerTextAsync());
        Assert.Equal(["Taliban"], (await site.Host.Subscribers.GetAsync(record.Id))!.Keywords);
    }

    [Fact]
    public async Task Subscribe_BadInput_ErrorShownNextToTheField_KeyboardOnly_NothingStored()
    {
        await using var site = await WebTestSite.StartAsync(azurite);
        await using var context = await browser.Browser.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync(site.Url("/subscribe").AbsoluteUri);

        // Keyboard only: Tab from the top of the page past the skip link and the navigation to the first field.
        var email = page.GetByLabel("Email address");
        for (var tab = 0; tab < 10 && !await email.EvaluateAsync<bool>("e => e === document.activeElement"); tab++)
        {
            await page.Keyboard.PressAsync("Tab");
        }

        Assert.True(await email.EvaluateAsync<bool>("e => e === document.activeElement"), "Tab never reached the email field.");
        await page.Keyboard.TypeAsync("not-an-address");
        await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.PressAsync("Space");
        await page.Keyboard.PressAsync("Shift+Tab");
        var answer = await page.RunAndWaitForResponseAsync(() => page.Keyboard.PressAsync("Enter"), r => r.Request.Method == "POST");

        Assert.Equal(400, answer.Status);
        var error = page.Locator("#email-error");
        Assert.Contains("not a valid email address", await error.InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal("true", await page.GetByLabel("Email address").GetAttributeAsync("aria-invalid"));
        Assert.Contains("email-error", (await page.GetByLabel("Email address").GetAttributeAsync("aria-describedby"))!, StringComparison.Ordinal);
        Assert.Equal("not-an-address", await page.GetByLabel("Email address").InputValueAsync());
        Assert.True(await page.GetByLabel(WebTestSite.TalibanEntry).IsCheckedAsync(), "The keyword chosen with Space was lost.");
        await Screenshot(page, "subscribe-error");

        await page.GetByLabel("Email address").FillAsync(Address);
        await page.GetByLabel(WebTestSite.TalibanEntry).UncheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Subscribe" }).ClickAsync();
        Assert.Contains("keywords must be a non-empty", await page.Locator("#keywords-error").InnerTextAsync(), StringComparison.Ordinal);

        Assert.Empty(await site.Host.Subscribers.ListAsync());
        Assert.Empty(site.Emails());
    }

    [Fact]
    public async Task Dashboard_ShowsTheSpikeWithReasonAndHeadlines_AndAnAliasResolves()
    {
        await using var site = await WebTestSite.StartAsync(azurite);
        var alert = await site.WriteTalibanSpikeAsync();
        await using var context = await browser.Browser.NewContextAsync();
        var page = await context.NewPageAsync();

        await page.GotoAsync(site.BaseAddress.AbsoluteUri);
        var card = page.Locator("article.card", new() { Has = page.GetByRole(AriaRole.Heading, new() { Name = WebTestSite.TalibanEntry, Exact = true }) });
        Assert.Equal(1, await card.Locator("svg[role=img] polyline.counts").CountAsync());
        Assert.Equal(1, await card.Locator("svg rect.spike").CountAsync());
        Assert.Contains("had 14.", await card.Locator("svg desc").TextContentAsync() ?? "", StringComparison.Ordinal);
        var spikes = page.Locator("section[aria-labelledby=spikes-heading]");
        Assert.Contains(alert.Reason, await spikes.InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal(5, await spikes.Locator("li a").CountAsync());
        await Screenshot(page, "dashboard");

        await page.GetByLabel("Range", new() { Exact = true }).SelectOptionAsync("24");
        await page.GetByRole(AriaRole.Button, new() { Name = "Show" }).ClickAsync();
        Assert.Contains("hours=24", page.Url, StringComparison.Ordinal);
        Assert.Contains("last 24 hours", await page.Locator("#charts-heading").InnerTextAsync(), StringComparison.Ordinal);

        // "Islamic Emirate" is an alternative of the Taliban entry: the page and the API both resolve it.
        await page.GotoAsync(site.Url("/?keyword=Islamic%20Emirate").AbsoluteUri);
        Assert.Equal("Trends: " + WebTestSite.TalibanEntry, await page.Locator("h1").InnerTextAsync());
        Assert.Equal(1, await page.Locator("svg polyline.counts").CountAsync());
        var api = await context.APIRequest.GetAsync(new Uri(site.Admin.BaseAddress, "/api/trends/Islamic%20Emirate").AbsoluteUri);
        Assert.Equal(200, api.Status);
        Assert.Contains("\"keyword\": \"Taliban OR \\u0022Islamic Emirate\\u0022\"", await api.TextAsync(), StringComparison.Ordinal);

        var unknown = await page.GotoAsync(site.Url("/?keyword=Lavrov").AbsoluteUri);
        Assert.Equal(404, unknown!.Status);
    }

    [Fact]
    public async Task FeedHealth_RefusedWithoutAdmin_ShownWithIt()
    {
        await using var site = await WebTestSite.StartAsync(azurite);
        await site.Host.Get<NewsMonitor.Feeds.State.FeedCatalog>().AddAsync(new NewsMonitor.Feeds.State.FeedDefinition { Id = "mint-world", Url = "https://www.livemint.com/rss/news" });
        await using var context = await browser.Browser.NewContextAsync();
        var page = await context.NewPageAsync();

        var refused = await page.GotoAsync(site.Url("/admin/feeds").AbsoluteUri);
        Assert.Equal(403, refused!.Status);
        Assert.Equal("For operators only", await page.Locator("h1").InnerTextAsync());
        Assert.Equal(403, (await context.APIRequest.GetAsync(site.Url("/api/subscribers").AbsoluteUri)).Status);

        var shown = await page.GotoAsync(new Uri(site.Admin.BaseAddress, "/admin/feeds").AbsoluteUri);
        Assert.Equal(200, shown!.Status);
        var row = page.Locator("tbody tr", new() { HasText = "mint-world" });
        Assert.Contains("never fetched", await row.InnerTextAsync(), StringComparison.Ordinal);
        await Screenshot(page, "feed-health");
    }

    [Fact]
    public async Task SecurityHeaders_OnEveryAnswer_AndAFormWithoutItsCsrfTokenIsRefused()
    {
        await using var site = await WebTestSite.StartAsync(azurite);
        await using var context = await browser.Browser.NewContextAsync();
        var page = await context.NewPageAsync();
        foreach (var path in new[] { "/", "/subscribe", "/api/confirm?token=x", "/no-such-page" })
        {
            var answer = await page.GotoAsync(site.Url(path).AbsoluteUri);
            var headers = await answer!.AllHeadersAsync();
            Assert.Equal("nosniff", headers["x-content-type-options"]);
            Assert.Contains("frame-ancestors 'none'", headers["content-security-policy"], StringComparison.Ordinal);
            Assert.DoesNotContain("unsafe-inline", headers["content-security-policy"], StringComparison.Ordinal);
            Assert.Equal(0, await page.Locator("script, [style]").CountAsync());
        }

        // The form's own page sets the cookie; a POST without the field (or a forged one) changes nothing.
        await page.GotoAsync(site.Url("/subscribe").AbsoluteUri);
        foreach (var csrf in new[] { null, "AAAAAAAAAAAAAAAAAAAAAAAA.forged" })
        {
            var form = context.APIRequest.CreateFormData();
            form.Set("email", Address);
            form.Set("keyword", "Taliban");
            if (csrf is not null)
            {
                form.Set(CsrfTokens.FieldName, csrf);
            }

            var response = await page.APIRequest.PostAsync(site.Url("/subscribe").AbsoluteUri, new() { Form = form });
            Assert.Equal(403, response.Status);
        }

        Assert.Empty(await site.Host.Subscribers.ListAsync());
        Assert.Empty(site.Emails());
    }

    [Fact]
    public async Task EveryPage_PassesTheAccessibilitySmokeCheck_At400PixelsWide()
    {
        await using var site = await WebTestSite.StartAsync(azurite);
        await site.WriteTalibanSpikeAsync();
        var record = await site.Host.Subscribers.AddAsync(Address, ["Taliban"], "instant", confirmed: true);
        await site.Host.Get<NewsMonitor.Feeds.State.FeedCatalog>().AddAsync(new NewsMonitor.Feeds.State.FeedDefinition { Id = "mint-world", Url = "https://www.livemint.com/rss/news" });
        await using var context = await browser.Browser.NewContextAsync(new() { ViewportSize = new() { Width = 400, Height = 800 } });
        var page = await context.NewPageAsync();
        var pages = new Dictionary<string, Uri>
        {
            ["dashboard"] = site.BaseAddress,
            ["subscribe"] = site.Url("/subscribe"),
            ["confirm"] = site.Host.Get<SubscriptionLinks>().Confirm(record.Id),
            ["manage"] = site.Host.Get<SubscriptionLinks>().Manage(record.Id),
            ["expired-link"] = site.Url("/manage?token=expired"),
            ["feed-health"] = new Uri(site.Admin.BaseAddress, "/admin/feeds"),
        };

        foreach (var (name, url) in pages)
        {
            await page.GotoAsync(url.AbsoluteUri);
            var problems = await page.EvaluateAsync<string[]>(AccessibilityCheck);
            Assert.True(problems.Length == 0, $"{name}: {string.Join("; ", problems)}");
            await Screenshot(page, name + "-400px");
        }
    }

    /// <summary>
    /// What can be checked offline without an accessibility engine: a language, one h1 and one main landmark, a label
    /// for every field, aria-describedby pointing at elements that exist, unique ids, named controls, no sideways
    /// scrolling at the viewport's width.
    /// </summary>
    private const string AccessibilityCheck = """
        () => {
          const problems = [];
          if (!document.documentElement.lang) problems.push('html has no lang');
          if (document.querySelectorAll('h1').length !== 1) problems.push('not exactly one h1');
          if (document.querySelectorAll('main').length !== 1) problems.push('not exactly one main landmark');
          for (const field of document.querySelectorAll('input:not([type=hidden]), select, textarea')) {
            const label = field.id && document.querySelector(`label[for="${field.id}"]`);
            if (!label && !field.getAttribute('aria-label') && !field.getAttribute('aria-labelledby')) problems.push('unlabelled field ' + (field.name || field.id));
          }
          for (const element of document.querySelectorAll('[aria-describedby], [aria-labelledby]')) {
            const ids = (element.getAttribute('aria-describedby') || '') + ' ' + (element.getAttribute('aria-labelledby') || '');
            for (const id of ids.split(' ').filter(Boolean)) if (!document.getElementById(id)) problems.push('missing element #' + id);
          }
          const ids = [...document.querySelectorAll('[id]')].map(e => e.id);
          if (new Set(ids).size !== ids.length) problems.push('duplicate ids');
          for (const control of document.querySelectorAll('a, button')) if (!control.textContent.trim() && !control.getAttribute('aria-label')) problems.push('control without a name');
          if (document.documentElement.scrollWidth > window.innerWidth) problems.push('scrolls sideways: ' + document.documentElement.scrollWidth + ' px');
          return problems;
        }
        """;

    private static string LinkIn(string? text, string path) =>
        LinkPattern().Matches(text ?? "").Select(match => match.Value).FirstOrDefault(link => link.Contains(path, StringComparison.Ordinal))
        ?? throw new Xunit.Sdk.XunitException($"no {path} link in: {text}");

    private static async Task Screenshot(IPage page, string name)
    {
        Directory.CreateDirectory(BrowserFixture.ScreenshotFolder);
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotFolder, name + ".png"), FullPage = true });
    }

    [GeneratedRegex(@"https?://\S+")]
    private static partial Regex LinkPattern();
}
