using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using NewsMonitor.Alerts.Email;
using NewsMonitor.Analysis;
using NewsMonitor.Spikes;
using NewsMonitor.Subscriptions;

namespace NewsMonitor.Alerts.Rendering;

/// <summary>
/// Turns an alert into one subscriber's email: subject with keyword and magnitude, HTML and text parts, the chart
/// inline (cid:), headlines, sentiment mix, entities, why it fired, and signed manage/unsubscribe links with the
/// RFC 8058 headers. Every piece of feed text is HTML-encoded and only http(s) links are emitted: a feed's markup
/// never reaches the email as markup.
/// </summary>
internal sealed class AlertEmailRenderer(SubscriptionLinks links)
{
    public const string ChartContentId = "spike-chart";
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;
    private static readonly HtmlEncoder Html = HtmlEncoder.Default;

    public EmailMessage Render(AlertContent content, Subscriber subscriber)
    {
        var alert = content.Alert;
        var keyword = Printable(alert.Keyword);
        var keywordKey = MentionKeys.KeywordKey(alert.Keyword);
        var unsubscribe = links.Unsubscribe(subscriber.Id, keywordKey).AbsoluteUri;
        var manage = links.Manage(subscriber.Id).AbsoluteUri;
        var subject = Subject(alert);
        var hasChart = !content.ChartPng.IsEmpty;

        return new EmailMessage
        {
            MessageId = MessageId(alert.AlertId, subscriber.Id),
            To = subscriber.Email,
            ToName = subscriber.DisplayName,
            Subject = subject,
            TextBody = RenderText(content, keyword, subject, unsubscribe, manage),
            HtmlBody = RenderHtml(content, keyword, subject, unsubscribe, manage, hasChart),
            InlineImages = hasChart ? [new InlineImage(ChartContentId, "spike-chart.png", "image/png", content.ChartPng)] : [],
            Headers = ListHeaders(unsubscribe),
        };
    }

    /// <summary>RFC 8058 one-click unsubscribe (the POST goes to the same signed link) and RFC 3834's auto-submitted mark.</summary>
    internal static Dictionary<string, string> ListHeaders(string unsubscribe) => new()
    {
        ["List-Unsubscribe"] = $"<{unsubscribe}>",
        ["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click",
        ["Auto-Submitted"] = "auto-generated",
    };

    /// <summary>"Taliban: 14 articles in the last hour, 5x usual" ("14 stories" when stories are counted).</summary>
    public static string Subject(SpikeAlert alert) =>
        $"{Printable(alert.Keyword)}: {alert.Observed.ToString(Invariant)} {SpikeReason.Unit(alert.Observed, alert.CountsStories)} in {WindowText(alert)}, {Magnitude(alert)}";

    /// <summary>"12 stories in the last hour (11 stories in 30 articles)": the copies are shown when there are more articles than stories.</summary>
    internal static string ObservedText(SpikeAlert alert)
    {
        var observed = string.Create(Invariant, $"{alert.Observed} {SpikeReason.Unit(alert.Observed, alert.CountsStories)} in {WindowText(alert)}");
        if (alert.CountsStories && alert.Articles > alert.DistinctStories && alert.DistinctStories > 0)
        {
            observed += string.Create(Invariant, $" ({alert.DistinctStories} {SpikeReason.Unit(alert.DistinctStories, true)} in {alert.Articles} articles)");
        }

        return observed;
    }

    /// <summary>"also in: Meridian, Mint and 12 others".</summary>
    internal static string AlsoIn(IReadOnlyList<string> sources)
    {
        const int Named = 2;
        return sources.Count switch
        {
            0 => string.Empty,
            1 => $"also in: {sources[0]}",
            2 => $"also in: {sources[0]} and {sources[1]}",
            3 => $"also in: {sources[0]}, {sources[1]} and {sources[2]}",
            _ => string.Create(Invariant, $"also in: {sources[0]}, {sources[1]} and {sources.Count - Named} others"),
        };
    }

    public static string MessageId(string alertId, string subscriberId)
    {
        var alertHash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(alertId)))[..20];
        return $"alert.{alertHash}.{subscriberId}@newsmonitor";
    }

    /// <summary>The number explained: "about 25x the usual 0.2 articles/hour for a Friday morning (UTC); by chance, less than once a year".</summary>
    public static string Explain(SpikeAlert alert) => $"{Ratio(alert)} the usual {Usual(alert)}; by chance, {SpikeReason.Rarity(alert.Score)}";

    /// <summary>"0.2 articles/hour for a Friday morning (UTC)": the expectation per hour, and the time it was judged for.</summary>
    internal static string Usual(SpikeAlert alert)
    {
        var hours = Math.Max(1, (alert.WindowEnd - alert.WindowStart).TotalHours);
        var perHour = alert.Expected / hours;
        var rate = perHour >= 10 ? string.Create(Invariant, $"{perHour:0}") : string.Create(Invariant, $"{perHour:0.0#}");
        var start = alert.WindowStart.UtcDateTime;
        return $"{rate} {SpikeReason.Unit(2, alert.CountsStories)}/hour for a {start.DayOfWeek.ToString()} {DayPart(start.Hour)} (UTC)";
    }

    internal static string HowUnusual(SpikeAlert alert) => $"{Ratio(alert)} the usual; by chance, {SpikeReason.Rarity(alert.Score)}";

    private static string Ratio(SpikeAlert alert)
    {
        var ratio = alert.Expected > 0 ? alert.Observed / alert.Expected : double.PositiveInfinity;
        return double.IsPositiveInfinity(ratio) ? "far above"
            : ratio >= 10 ? string.Create(Invariant, $"about {ratio:0}x")
            : string.Create(Invariant, $"about {ratio:0.#}x");
    }

    private static string DayPart(int hour) => hour switch
    {
        >= 5 and < 12 => "morning",
        >= 12 and < 17 => "afternoon",
        >= 17 and < 22 => "evening",
        _ => "night",
    };

    private static string WindowText(SpikeAlert alert)
    {
        var hours = (int)Math.Round((alert.WindowEnd - alert.WindowStart).TotalHours);
        return hours <= 1 ? "the last hour" : string.Create(Invariant, $"the last {hours} hours");
    }

    private static string Magnitude(SpikeAlert alert)
    {
        if (alert.Expected < 0.5)
        {
            return "usually almost none";
        }

        var ratio = alert.Observed / alert.Expected;
        return ratio >= 10
            ? string.Create(Invariant, $"{ratio:0}x usual")
            : string.Create(Invariant, $"{ratio:0.#}x usual");
    }

    private static string RenderHtml(AlertContent content, string keyword, string subject, string unsubscribe, string manage, bool hasChart)
    {
        var alert = content.Alert;
        var html = new StringBuilder();
        AppendHtmlStart(html, subject);
        html.Append(Invariant, $"""
            <p style="margin:0 0 12px">{E(alert.Reason)}</p>
            <table role="presentation" style="border-collapse:collapse;margin:0 0 16px;font-size:14px">
            <tr><td style="padding:2px 12px 2px 0;color:#666">Observed</td><td>{E(ObservedText(alert))}</td></tr>
            <tr><td style="padding:2px 12px 2px 0;color:#666">Usual</td><td>{E(Usual(alert))}</td></tr>
            <tr><td style="padding:2px 12px 2px 0;color:#666">How unusual</td><td>{E(HowUnusual(alert))}</td></tr>
            <tr><td style="padding:2px 12px 2px 0;color:#666">Window</td><td>{E(Window(alert))}</td></tr>
            <tr><td style="padding:2px 12px 2px 0;color:#666">Sources</td><td>{alert.DistinctSources}</td></tr>
            </table>

            """);
        if (hasChart)
        {
            html.Append(Invariant, $"<p><img src=\"cid:{ChartContentId}\" width=\"720\" style=\"max-width:100%;height:auto\" alt=\"Articles per hour about {E(keyword)} over the last {content.Counts.Count} hours, spike window highlighted\"></p>\n");
        }

        html.Append("<h2 style=\"font-size:16px;margin:16px 0 6px\">Headlines behind the spike</h2>\n");
        AppendHeadlinesHtml(html, content);

        if (content.Sentiment.Total > 0)
        {
            html.Append(Invariant, $"<h2 style=\"font-size:16px;margin:16px 0 6px\">Tone of coverage</h2>\n<p style=\"margin:0\">{E(SentimentText(content.Sentiment))}</p>\n{SentimentBar(content.Sentiment)}\n");
        }

        if (content.Entities.Count > 0)
        {
            html.Append("<h2 style=\"font-size:16px;margin:16px 0 6px\">Mentioned alongside</h2>\n<p style=\"margin:0\">");
            html.Append(string.Join(" · ", content.Entities.Select(entity =>
                $"{E(entity.Text)} <span style=\"color:#666\">({E(entity.Category)}, {entity.Articles.ToString(Invariant)})</span>")));
            html.Append("</p>\n");
        }

        html.Append(Invariant, $"""
            <hr style="border:none;border-top:1px solid #ddd;margin:20px 0 8px">
            <p style="color:#666;font-size:12px">You receive this because you subscribed to NewsMonitor alerts for {E(keyword)}.
            <a href="{E(unsubscribe)}">Unsubscribe from {E(keyword)}</a> · <a href="{E(manage)}">Manage your alerts</a></p>
            </div></body></html>
            """);
        return html.ToString();
    }

    private static string RenderText(AlertContent content, string keyword, string subject, string unsubscribe, string manage)
    {
        var alert = content.Alert;
        var text = new StringBuilder();
        text.AppendLine(subject).AppendLine();
        text.AppendLine(Printable(alert.Reason)).AppendLine();
        text.AppendLine(Invariant, $"Observed:    {ObservedText(alert)}");
        text.AppendLine(Invariant, $"Usual:       {Usual(alert)}");
        text.AppendLine(Invariant, $"How unusual: {HowUnusual(alert)}");
        text.AppendLine(Invariant, $"Window:      {Window(alert)}");
        text.AppendLine(Invariant, $"Sources:     {alert.DistinctSources}").AppendLine();
        text.AppendLine("Headlines behind the spike:");
        AppendHeadlinesText(text, content);

        if (content.Sentiment.Total > 0)
        {
            text.AppendLine().AppendLine(Invariant, $"Tone of coverage: {SentimentText(content.Sentiment)}");
        }

        if (content.Entities.Count > 0)
        {
            text.AppendLine().AppendLine(Invariant, $"Mentioned alongside: {string.Join(", ", content.Entities.Select(e => $"{Printable(e.Text)} ({e.Articles})"))}");
        }

        text.AppendLine().AppendLine(Invariant, $"You receive this because you subscribed to NewsMonitor alerts for {keyword}.");
        text.AppendLine(Invariant, $"Unsubscribe from {keyword}: {unsubscribe}");
        text.AppendLine(Invariant, $"Manage your alerts: {manage}");
        return text.ToString();
    }

    /// <summary>The document up to and including the subject as heading (the caller closes it).</summary>
    internal static void AppendHtmlStart(StringBuilder html, string subject) =>
        html.Append(Invariant, $"""
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>{E(subject)}</title></head>
            <body style="margin:0;padding:16px;font-family:Arial,Helvetica,sans-serif;color:#222;background:#fff">
            <div style="max-width:720px;margin:0 auto">
            <h1 style="font-size:20px;margin:0 0 8px">{E(subject)}</h1>

            """);

    /// <summary>The spike's headlines as a list: feed text encoded, links only when http(s).</summary>
    internal static void AppendHeadlinesHtml(StringBuilder html, AlertContent content)
    {
        html.Append("<ul style=\"padding-left:18px;margin:0\">\n");
        foreach (var headline in content.Headlines)
        {
            var title = headline.Link is { } link
                ? $"<a href=\"{E(link.AbsoluteUri)}\" style=\"color:#1a4f9c\">{E(headline.Title)}</a>"
                : E(headline.Title);
            var alsoIn = headline.AlsoIn.Count > 0
                ? $"<br><span style=\"color:#666;font-size:13px\">{E(AlsoIn(headline.AlsoIn))}</span>"
                : string.Empty;
            var snippet = headline.Snippet.Length > 0
                ? $"<br><span style=\"font-size:13px\">{E(headline.Snippet)}</span>"
                : string.Empty;
            html.Append(Invariant, $"<li style=\"margin:0 0 6px\">{title}<br><span style=\"color:#666;font-size:13px\">{E(headline.Source)} · {E(Time(headline.Published))}</span>{alsoIn}{snippet}</li>\n");
        }

        html.Append("</ul>\n");
        if (content.MoreArticles > 0)
        {
            html.Append(Invariant, $"<p style=\"color:#666;font-size:13px\">and {content.MoreArticles} more {(content.MoreArticles == 1 ? "story" : "stories")}.</p>\n");
        }
    }

    internal static void AppendHeadlinesText(StringBuilder text, AlertContent content)
    {
        foreach (var headline in content.Headlines)
        {
            text.AppendLine(Invariant, $"- {Printable(headline.Title)}");
            text.AppendLine(Invariant, $"  {Printable(headline.Source)}, {Time(headline.Published)}");
            if (headline.AlsoIn.Count > 0)
            {
                text.AppendLine(Invariant, $"  {Printable(AlsoIn(headline.AlsoIn))}");
            }

            if (headline.Snippet.Length > 0)
            {
                text.AppendLine(Invariant, $"  {Printable(headline.Snippet)}");
            }

            if (headline.Link is { } link)
            {
                text.AppendLine(Invariant, $"  {link.AbsoluteUri}");
            }
        }

        if (content.MoreArticles > 0)
        {
            text.AppendLine(Invariant, $"  and {content.MoreArticles} more {(content.MoreArticles == 1 ? "story" : "stories")}.");
        }
    }

    private static string SentimentText(SentimentMix mix)
    {
        var parts = new List<string>();
        Add(mix.Negative, "negative");
        Add(mix.Neutral, "neutral");
        Add(mix.Positive, "positive");
        Add(mix.Mixed, "mixed");
        return string.Join(", ", parts) + string.Create(Invariant, $" (of {mix.Total} analyzed articles)");

        void Add(int count, string label)
        {
            if (count > 0)
            {
                parts.Add(string.Create(Invariant, $"{count} {label}"));
            }
        }
    }

    private static string SentimentBar(SentimentMix mix)
    {
        var cells = new StringBuilder("<table role=\"presentation\" style=\"border-collapse:collapse;width:100%;max-width:480px;height:10px;margin:6px 0\"><tr>");
        foreach (var (count, color) in new[] { (mix.Negative, "#c0392b"), (mix.Neutral, "#95a5a6"), (mix.Positive, "#27ae60"), (mix.Mixed, "#f39c12") })
        {
            if (count > 0)
            {
                cells.Append(Invariant, $"<td style=\"background:{color};width:{100.0 * count / mix.Total:0}%;height:10px\"></td>");
            }
        }

        return cells.Append("</tr></table>").ToString();
    }

    internal static string Window(SpikeAlert alert) =>
        string.Create(Invariant, $"{alert.WindowStart.UtcDateTime:yyyy-MM-dd HH:mm}–{alert.WindowEnd.UtcDateTime:HH:mm} UTC");

    private static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", Invariant);

    internal static string E(string? text) => Html.Encode(Printable(text));

    /// <summary>Control characters (including CR/LF, which could fold a header) never leave feed text.</summary>
    internal static string Printable(string? text) =>
        string.IsNullOrEmpty(text) ? string.Empty : new string(text.Select(c => char.IsControl(c) ? ' ' : c).ToArray()).Trim();
}
