using Azure.Data.Tables;
using NewsMonitor.Feeds;
using NewsMonitor.Storage;

namespace NewsMonitor.Analysis.Mentions;

/// <summary>
/// Writes the <c>Mentions</c> rows of one article: one per matched keyword (PK <c>{keywordKey}|{bucket}</c>,
/// RK articleId) and one in the bucket's total (<see cref="MentionKeys.AllArticles"/>). Rows are upserted under
/// their natural key, so running twice over the same article leaves the same rows: nothing is counted twice.
/// Buckets come from the article's published time, not from when it was analyzed.
/// </summary>
internal sealed class MentionRecorder(NewsStorage storage)
{
    public async Task RecordAsync(
        Article article,
        IReadOnlyList<MentionedKeyword> keywords,
        string? sentimentLabel,
        string? storyId = null,
        CancellationToken cancellationToken = default)
    {
        var table = storage.Table(StorageNames.MentionsTable);
        // Keyword rows first, total last: a reader never sees a keyword share above 100% because of our ordering.
        foreach (var keyword in keywords)
        {
            var entity = CreateEntity(article, MentionKeys.KeywordKey(keyword.Name), keyword.Name, sentimentLabel, storyId);
            entity[MentionColumns.Occurrences] = keyword.Occurrences;
            await table.UpsertEntityAsync(entity, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
        }

        var total = CreateEntity(article, MentionKeys.AllArticles, MentionKeys.AllArticles, sentimentLabel, storyId);
        await table.UpsertEntityAsync(total, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
    }

    private static TableEntity CreateEntity(Article article, string keywordKey, string keywordName, string? sentimentLabel, string? storyId) =>
        new(MentionKeys.PartitionKey(keywordKey, article.Published), article.Id)
        {
            [MentionColumns.Keyword] = keywordName,
            [MentionColumns.Title] = article.Title,
            [MentionColumns.Source] = article.Source,
            [MentionColumns.Url] = article.Url,
            [MentionColumns.Published] = article.Published.ToUniversalTime(),
            [MentionColumns.FeedId] = article.FeedId,
            [MentionColumns.BlobName] = article.BlobName,
            [MentionColumns.Sentiment] = sentimentLabel,
            // The article's own id when it has no story: every article is then its own story.
            [MentionColumns.StoryId] = storyId ?? article.Id,
        };
}

/// <summary>A keyword the article mentions, by its configured name.</summary>
internal sealed record MentionedKeyword(string Name, int Occurrences);

/// <summary>Column names of the <c>Mentions</c> table (besides PartitionKey and RowKey).</summary>
internal static class MentionColumns
{
    public const string Keyword = "Keyword";
    public const string Title = "Title";
    public const string Source = "Source";
    public const string Url = "Url";
    public const string Published = "Published";
    public const string FeedId = "FeedId";
    public const string BlobName = "BlobName";
    public const string Sentiment = "Sentiment";
    public const string Occurrences = "Occurrences";
    public const string StoryId = "StoryId";
}
