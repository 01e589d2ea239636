using System.Text.Json;
using Azure;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NewsMonitor.Analysis;
using NewsMonitor.Analysis.Mentions;
using NewsMonitor.Articles;
using NewsMonitor.Storage;

namespace NewsMonitor.Alerts.Rendering;

/// <summary>
/// Gathers what the email shows: the articles behind the spike (<c>articles/</c>), their analyses (<c>analysis/</c>)
/// and the keyword's hourly counts (<see cref="MentionReader"/>), then draws the chart.
/// </summary>
internal sealed class AlertContentLoader(
    NewsStorage storage,
    MentionReader reader,
    IOptions<AlertsOptions> options,
    ILogger<AlertContentLoader> logger)
{
    private const int MaxSnippet = 200;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Entity categories that say nothing about who or what the story is about.</summary>
    private static readonly HashSet<string> IgnoredCategories =
        new(["DateTime", "Quantity", "URL", "Email", "PhoneNumber", "IP"], StringComparer.OrdinalIgnoreCase);

    public async Task<AlertContent> LoadAsync(SpikeAlert alert, CancellationToken cancellationToken = default)
    {
        var articles = new List<Article>();
        var analyses = new List<ArticleAnalysis>();
        foreach (var blobName in alert.ArticleBlobNames.Distinct(StringComparer.Ordinal))
        {
            var article = await ReadAsync<Article>(StorageNames.ArticlesContainer, blobName, cancellationToken);
            if (article is null)
            {
                AlertsLog.ArticleMissing(logger, alert.AlertId, blobName);
                continue;
            }

            articles.Add(article);
            if (await ReadAsync<ArticleAnalysis>(StorageNames.AnalysisContainer, blobName, cancellationToken) is { } analysis)
            {
                analyses.Add(analysis);
            }
        }

        var settings = options.Value;
        var headlines = Group(articles, analyses);
        var counts = await LoadCountsAsync(alert, settings.ChartHours, cancellationToken);
        return new AlertContent
        {
            Alert = alert,
            Headlines = headlines.Take(settings.MaxHeadlines).ToList(),
            MoreArticles = Math.Max(0, headlines.Count - settings.MaxHeadlines),
            Sentiment = SentimentOf(analyses),
            Entities = EntitiesOf(analyses, alert.Keyword, settings.MaxEntities),
            Counts = counts,
            ChartPng = SpikeChart.Render(alert, counts),
        };
    }

    /// <summary>
    /// One headline per story (the analysis blob's story id; an article without one is its own story): the story's
    /// first copy among the spike's articles, the other outlets that ran it, a line of its lede; the story with the
    /// newest copy first.
    /// </summary>
    internal static List<Headline> Group(IReadOnlyList<Article> articles, IReadOnlyList<ArticleAnalysis> analyses)
    {
        var storyOf = analyses
            .Where(analysis => analysis.StoryId is not null)
            .GroupBy(analysis => analysis.ArticleId, StringComparer.Ordinal)
            .ToDictionary(group => group.Key, group => group.First().StoryId!, StringComparer.Ordinal);
        return articles
            .GroupBy(article => storyOf.GetValueOrDefault(article.Id) ?? article.Id, StringComparer.Ordinal)
            .Select(story => story.OrderBy(article => article.Published).ThenBy(article => article.Id, StringComparer.Ordinal).ToList())
            .OrderByDescending(copies => copies[^1].Published)
            .ThenBy(copies => copies[0].Id, StringComparer.Ordinal)
            .Select(copies => new Headline(copies[0].Title, copies[0].Source, copies[0].Published, SafeLinks.Parse(copies[0].Url))
            {
                AlsoIn = [.. copies.Skip(1).Select(copy => copy.Source)
                    .Where(source => !string.Equals(source, copies[0].Source, StringComparison.OrdinalIgnoreCase))
                    .Distinct(StringComparer.OrdinalIgnoreCase)],
                Snippet = Snippet(copies[0]),
            })
            .ToList();
    }

    /// <summary>The lede's first sentence (page furniture left out), cut at a word near <see cref="MaxSnippet"/> characters.</summary>
    internal static string Snippet(Article article)
    {
        var body = string.IsNullOrWhiteSpace(article.Summary) ? article.Content : article.Summary;
        if (string.IsNullOrWhiteSpace(body))
        {
            return string.Empty;
        }

        var lede = Analysis.Stories.StoryFingerprint.Lede(body).Trim();
        var end = lede.IndexOf(". ", StringComparison.Ordinal);
        var sentence = end > 0 ? lede[..(end + 1)] : lede;
        if (sentence.Length <= MaxSnippet)
        {
            return sentence;
        }

        var cut = sentence.LastIndexOf(' ', MaxSnippet);
        return string.Concat(sentence.AsSpan(0, cut > 0 ? cut : MaxSnippet), "…");
    }

    /// <summary>The keyword's hourly counts over the chart's hours, from the aggregates (one query).</summary>
    private async Task<IReadOnlyList<HourlyCount>> LoadCountsAsync(SpikeAlert alert, int hours, CancellationToken cancellationToken)
    {
        var lastBucket = MentionKeys.BucketStart(alert.WindowEnd > alert.WindowStart ? alert.WindowEnd.AddTicks(-1) : alert.WindowStart);
        var firstBucket = lastBucket - (MentionKeys.BucketSize * (hours - 1));
        var counts = (await reader.ReadHoursAsync(MentionKeys.KeywordKey(alert.Keyword), firstBucket, lastBucket, cancellationToken))
            .ToDictionary(hour => hour.Bucket, hour => hour.Count);
        return Enumerable.Range(0, hours)
            .Select(index => firstBucket + (MentionKeys.BucketSize * index))
            .Select(bucket => new HourlyCount(bucket, counts.GetValueOrDefault(bucket)))
            .ToList();
    }

    private static SentimentMix SentimentOf(IEnumerable<ArticleAnalysis> analyses)
    {
        var labels = analyses.Select(analysis => analysis.Result.Sentiment.Label.ToLowerInvariant()).ToList();
        return new SentimentMix(
            labels.Count(label => label == "positive"),
            labels.Count(label => label == "neutral"),
            labels.Count(label => label == "negative"),
            labels.Count(label => label == "mixed"));
    }

    private static List<EntityMention> EntitiesOf(IEnumerable<ArticleAnalysis> analyses, string keyword, int max)
    {
        var keywordKey = MentionKeys.KeywordKey(keyword);
        return analyses
            .SelectMany(analysis => analysis.Result.Entities
                .Where(entity => !IgnoredCategories.Contains(entity.Category))
                .Select(entity => (Key: MentionKeys.KeywordKey(entity.Text), Entity: entity, Article: analysis.ArticleId)))
            .Where(item => item.Key.Length > 0 && item.Key != keywordKey)
            .GroupBy(item => item.Key, StringComparer.Ordinal)
            .Select(group => new EntityMention(
                group.GroupBy(item => item.Entity.Text, StringComparer.Ordinal).OrderByDescending(g => g.Count()).First().Key,
                group.GroupBy(item => item.Entity.Category, StringComparer.Ordinal).OrderByDescending(g => g.Count()).First().Key,
                group.Select(item => item.Article).Distinct(StringComparer.Ordinal).Count()))
            .OrderByDescending(mention => mention.Articles)
            .ThenBy(mention => mention.Text, StringComparer.OrdinalIgnoreCase)
            .Take(max)
            .ToList();
    }

    private async Task<T?> ReadAsync<T>(string container, string blobName, CancellationToken cancellationToken)
        where T : class
    {
        try
        {
            var content = await storage.Container(container).GetBlobClient(blobName).DownloadContentAsync(cancellationToken);
            return content.Value.Content.ToObjectFromJson<T>(Json);
        }
        catch (RequestFailedException exception) when (exception.Status == 404)
        {
            return null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
