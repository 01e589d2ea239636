using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;
using NewsMonitor.Alerts;
using NewsMonitor.Alerts.Rendering;
using NewsMonitor.Analysis;
using NewsMonitor.Analysis.Keywords;
using NewsMonitor.Articles;
using NewsMonitor.Feeds.Fetching;
using NewsMonitor.Feeds.State;
using NewsMonitor.Spikes;
using NewsMonitor.Storage;
using NewsMonitor.Subscriptions;
using NewsMonitor.Trends;

namespace NewsMonitor.Web;

/// <summary>
/// Every web page, host-neutral: each method takes the request's data and returns the answer; the Functions app
/// (the <c>*Function</c> classes beside this one) and <c>newsmon serve</c> only adapt their requests, so both serve the same pages.
/// Every value from storage or the request goes through <see cref="PageLayout.Encode"/>.
/// </summary>
internal sealed class WebPages(
    SubscriptionService subscriptions,
    SubscriberStore store,
    SubscriptionTokens tokens,
    CsrfTokens csrf,
    TrendService trends,
    KeywordWatchList watchList,
    NewsStorage storage,
    FeedCatalog feedCatalog,
    FeedStateStore feedStates,
    IOptions<AnalysisOptions> analysisOptions,
    IOptions<SubscriptionsOptions> subscriptionOptions,
    IOptions<TrendsOptions> trendsOptions,
    TimeProvider timeProvider)
{
    /// <summary>The dashboard's range picker, in hours (those above Trends:MaxHours are left out).</summary>
    public static readonly int[] Ranges = [24, 72, 168, 720];

    private const int DashboardSpikes = 5;
    private const int HeadlinesPerSpike = 5;
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    // ----- Trends dashboard: GET / -----

    /// <summary>
    /// Each keyword's chart over the chosen range and the latest spikes with their reason and headlines. The public
    /// page shows the global watch list (<c>Analysis:Keywords</c>); subscribers' own keywords are personal, so only
    /// an admin sees (and can look up) those.
    /// </summary>
    public async Task<PageResponse> DashboardAsync(PageRequest request, CancellationToken cancellationToken = default)
    {
        var settings = trendsOptions.Value;
        var ranges = Ranges.Where(r => r <= settings.MaxHours).DefaultIfEmpty(settings.DefaultHours).ToList();
        var hours = int.TryParse(request.Query["hours"], NumberStyles.None, CultureInfo.InvariantCulture, out var asked) && ranges.Contains(asked)
            ? asked
            : Math.Min(settings.DefaultHours, settings.MaxHours);
        var keywords = request.IsAdmin
            ? (await watchList.GetMatcherAsync(cancellationToken)).Keywords
            : [.. analysisOptions.Value.GlobalKeywords().Select(Keyword.Parse)];
        var only = request.Query["keyword"];
        if (!string.IsNullOrWhiteSpace(only))
        {
            var resolved = TrendService.Resolve(keywords, only);
            if (resolved is null)
            {
                return PageResponse.Page(HttpStatusCode.NotFound, "Keyword not found",
                    $"<p>No watched keyword is called {Q(only)}, nor has it as an alternative.</p><p><a href=\"/\">All keywords</a></p>");
            }

            keywords = [resolved];
        }

        var html = new StringBuilder();
        html.Append("<form method=\"get\" action=\"/\" class=\"stack\"><div class=\"field\"><label for=\"hours\">Range</label><select id=\"hours\" name=\"hours\">");
        foreach (var range in ranges)
        {
            html.Append(Invariant($"<option value=\"{range}\"{(range == hours ? " selected" : "")}>{RangeLabel(range)}</option>"));
        }

        html.Append("</select></div>");
        if (!string.IsNullOrWhiteSpace(only))
        {
            html.Append(Invariant($"<input type=\"hidden\" name=\"keyword\" value=\"{E(only)}\">"));
        }

        html.Append("<div><button type=\"submit\">Show</button></div></form>");
        if (keywords.Count == 0)
        {
            html.Append("<p>No keyword is watched yet: set <code>Analysis:Keywords</code>, or <a href=\"/subscribe\">subscribe</a> to one.</p>");
            return PageResponse.Page(HttpStatusCode.OK, "Trends", html.ToString());
        }

        var spikes = new List<(Keyword Keyword, TrendSpike Spike)>();
        html.Append("<section aria-labelledby=\"charts-heading\"><h2 id=\"charts-heading\">Mentions per hour, ")
            .Append(E(RangeLabel(hours).ToLowerInvariant())).Append("</h2><div class=\"cards\">");
        var index = 0;
        foreach (var keyword in keywords)
        {
            var result = await trends.GetAsync(keyword.Name, hours.ToString(CultureInfo.InvariantCulture), cancellationToken);
            var id = Invariant($"chart-{index++}");
            html.Append(Invariant($"<article class=\"card\" aria-labelledby=\"{id}-h\"><h3 id=\"{id}-h\">{E(keyword.Name)}</h3>"));
            if (result.Report is { } report)
            {
                html.Append(TrendChart.Render(report, id));
                spikes.AddRange(report.Spikes.Select(spike => (keyword, spike)));
            }
            else
            {
                html.Append("<p>").Append(E(result.Error)).Append("</p>");
            }

            if (string.IsNullOrWhiteSpace(only))
            {
                html.Append(Invariant($"<p class=\"hint\"><a href=\"/?keyword={Uri.EscapeDataString(keyword.Name)}&amp;hours={hours}\">Only {E(keyword.Name)}</a></p>"));
            }

            html.Append("</article>");
        }

        html.Append("</div></section><section aria-labelledby=\"spikes-heading\"><h2 id=\"spikes-heading\">Latest spikes</h2>");
        var latest = spikes.OrderByDescending(s => s.Spike.DetectedAt).ThenByDescending(s => s.Spike.Level).Take(DashboardSpikes).ToList();
        if (latest.Count == 0)
        {
            html.Append("<p>No spike in this range.</p>");
        }

        foreach (var (keyword, spike) in latest)
        {
            html.Append(Invariant($"<article class=\"card spike\"><h3>{E(keyword.Name)}: {spike.Observed} {SpikeReason.Unit(spike.Observed, spike.CountsStories)} in {E(TrendChart.Time(spike.WindowStart))} to {E(TrendChart.Time(spike.WindowEnd))}</h3>"));
            html.Append("<p>").Append(E(spike.Reason)).Append("</p>");
            var headlines = await HeadlinesAsync(MentionKeys.KeywordKey(keyword.Name), spike.AlertId, cancellationToken);
            if (headlines.Count > 0)
            {
                html.Append("<ul>");
                foreach (var article in headlines)
                {
                    var title = E(article.Title);
                    html.Append("<li>")
                        .Append(SafeLinks.Parse(article.Url) is { } link ? $"<a href=\"{E(link.AbsoluteUri)}\" rel=\"noopener noreferrer\">{title}</a>" : title)
                        .Append(" <span class=\"hint\">").Append(E(article.Source)).Append("</span></li>");
                }

                html.Append("</ul>");
            }

            html.Append("</article>");
        }

        html.Append("</section>");
        return PageResponse.Page(HttpStatusCode.OK, string.IsNullOrWhiteSpace(only) ? "Trends" : $"Trends: {keywords[0].Name}", html.ToString());
    }

    // ----- Subscribe: GET/POST /subscribe -----

    public async Task<PageResponse> SubscribeAsync(PageRequest request, CancellationToken cancellationToken = default)
    {
        if (!request.IsPost)
        {
            return SubscribeForm(request, HttpStatusCode.OK, null, null, null);
        }

        if (!csrf.IsValid(request))
        {
            return CsrfRefused(request);
        }

        var form = request.Form;
        var keywords = (form.GetValues("keyword") ?? []).Concat(SplitKeywords(form["other"])).ToList();
        var outcome = await subscriptions.SubscribeAsync(new SubscribeRequest(form["email"], keywords, form["frequency"]), cancellationToken);
        if (!outcome.Succeeded)
        {
            var page = SubscribeForm(request, outcome.Status, outcome.Field, outcome.Message, form);
            return outcome.RetryAfter is { } retryAfter
                ? page.WithHeader("Retry-After", Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture))
                : page;
        }

        var masked = E(EmailAddresses.Mask(form["email"]?.Trim()));
        return outcome.Status == HttpStatusCode.Accepted
            ? PageResponse.Page(HttpStatusCode.Accepted, "Check your inbox",
                $"<p class=\"notice\" role=\"status\">We sent a confirmation link to {masked}.</p>" +
                $"<p>Open it within {(int)subscriptionOptions.Value.ConfirmTokenLifetime.TotalHours} hours to start alerts for " +
                $"<strong>{E(string.Join(", ", outcome.Keywords))}</strong>. Nothing is sent until you do.</p>" +
                "<p>Every alert email has a link to change your keywords or frequency, pause, or unsubscribe.</p>")
            : PageResponse.Page(HttpStatusCode.OK, "Already subscribed",
                $"<p class=\"notice\" role=\"status\">{masked} already receives alerts for <strong>{E(string.Join(", ", outcome.Keywords))}</strong>.</p>" +
                "<p>The link at the bottom of any alert email manages them.</p>");
    }

    private PageResponse SubscribeForm(
        PageRequest request,
        HttpStatusCode status,
        SubscribeField? errorField,
        string? error,
        System.Collections.Specialized.NameValueCollection? values)
    {
        var (token, setCookie) = csrf.Issue(request);
        var chosen = (values?.GetValues("keyword") ?? []).ToHashSet(StringComparer.Ordinal);
        var frequency = values?["frequency"] ?? SubscriberFrequency.Instant;
        var html = new StringBuilder();
        html.Append("<p>Get an email when news coverage of a keyword suddenly rises. You confirm by email first; every alert has a link to change or stop them.</p>");
        if (error is not null)
        {
            html.Append("<p class=\"notice bad\" role=\"alert\">")
                .Append(errorField is null ? E(error) : "Please correct the field marked below.")
                .Append("</p>");
        }

        html.Append("<form method=\"post\" action=\"/subscribe\" class=\"stack\" novalidate>");
        html.Append(Invariant($"<input type=\"hidden\" name=\"{CsrfTokens.FieldName}\" value=\"{E(token)}\">"));

        var emailError = errorField == SubscribeField.Email ? error : null;
        html.Append("<div class=\"field\"><label for=\"email\">Email address</label>")
            .Append("<p class=\"hint\" id=\"email-hint\">Only used for these alerts; shown masked on every page.</p>")
            .Append(Invariant($"<input type=\"email\" id=\"email\" name=\"email\" autocomplete=\"email\" required value=\"{E(values?["email"])}\" "))
            .Append(Described("email", emailError)).Append('>')
            .Append(ErrorText("email", emailError)).Append("</div>");

        var keywordError = errorField == SubscribeField.Keywords ? error : null;
        html.Append("<fieldset").Append(keywordError is null ? "" : " aria-describedby=\"keywords-error\"").Append("><legend>Keywords</legend><ul class=\"keywords\">");
        var index = 0;
        foreach (var entry in analysisOptions.Value.GlobalKeywords())
        {
            var id = Invariant($"kw-{index++}");
            html.Append(Invariant($"<li><input type=\"checkbox\" id=\"{id}\" name=\"keyword\" value=\"{E(entry)}\"{(chosen.Contains(entry) ? " checked" : "")}>"))
                .Append(Invariant($"<label for=\"{id}\">{E(entry)}</label></li>"));
        }

        html.Append("</ul><div class=\"field\"><label for=\"other\">Other keywords</label>")
            .Append("<p class=\"hint\" id=\"other-hint\">Separate several with commas; join alternatives with OR, e.g. Taliban OR \"Islamic Emirate\".</p>")
            .Append(Invariant($"<input type=\"text\" id=\"other\" name=\"other\" value=\"{E(values?["other"])}\" "))
            .Append(Described("other", keywordError, "keywords-error")).Append("></div>")
            .Append(ErrorText("keywords", keywordError)).Append("</fieldset>");

        var frequencyError = errorField == SubscribeField.Frequency ? error : null;
        html.Append("<fieldset").Append(frequencyError is null ? "" : " aria-describedby=\"frequency-error\"").Append("><legend>How often</legend>")
            .Append(Radio("frequency", "freq-instant", SubscriberFrequency.Instant, "An email for each spike, as it happens", frequency))
            .Append(Radio("frequency", "freq-daily", SubscriberFrequency.Daily, "One daily digest", frequency))
            .Append(ErrorText("frequency", frequencyError)).Append("</fieldset>");
        html.Append("<div><button type=\"submit\">Subscribe</button></div></form>");
        var page = PageResponse.Page(status, "Subscribe to alerts", html.ToString());
        return setCookie is null ? page : page.WithHeader("Set-Cookie", setCookie);
    }

    // ----- Confirm and unsubscribe: the links in emails (/api/confirm, /api/unsubscribe) -----

    public async Task<PageResponse> ConfirmAsync(PageRequest request, CancellationToken cancellationToken = default) =>
        PageResponse.From(await subscriptions.ConfirmAsync(request.Query["token"], cancellationToken));

    /// <summary>GET: a page with one button; POST: RFC 8058 one-click (mail clients send no cookie, so no CSRF field: the signed token is the proof).</summary>
    public async Task<PageResponse> UnsubscribeAsync(PageRequest request, CancellationToken cancellationToken = default) =>
        PageResponse.From(request.IsPost
            ? await subscriptions.UnsubscribeAsync(request.Query["token"], request.Body, cancellationToken)
            : await subscriptions.UnsubscribePageAsync(request.Query["token"], cancellationToken));

    // ----- Manage: GET/POST /manage?token= -----

    public async Task<PageResponse> ManageAsync(PageRequest request, CancellationToken cancellationToken = default)
    {
        var token = request.Query["token"];
        if (!tokens.TryValidate(token, TokenPurpose.Manage, out var claims))
        {
            return PageResponse.From(SubscriptionService.InvalidLink());
        }

        var record = await store.GetAsync(claims!.SubscriberId, cancellationToken);
        if (record is null)
        {
            return PageResponse.Page(HttpStatusCode.OK, "Not subscribed",
                "<p>This address receives no alerts.</p><p><a href=\"/subscribe\">Subscribe</a></p>");
        }

        if (!request.IsPost)
        {
            return ManageForm(request, token!, record, HttpStatusCode.OK, null, null);
        }

        if (!csrf.IsValid(request))
        {
            return CsrfRefused(request);
        }

        var form = request.Form;
        switch (form["action"])
        {
            case "remove-all":
                await store.UnsubscribeAsync(record.Id, null, cancellationToken);
                return Unsubscribed();
            case "remove" when !string.IsNullOrWhiteSpace(form["keyword"]):
                var removed = form["keyword"]!;
                var left = await store.UnsubscribeAsync(record.Id, MentionKeys.KeywordKey(removed), cancellationToken);
                return left is null
                    ? Unsubscribed()
                    : ManageForm(request, token!, left, HttpStatusCode.OK, $"Stopped alerts for {removed}.", null);
            case "save":
                var keywords = (form.GetValues("keyword") ?? []).Concat(SplitKeywords(form["add"])).ToList();
                if (keywords.Count == 0)
                {
                    return ManageForm(request, token!, record, HttpStatusCode.BadRequest, null,
                        "Choose at least one keyword, or use “Unsubscribe from all alerts” below.");
                }

                if (!SubscriptionService.TryValidateKeywords(keywords, out var valid, out var keywordError))
                {
                    return ManageForm(request, token!, record, HttpStatusCode.BadRequest, null, keywordError);
                }

                var max = subscriptionOptions.Value.MaxKeywordsPerSubscriber;
                if (valid.Concat(record.PendingKeywords).Select(MentionKeys.KeywordKey).Distinct(StringComparer.Ordinal).Count() > max)
                {
                    return ManageForm(request, token!, record, HttpStatusCode.BadRequest, null, $"At most {max} keywords per address.");
                }

                var frequency = form["frequency"];
                if (!SubscriberFrequency.IsValid(frequency))
                {
                    return ManageForm(request, token!, record, HttpStatusCode.BadRequest, null, "Choose instant alerts or a daily digest.");
                }

                var saved = await store.UpdatePreferencesAsync(record.Id, valid.ToList(), frequency!, form["paused"] == "on", cancellationToken);
                return saved is null
                    ? Unsubscribed()
                    : ManageForm(request, token!, saved, HttpStatusCode.OK, saved.Paused ? "Saved. Alerts are paused." : "Saved.", null);
            default:
                return ManageForm(request, token!, record, HttpStatusCode.BadRequest, null, "Unknown action: use one of the buttons below.");
        }
    }

    private PageResponse ManageForm(PageRequest request, string token, SubscriberRecord record, HttpStatusCode status, string? notice, string? error)
    {
        var (csrfField, setCookie) = csrf.Issue(request);
        var action = E("/" + SubscriptionLinks.ManagePath + "?token=" + Uri.EscapeDataString(token));
        var hidden = Invariant($"<input type=\"hidden\" name=\"{CsrfTokens.FieldName}\" value=\"{E(csrfField)}\">");
        var html = new StringBuilder();
        html.Append("<p>Alerts to ").Append(E(EmailAddresses.Mask(record.Email))).Append(".</p>");
        if (notice is not null)
        {
            html.Append("<p class=\"notice\" role=\"status\">").Append(E(notice)).Append("</p>");
        }

        html.Append(Invariant($"<form method=\"post\" action=\"{action}\" class=\"stack\" novalidate>{hidden}<input type=\"hidden\" name=\"action\" value=\"save\">"));
        html.Append("<fieldset").Append(error is null ? "" : " aria-describedby=\"keywords-error\"").Append("><legend>Keywords</legend><ul class=\"keywords\">");
        var index = 0;
        foreach (var keyword in record.Keywords)
        {
            var id = Invariant($"kw-{index++}");
            html.Append(Invariant($"<li><input type=\"checkbox\" id=\"{id}\" name=\"keyword\" value=\"{E(keyword)}\" checked><label for=\"{id}\">{E(keyword)}</label></li>"));
        }

        foreach (var keyword in record.PendingKeywords)
        {
            html.Append("<li>").Append(E(keyword)).Append(" <span class=\"hint\">(waiting for you to open the confirmation link)</span></li>");
        }

        html.Append("</ul><div class=\"field\"><label for=\"add\">Add keywords</label>")
            .Append("<p class=\"hint\" id=\"add-hint\">Separate several with commas.</p>")
            .Append("<input type=\"text\" id=\"add\" name=\"add\" ").Append(Described("add", error, "keywords-error")).Append("></div>")
            .Append(ErrorText("keywords", error)).Append("</fieldset>");
        html.Append("<fieldset><legend>How often</legend>")
            .Append(Radio("frequency", "freq-instant", SubscriberFrequency.Instant, "An email for each spike, as it happens", record.Frequency))
            .Append(Radio("frequency", "freq-daily", SubscriberFrequency.Daily, "One daily digest", record.Frequency))
            .Append("</fieldset>");
        html.Append("<div class=\"choice\"><input type=\"checkbox\" id=\"paused\" name=\"paused\"").Append(record.Paused ? " checked" : "")
            .Append("> <label for=\"paused\">Pause all alerts (nothing is sent until you untick this)</label></div>");
        html.Append("<div><button type=\"submit\">Save changes</button></div></form>");

        html.Append("<h2>Stop alerts</h2><ul class=\"keywords\">");
        foreach (var keyword in record.Keywords.Concat(record.PendingKeywords))
        {
            html.Append(Invariant($"<li><form method=\"post\" action=\"{action}\" class=\"inline\">{hidden}<input type=\"hidden\" name=\"action\" value=\"remove\">"))
                .Append(Invariant($"<input type=\"hidden\" name=\"keyword\" value=\"{E(keyword)}\"><button type=\"submit\" class=\"secondary\">Stop {E(keyword)} alerts</button></form></li>"));
        }

        html.Append("</ul>")
            .Append(Invariant($"<form method=\"post\" action=\"{action}\">{hidden}<input type=\"hidden\" name=\"action\" value=\"remove-all\">"))
            .Append("<button type=\"submit\" class=\"secondary\">Unsubscribe from all alerts</button></form>");
        var page = PageResponse.Page(status, "Manage your alerts", html.ToString());
        return setCookie is null ? page : page.WithHeader("Set-Cookie", setCookie);
    }

    private static PageResponse Unsubscribed() =>
        PageResponse.Page(HttpStatusCode.OK, "Unsubscribed",
            "<p class=\"notice\" role=\"status\">You will receive no more alerts; nothing about you is kept.</p><p><a href=\"/subscribe\">Subscribe again</a></p>");

    // ----- Feed health (admin): GET /admin/feeds -----

    public async Task<PageResponse> FeedHealthAsync(PageRequest request, CancellationToken cancellationToken = default)
    {
        if (!request.IsAdmin)
        {
            return Forbidden();
        }

        var rows = await FeedStatus.ReadAsync(feedCatalog, feedStates, timeProvider.GetUtcNow(), cancellationToken);
        var html = new StringBuilder();
        html.Append(Invariant($"<p>{rows.Count} feeds, {rows.Count(r => r.Enabled && r.BackingOff)} backing off. The same data as <code>newsmon feeds status</code>.</p>"));
        html.Append("<div class=\"table-wrap\"><table><caption class=\"visually-hidden\">Each feed's fetch state</caption><thead><tr>")
            .Append("<th scope=\"col\">Feed</th><th scope=\"col\">Last status</th><th scope=\"col\">Last success</th><th scope=\"col\">Failures</th>")
            .Append("<th scope=\"col\">Next attempt</th><th scope=\"col\">Articles stored</th><th scope=\"col\">Last error</th></tr></thead><tbody>");
        foreach (var row in rows)
        {
            var status = row.LastAttempt is null && row.LastStatus == nameof(FeedFetchStatus.None) ? "never fetched"
                : row.LastHttpStatus is { } http ? Invariant($"{row.LastStatus} ({http})") : row.LastStatus;
            var next = !row.Enabled ? "disabled" : Time(row.NextAttempt) ?? "next run";
            html.Append("<tr><th scope=\"row\">").Append(E(row.Id)).Append("<br><span class=\"hint\">").Append(E(row.Url)).Append("</span></th>")
                .Append("<td>").Append(E(status)).Append("</td><td>").Append(E(Time(row.LastSuccess) ?? "never")).Append("</td>")
                .Append(Invariant($"<td>{row.ConsecutiveFailures}</td>"))
                .Append("<td>").Append(E(next)).Append(row.NextAttemptReason is null ? "" : "<br><span class=\"hint\">" + E(row.NextAttemptReason) + "</span>").Append("</td>")
                .Append(Invariant($"<td>{row.ArticlesStored}</td>"))
                .Append("<td>").Append(E(row.LastError)).Append("</td></tr>");
        }

        html.Append("</tbody></table></div>");
        return PageResponse.Page(HttpStatusCode.OK, "Feed health", html.ToString());
    }

    // ----- Shared -----

    public static PageResponse Stylesheet()
    {
        // Resource names follow the folder (NewsMonitor.functions.Web.Resources.site.css), which issue 11's moves may change.
        var assembly = typeof(WebPages).Assembly;
        var name = assembly.GetManifestResourceNames().SingleOrDefault(n => n.EndsWith(".Web.Resources.site.css", StringComparison.Ordinal))
            ?? throw new InvalidOperationException("The stylesheet resource is missing from the build.");
        using var stream = assembly.GetManifestResourceStream(name)!;
        using var reader = new StreamReader(stream);
        return new PageResponse(HttpStatusCode.OK, "text/css; charset=utf-8", reader.ReadToEnd());
    }

    public static PageResponse NotFound() =>
        PageResponse.Page(HttpStatusCode.NotFound, "Page not found", "<p>There is no page here. <a href=\"/\">Trends</a> · <a href=\"/subscribe\">Subscribe</a></p>");

    public static PageResponse Forbidden() =>
        PageResponse.Page(HttpStatusCode.Forbidden, "For operators only",
            "<p>This page is for operators: in Azure it needs the function key (<code>?code=</code>); locally, start " +
            "<code>newsmon serve --admin</code>.</p>");

    private PageResponse CsrfRefused(PageRequest request)
    {
        var page = PageResponse.Page(HttpStatusCode.Forbidden, "Please send the form again",
            "<p>The form could not be checked (it was open too long, cookies are off, or it came from another site). " +
            "Nothing was changed. Go back, reload the page and send it again.</p>");
        var (_, setCookie) = csrf.Issue(request);
        return setCookie is null ? page : page.WithHeader("Set-Cookie", setCookie);
    }

    private async Task<IReadOnlyList<Article>> HeadlinesAsync(string keywordKey, string alertId, CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {keywordKey} and AlertId eq {alertId}");
        SpikeAlert? alert = null;
        await foreach (var row in storage.Table(StorageNames.SpikesTable).QueryAsync<SpikeRecord>(filter, maxPerPage: 1, select: [nameof(SpikeRecord.Message)], cancellationToken: cancellationToken))
        {
            alert = string.IsNullOrEmpty(row.Message) ? null : JsonSerializer.Deserialize<SpikeAlert>(row.Message, Json);
            break;
        }

        var articles = new List<Article>();
        foreach (var blobName in alert?.ArticleBlobNames.Distinct(StringComparer.Ordinal).Take(HeadlinesPerSpike * 2) ?? [])
        {
            try
            {
                var content = await storage.Container(StorageNames.ArticlesContainer).GetBlobClient(blobName).DownloadContentAsync(cancellationToken);
                if (content.Value.Content.ToObjectFromJson<Article>(Json) is { } article)
                {
                    articles.Add(article);
                }
            }
            catch (RequestFailedException exception) when (exception.Status == 404)
            {
                // Retention removed it: the spike still shows, with fewer headlines.
            }
        }

        return [.. articles.OrderByDescending(a => a.Published).Take(HeadlinesPerSpike)];
    }

    private static string[] SplitKeywords(string? text) =>
        (text ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static string Radio(string name, string id, string value, string label, string? current) =>
        $"<div class=\"choice\"><input type=\"radio\" id=\"{id}\" name=\"{name}\" value=\"{E(value)}\"{(string.Equals(current, value, StringComparison.OrdinalIgnoreCase) ? " checked" : "")}> <label for=\"{id}\">{E(label)}</label></div>";

    /// <summary>aria-describedby (hint, then the error when there is one) and aria-invalid for a field.</summary>
    private static string Described(string field, string? error, string? errorId = null) =>
        $"aria-describedby=\"{field}-hint{(error is null ? "" : " " + (errorId ?? field + "-error"))}\"{(error is null ? "" : " aria-invalid=\"true\"")}";

    private static string ErrorText(string field, string? error) =>
        error is null ? "" : $"<p class=\"error\" id=\"{field}-error\">{E(error)}</p>";

    private static string RangeLabel(int hours) => hours switch
    {
        24 => "Last 24 hours",
        72 => "Last 72 hours",
        168 => "Last 7 days",
        720 => "Last 30 days",
        _ => Invariant($"Last {hours} hours"),
    };

    private static string? Time(DateTimeOffset? time) =>
        time?.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);

    private static string Q(string value) => "“" + E(value.Trim()) + "”";

    private static string E(string? value) => PageLayout.Encode(value);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
