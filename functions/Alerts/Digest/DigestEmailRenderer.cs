using System.Globalization;
using System.Text;
using NewsMonitor.Alerts.Email;
using NewsMonitor.Alerts.Rendering;
using NewsMonitor.Analysis;
using NewsMonitor.Subscriptions;

namespace NewsMonitor.Alerts.Digest;

/// <summary>
/// One subscriber's daily digest: per keyword, each spike's headline numbers, why it fired and its top headlines,
/// composed from <see cref="AlertEmailRenderer"/>'s pieces (same encoding of feed text, same links, same RFC 8058
/// headers). The one-click List-Unsubscribe stops the whole digest; the body also offers per-keyword links.
/// </summary>
internal sealed class DigestEmailRenderer(SubscriptionLinks links)
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public EmailMessage Render(DigestContent digest, Subscriber subscriber, string digestId)
    {
        var unsubscribeAll = links.Unsubscribe(subscriber.Id, null).AbsoluteUri;
        var manage = links.Manage(subscriber.Id).AbsoluteUri;
        var keywords = digest.Spikes
            .GroupBy(spike => MentionKeys.KeywordKey(spike.Alert.Keyword), StringComparer.Ordinal)
            .Select(group => new KeywordSection(
                AlertEmailRenderer.Printable(group.First().Alert.Keyword),
                links.Unsubscribe(subscriber.Id, group.Key).AbsoluteUri,
                [.. group]))
            .ToList();
        var subject = Subject(digest, keywords);
        return new EmailMessage
        {
            MessageId = AlertEmailRenderer.MessageId(digestId, subscriber.Id),
            To = subscriber.Email,
            ToName = subscriber.DisplayName,
            Subject = subject,
            TextBody = RenderText(digest, keywords, subject, unsubscribeAll, manage),
            HtmlBody = RenderHtml(digest, keywords, subject, unsubscribeAll, manage),
            Headers = AlertEmailRenderer.ListHeaders(unsubscribeAll),
        };
    }

    private static string Subject(DigestContent digest, List<KeywordSection> keywords)
    {
        var spikes = digest.Spikes.Count == 1 ? "1 spike" : string.Create(Invariant, $"{digest.Spikes.Count} spikes");
        return string.Create(Invariant, $"NewsMonitor daily digest {digest.Day:yyyy-MM-dd}: {spikes} ({string.Join(", ", keywords.Select(k => k.Keyword))})");
    }

    private static string Period(DigestContent digest) =>
        string.Create(Invariant, $"{digest.WindowStart.UtcDateTime:yyyy-MM-dd HH:mm} to {digest.WindowEnd.UtcDateTime:yyyy-MM-dd HH:mm} UTC");

    private static string RenderHtml(DigestContent digest, List<KeywordSection> keywords, string subject, string unsubscribeAll, string manage)
    {
        var html = new StringBuilder();
        AlertEmailRenderer.AppendHtmlStart(html, subject);
        html.Append(Invariant, $"""
            <p style="margin:0 0 12px;color:#666">Coverage spikes detected from {E(Period(digest))}.</p>

            """);
        foreach (var section in keywords)
        {
            html.Append(Invariant, $"<h2 style=\"font-size:18px;margin:20px 0 6px;border-bottom:1px solid #ddd\">{E(section.Keyword)}</h2>\n");
            foreach (var spike in section.Spikes)
            {
                var alert = spike.Alert;
                html.Append(Invariant, $"""
                    <h3 style="font-size:16px;margin:12px 0 4px">{E(AlertEmailRenderer.Subject(alert))}</h3>
                    <p style="margin:0 0 6px">{E(alert.Reason)}</p>
                    <p style="margin:0 0 6px;color:#666;font-size:13px">Observed {alert.Observed} · expected {alert.Expected:0.0} · score {alert.Score:0.0} · {alert.DistinctSources} sources · {E(AlertEmailRenderer.Window(alert))}</p>

                    """);
                AlertEmailRenderer.AppendHeadlinesHtml(html, spike);
            }

            html.Append(Invariant, $"<p style=\"font-size:12px\"><a href=\"{E(section.Unsubscribe)}\">Unsubscribe from {E(section.Keyword)}</a></p>\n");
        }

        html.Append(Invariant, $"""
            <hr style="border:none;border-top:1px solid #ddd;margin:20px 0 8px">
            <p style="color:#666;font-size:12px">You receive this because you subscribed to a daily NewsMonitor digest.
            <a href="{E(unsubscribeAll)}">Unsubscribe from the digest</a> · <a href="{E(manage)}">Manage your alerts</a></p>
            </div></body></html>
            """);
        return html.ToString();
    }

    private static string RenderText(DigestContent digest, List<KeywordSection> keywords, string subject, string unsubscribeAll, string manage)
    {
        var text = new StringBuilder();
        text.AppendLine(subject).AppendLine();
        text.AppendLine(Invariant, $"Coverage spikes detected from {Period(digest)}.");
        foreach (var section in keywords)
        {
            text.AppendLine().AppendLine(Invariant, $"== {section.Keyword} ==");
            foreach (var spike in section.Spikes)
            {
                var alert = spike.Alert;
                text.AppendLine().AppendLine(AlertEmailRenderer.Subject(alert));
                text.AppendLine(AlertEmailRenderer.Printable(alert.Reason));
                text.AppendLine(Invariant, $"Observed {alert.Observed}, expected {alert.Expected:0.0}, score {alert.Score:0.0}, {alert.DistinctSources} sources, {AlertEmailRenderer.Window(alert)}");
                AlertEmailRenderer.AppendHeadlinesText(text, spike);
            }

            text.AppendLine(Invariant, $"Unsubscribe from {section.Keyword}: {section.Unsubscribe}");
        }

        text.AppendLine().AppendLine("You receive this because you subscribed to a daily NewsMonitor digest.");
        text.AppendLine(Invariant, $"Unsubscribe from the digest: {unsubscribeAll}");
        text.AppendLine(Invariant, $"Manage your alerts: {manage}");
        return text.ToString();
    }

    private static string E(string? text) => AlertEmailRenderer.E(text);

    private sealed record KeywordSection(string Keyword, string Unsubscribe, IReadOnlyList<AlertContent> Spikes);
}
