using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using NewsMonitor.Alerts;
using NewsMonitor.Alerts.Rendering;
using NewsMonitor.Subscriptions;

namespace NewsMonitor.Tests.Alerts.Rendering;

public sealed class AlertEmailRendererTests
{
    private const string HostileTitle = "<script>alert(1)</script><img src=x onerror=alert(2)>Taliban \"advance\"";
    private static readonly DateTimeOffset WindowStart = new(2021, 7, 9, 10, 0, 0, TimeSpan.Zero);
    private static readonly string[] CopySources = ["Meridian", "Mint", "Continental Times", "Asia Pacific Report"];

    private static readonly Subscriber Reader = new()
    {
        Id = EmailAddresses.SubscriberId("reader@example.com"),
        Email = "reader@example.com",
        Keywords = ["Taliban"],
        Confirmed = true,
    };

    [Theory]
    [InlineData(14, 2.8, 1, "Taliban: 14 articles in the last hour, 5x usual")]
    [InlineData(9, 2.0, 1, "Taliban: 9 articles in the last hour, 4.5x usual")]
    [InlineData(40, 1.5, 3, "Taliban: 40 articles in the last 3 hours, 27x usual")]
    [InlineData(1, 0.1, 1, "Taliban: 1 article in the last hour, usually almost none")]
    public void Subject_Magnitudes_ReadAsASentence(int observed, double expected, int hours, string subject)
    {
        var alert = Alert() with { Observed = observed, Expected = expected, WindowEnd = WindowStart.AddHours(hours) };

        Assert.Equal(subject, AlertEmailRenderer.Subject(alert));
    }

    [Fact]
    public void Render_HostileFeedMarkup_IsEncodedAndUnsafeLinksDropped()
    {
        var content = Content([
            new Headline(HostileTitle, "<b onmouseover=alert(3)>Evil Feed</b>", WindowStart, SafeLinks.Parse("javascript:alert(4)")),
            new Headline("Data link", "Feed", WindowStart, SafeLinks.Parse("data:text/html,<script>alert(5)</script>")),
            new Headline("Fine", "Mint", WindowStart, SafeLinks.Parse("https://www.livemint.com/news/world/taliban?x=1&y=<2>")),
        ]);

        var email = CreateSut().Render(content, Reader);

        Assert.DoesNotContain("<script", email.HtmlBody, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<img src=x", email.HtmlBody, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<b ", email.HtmlBody, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("javascript:", email.HtmlBody, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("data:text", email.HtmlBody, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", email.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("href=\"https://www.livemint.com/news/world/taliban?x=1&amp;y=%3C2%3E\"", email.HtmlBody, StringComparison.Ordinal);
        Assert.DoesNotContain("javascript:", email.TextBody, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(3, CountOccurrences(email.HtmlBody!, "<a href="));
    }

    [Fact]
    public void Render_Links_AreSignedTokensForThisSubscriberWithRfc8058Headers()
    {
        var tokens = Tokens();
        var email = CreateSut(tokens).Render(Content([]), Reader);

        var header = email.Headers["List-Unsubscribe"];
        Assert.Matches("^<https://news\\.example\\.org/api/unsubscribe\\?token=[^>]+>$", header);
        var token = Uri.UnescapeDataString(header[(header.IndexOf("token=", StringComparison.Ordinal) + 6)..^1]);
        Assert.True(tokens.TryValidate(token, TokenPurpose.Unsubscribe, out var claims));
        Assert.Equal(Reader.Id, claims!.SubscriberId);
        Assert.Equal("taliban", claims.KeywordKey);
        Assert.Equal("List-Unsubscribe=One-Click", email.Headers["List-Unsubscribe-Post"]);
        Assert.Contains("Manage your alerts", email.HtmlBody, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_Chart_IsAnInlinePngReferencedByCid()
    {
        var counts = Enumerable.Range(0, 72)
            .Select(i => new HourlyCount(WindowStart.AddHours(i - 71), i == 71 ? 14 : (i % 5 == 0 ? 2 : i % 3)))
            .ToList();
        var content = Content([]) with { Counts = counts, ChartPng = SpikeChart.Render(Alert(), counts) };

        var email = CreateSut().Render(content, Reader);

        var image = Assert.Single(email.InlineImages);
        Assert.Equal("image/png", image.ContentType);
        Assert.Contains($"src=\"cid:{image.ContentId}\"", email.HtmlBody, StringComparison.Ordinal);
        var png = image.Content.Span;
        Assert.True(png[..8].SequenceEqual(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }));
        Assert.Equal(SpikeChart.Width, System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(png[16..20]));
        if (Environment.GetEnvironmentVariable("NEWSMON_CHART_OUT") is { Length: > 0 } path)
        {
            File.WriteAllBytes(path, png.ToArray());
        }
    }

    [Fact]
    public void Render_SmallUsualCount_ExplainsTheNumberInWordsAndUnitsNotAsAScore()
    {
        // Friday 9 July 2021, 10:00 UTC: five articles in an hour where 0.2 are usual, a 1-in-30,000-hours surprise.
        var alert = Alert() with { Observed = 5, Expected = 0.2, Score = 4.5 };

        var email = CreateSut().Render(Content([]) with { Alert = alert }, Reader);

        Assert.Equal(
            "about 25x the usual 0.2 articles/hour for a Friday morning (UTC); by chance, less than once a year",
            AlertEmailRenderer.Explain(alert));
        Assert.Contains("Usual:       0.2 articles/hour for a Friday morning (UTC)", email.TextBody, StringComparison.Ordinal);
        Assert.Contains("How unusual: about 25x the usual; by chance, less than once a year", email.TextBody, StringComparison.Ordinal);
        Assert.Contains("<td>about 25x the usual; by chance, less than once a year</td>", email.HtmlBody, StringComparison.Ordinal);
        Assert.DoesNotContain("Score", email.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain("Expected", email.HtmlBody, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_ThreeHourWindowAtNight_UsualIsPerHourForThatTime()
    {
        var alert = Alert() with { WindowStart = WindowStart.AddHours(13), WindowEnd = WindowStart.AddHours(16), Observed = 40, Expected = 1.5, Score = 9 };

        var email = CreateSut().Render(Content([]) with { Alert = alert }, Reader);

        Assert.Contains("Observed:    40 articles in the last 3 hours", email.TextBody, StringComparison.Ordinal);
        Assert.Contains("Usual:       0.5 articles/hour for a Friday night (UTC)", email.TextBody, StringComparison.Ordinal);
        Assert.Contains("How unusual: about 27x the usual; by chance, less than once a century", email.TextBody, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1.0, "more than once a day")]
    [InlineData(2.5, "about once in 13 days")]
    [InlineData(3.0, "about once in 6 weeks")]
    [InlineData(3.5, "about once in 4 months")]
    [InlineData(4.0, "less than once a year")]
    [InlineData(5.5, "less than once a decade")]
    [InlineData(40.0, "less than once a century")]
    public void Rarity_Scores_ReadAsHowOftenByChance(double score, string words)
    {
        Assert.Equal(words, NewsMonitor.Spikes.SpikeReason.Rarity(score));
    }

    [Fact]
    public void XLimits_SpikeInTheNewestHour_LeavesRoomAfterTheSpikeWindow()
    {
        var counts = Enumerable.Range(0, 72).Select(i => new HourlyCount(WindowStart.AddHours(i - 71), i % 4)).ToList();

        var (left, right) = SpikeChart.XLimits(Alert(), counts);

        Assert.True(left < counts[0].BucketStart.UtcDateTime.ToOADate());
        Assert.Equal(Alert().WindowEnd.AddHours(12).UtcDateTime.ToOADate(), right, 6);
    }

    [Fact]
    public void Render_SyndicatedStory_OneHeadlineWithAlsoInAndALedeLine()
    {
        var wire = Article("global-wire", "Global Wire", "Taliban claim control of 85% of Afghanistan's territory", WindowStart.AddMinutes(5));
        var copies = CopySources
            .Select((source, n) => Article($"copy-{n}", source, "UPDATE 1-Taliban claim control of 85% of Afghanistan's territory", WindowStart.AddMinutes(10 + n)))
            .ToList();
        var other = Article("meridian-islam-qala", "Meridian", "Taliban seize Islam Qala border crossing with Iran", WindowStart.AddMinutes(40));
        string[] expectedTitles = ["Taliban seize Islam Qala border crossing with Iran", "Taliban claim control of 85% of Afghanistan's territory"];
        IReadOnlyList<NewsMonitor.Articles.Article> articles = [wire, .. copies, other];
        var analyses = articles.Select(article => Analysis(article, article == other ? other.Id : wire.Id)).ToList();
        var headlines = AlertContentLoader.Group(articles, analyses);
        var alert = Alert() with { Observed = 2, CountsStories = true, Articles = 6, DistinctStories = 2, DistinctSources = 5 };

        var email = CreateSut().Render(Content(headlines) with { Alert = alert }, Reader);

        Assert.Equal(expectedTitles, headlines.Select(h => h.Title));
        Assert.Equal(1, CountOccurrences(email.TextBody, "Taliban claim control of 85%"));
        Assert.Contains("also in: Meridian, Mint and 2 others", email.TextBody, StringComparison.Ordinal);
        Assert.Contains("also in: Meridian, Mint and 2 others", email.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("The Taliban said on Friday they control most of the country.", email.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain("newsletter", email.TextBody, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("Observed:    2 stories in the last hour (2 stories in 6 articles)", email.TextBody, StringComparison.Ordinal);
        Assert.StartsWith("Taliban: 2 stories in the last hour", email.Subject, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Mint", "also in: Mint")]
    [InlineData("Mint,Dawn", "also in: Mint and Dawn")]
    [InlineData("Mint,Dawn,TASS", "also in: Mint, Dawn and TASS")]
    [InlineData("Mint,Dawn,TASS,AP,BBC", "also in: Mint, Dawn and 3 others")]
    public void AlsoIn_Sources_NamesTwoThenCounts(string sources, string expected)
    {
        Assert.Equal(expected, AlertEmailRenderer.AlsoIn(sources.Split(',')));
    }

    private static NewsMonitor.Articles.Article Article(string slug, string source, string title, DateTimeOffset published)
    {
        var url = $"https://{slug}.example/world/taliban";
        return new NewsMonitor.Articles.Article
        {
            Id = NewsMonitor.Articles.ArticleId.FromCanonicalUrl(url),
            Url = url,
            Title = title,
            Summary = "The Taliban said on Friday they control most of the country. Subscribe to our newsletter.",
            Published = published,
            FetchedAt = published,
            FeedId = slug,
            Source = source,
        };
    }

    private static NewsMonitor.Analysis.ArticleAnalysis Analysis(NewsMonitor.Articles.Article article, string storyId) => new()
    {
        ArticleId = article.Id,
        ArticleBlobName = article.BlobName,
        AnalyzedAt = article.Published,
        Result = new NewsMonitor.Analysis.TextAnalysis { Language = "en", Analyzer = "local", Sentiment = new NewsMonitor.Analysis.SentimentScores("neutral", 0, 1, 0) },
        StoryId = storyId,
    };

    private static AlertEmailRenderer CreateSut(SubscriptionTokens? tokens = null)
    {
        var options = Options.Create(new SubscriptionsOptions
        {
            TokenSigningKey = AlertsTestHost.SigningKey,
            PublicBaseUrl = AlertsTestHost.BaseUrl,
        });
        return new AlertEmailRenderer(new SubscriptionLinks(tokens ?? Tokens(), options));
    }

    private static SubscriptionTokens Tokens() => new(
        Options.Create(new SubscriptionsOptions { TokenSigningKey = AlertsTestHost.SigningKey, PublicBaseUrl = AlertsTestHost.BaseUrl }),
        new FakeTimeProvider(WindowStart));

    private static SpikeAlert Alert() => new()
    {
        AlertId = "taliban|2021070910",
        Keyword = "Taliban",
        WindowStart = WindowStart,
        WindowEnd = WindowStart.AddHours(1),
        Observed = 14,
        Expected = 2.8,
        Score = 7.4,
        DistinctSources = 5,
        DetectedAt = WindowStart.AddMinutes(50),
        Reason = "14 articles <from> 5 sources against 2.8 expected.",
    };

    private static AlertContent Content(IReadOnlyList<Headline> headlines) => new()
    {
        Alert = Alert(),
        Headlines = headlines,
        Sentiment = new SentimentMix(1, 3, 9, 1),
        Entities = [new EntityMention("Afghanistan", "Location", 12), new EntityMention("<i>Lavrov</i>", "Person", 3)],
    };

    private static int CountOccurrences(string text, string value)
    {
        var count = 0;
        for (var index = text.IndexOf(value, StringComparison.Ordinal); index >= 0; index = text.IndexOf(value, index + 1, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}
