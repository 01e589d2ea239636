using System.Text.Json;
using Azure;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NewsMonitor.Alerts;
using NewsMonitor.Analysis.Keywords;
using NewsMonitor.Analysis.Mentions;
using NewsMonitor.Analysis.Stories;
using NewsMonitor.Articles;
using NewsMonitor.Feeds;
using NewsMonitor.Spikes;
using NewsMonitor.Storage;

namespace NewsMonitor.Analysis;

/// <summary>
/// The analysis stage for one stored article: analyze title and body, match the watch list, put it into its story
/// (<see cref="StoryIndex"/>), record mentions, run spike detection, then write <c>analysis/{same path}</c>.
/// Idempotent: the analysis blob is written last, so its presence means every step before it is done, and a duplicate
/// event for the article returns the stored analysis without analyzing again or touching the counts. Failures (the
/// analyzer down with no fallback, storage errors, an unreadable article) escape so the host retries the event.
/// </summary>
internal sealed class ArticleAnalysisStage(
    NewsStorage storage,
    ITextAnalyzerSelector analyzers,
    KeywordWatchList watchList,
    MentionRecorder mentions,
    StoryIndex stories,
    IOptions<StoriesOptions> storiesOptions,
    ISpikeMonitor spikeMonitor,
    TimeProvider timeProvider,
    ILogger<ArticleAnalysisStage> logger)
{
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Reads <c>articles/{blobName}</c> and analyzes it.</summary>
    public async Task<ArticleAnalysis> AnalyzeAsync(string blobName, CancellationToken cancellationToken = default)
    {
        var blob = storage.Container(StorageNames.ArticlesContainer).GetBlobClient(blobName);
        var content = await blob.DownloadContentAsync(cancellationToken);
        return await AnalyzeAsync(blobName, content.Value.Content.ToString(), cancellationToken);
    }

    /// <summary>Analyzes the article stored as <c>articles/{blobName}</c> whose JSON the caller already holds.</summary>
    public Task<ArticleAnalysis> AnalyzeAsync(string blobName, string articleJson, CancellationToken cancellationToken = default) =>
        AnalyzeAsync(blobName, articleJson, lookForEarlierAnalysis: true, cancellationToken);

    /// <summary>
    /// Analyzes an article whose blob the caller has just created (its upload with If-None-Match: * succeeded), with
    /// the JSON it wrote. No analysis of an article that did not exist a moment ago can be stored yet, so the read of
    /// <c>analysis/{blobName}</c> that answers a repeated event is left out (one blob read per article; Azurite walks
    /// every blob of the account for each), and so is the read of its story assignment. Should another analyzer take the
    /// article at the same moment, both analyze it, as two deliveries of one event would: the mentions and the story
    /// assignment are written once whatever runs.
    /// </summary>
    public Task<ArticleAnalysis> AnalyzeJustStoredAsync(string blobName, string articleJson, CancellationToken cancellationToken = default) =>
        AnalyzeAsync(blobName, articleJson, lookForEarlierAnalysis: false, cancellationToken);

    private async Task<ArticleAnalysis> AnalyzeAsync(string blobName, string articleJson, bool lookForEarlierAnalysis, CancellationToken cancellationToken)
    {
        var article = ParseArticle(blobName, articleJson);
        var analysisBlob = storage.Container(StorageNames.AnalysisContainer).GetBlobClient(blobName);
        if (lookForEarlierAnalysis && await ReadExistingAsync(analysisBlob, cancellationToken) is { } existing)
        {
            AnalysisLog.AlreadyAnalyzed(logger, blobName);
            return existing;
        }

        // Keywords first: matching is local and decides which analyzer the article needs (Analysis:AzureScope).
        var text = ArticleText(article);
        var matcher = await watchList.GetMatcherAsync(cancellationToken);
        var matches = matcher.Match(text);
        var result = await analyzers.ForArticle(matches.Count > 0).AnalyzeAsync(text, article.Language, cancellationToken)
            ;
        foreach (var warning in result.Warnings)
        {
            AnalysisLog.AnalysisWarning(logger, blobName, warning.Code, warning.Message);
        }

        var keywordNames = matches.Select(m => m.Keyword.Name).ToList();
        // Before the mentions, which carry the story id: the assignment is write-once, so a retry gets the same one.
        var storyId = storiesOptions.Value.Enabled
            ? await stories.AssignAsync(article, justStored: !lookForEarlierAnalysis, cancellationToken)
            : article.Id;
        await mentions.RecordAsync(
            article,
            [.. matches.Select(m => new MentionedKeyword(m.Keyword.Name, m.Occurrences))],
            result.Sentiment.Label,
            storyId,
            cancellationToken);
        if (keywordNames.Count > 0)
        {
            await spikeMonitor.CheckAsync(keywordNames, article.Published, cancellationToken);
        }

        var analysis = new ArticleAnalysis
        {
            ArticleId = article.Id,
            ArticleBlobName = blobName,
            AnalyzedAt = timeProvider.GetUtcNow(),
            Result = result,
            Keywords = keywordNames,
            StoryId = storyId,
        };
        await analysisBlob.UploadAsync(BinaryData.FromObjectAsJson(analysis, Json), overwrite: true, cancellationToken)
            ;
        AnalysisLog.Analyzed(
            logger, blobName, result.Analyzer, result.Language, result.Sentiment.Label, result.Entities.Count, keywordNames);
        return analysis;
    }

    /// <summary>What gets analyzed and matched: the title, then the best body text the article has.</summary>
    internal static string ArticleText(Article article)
    {
        var body = string.IsNullOrWhiteSpace(article.Content) ? article.Summary : article.Content;
        return string.IsNullOrWhiteSpace(body) ? article.Title : $"{article.Title}\n\n{body}";
    }

    internal static Article ParseArticle(string blobName, string articleJson)
    {
        Article? article;
        try
        {
            article = JsonSerializer.Deserialize<Article>(articleJson, Json);
        }
        catch (JsonException exception)
        {
            throw new InvalidDataException(
                $"Blob '{StorageNames.ArticlesContainer}/{blobName}' is not a valid article: {exception.Message}", exception);
        }

        if (article is null || string.IsNullOrWhiteSpace(article.Id) || string.IsNullOrWhiteSpace(article.Title))
        {
            throw new InvalidDataException(
                $"Blob '{StorageNames.ArticlesContainer}/{blobName}' is not a valid article: it has no id or no title.");
        }

        return article;
    }

    private static async Task<ArticleAnalysis?> ReadExistingAsync(Azure.Storage.Blobs.BlobClient blob, CancellationToken cancellationToken)
    {
        try
        {
            var content = await blob.DownloadContentAsync(cancellationToken);
            return content.Value.Content.ToObjectFromJson<ArticleAnalysis>(Json);
        }
        catch (RequestFailedException exception) when (exception.Status == 404)
        {
            return null;
        }
        catch (JsonException)
        {
            // A damaged analysis blob is no proof the work was done: analyze again and overwrite it.
            return null;
        }
    }
}
