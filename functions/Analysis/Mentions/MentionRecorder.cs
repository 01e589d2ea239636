using Azure;
using Azure.Data.Tables;
using NewsMonitor.Articles;
using NewsMonitor.Storage;

namespace NewsMonitor.Analysis.Mentions;

/// <summary>
/// Writes the <c>Mentions</c> rows of one article: one per matched keyword (PK <c>{keywordKey}|{bucket}|{shard}</c>,
/// RK articleId: <see cref="MentionKeys"/>) and one in the bucket's total (<see cref="MentionKeys.AllArticles"/>), and
/// adds the article to each row's hourly aggregate (<see cref="MentionHoursTable"/>). The row is inserted, not upserted: the insert that
/// succeeds is the one that counts, so a replayed article is never counted twice; a replay (the row exists) rewrites
/// the row and recounts its hour instead, because its first attempt may have stopped between the insert and the count.
/// Buckets come from the article's published time, not from when it was analyzed. Storage transactions: three per key
/// (insert, read and conditional write of the hour), whatever the history; two when this instance wrote the hour's
/// row last, which for a busy hour is nearly always (<see cref="HoursRememberedKb"/>).
/// </summary>
internal sealed class MentionRecorder : IDisposable
{
    /// <summary>
    /// KB of hour rows remembered with their ETags (<see cref="MentionHoursTable.IncrementAsync"/>): a keyword's hour
    /// is a few hundred bytes, a busy hour's volume row with its story and source sets up to ~120 KB; 8 MB at most.
    /// </summary>
    internal const int HoursRememberedKb = 8_192;

    private readonly NewsStorage _storage;
    private readonly RowVersions<MentionHour> _versions = new(HoursRememberedKb);
    private readonly MentionHoursTable _hours;
    private readonly MentionReader _reader;

    public MentionRecorder(NewsStorage storage)
    {
        _storage = storage;
        _hours = new MentionHoursTable(storage, _versions);
        _reader = new MentionReader(storage);
    }

    public void Dispose() => _versions.Dispose();

    public async Task RecordAsync(
        Article article,
        IReadOnlyList<MentionedKeyword> keywords,
        string? sentimentLabel,
        string? storyId = null,
        CancellationToken cancellationToken = default)
    {
        // Keyword rows first, total last: a reader never sees a keyword share above 100% because of our ordering.
        foreach (var keyword in keywords.DistinctBy(k => MentionKeys.KeywordKey(k.Name)))
        {
            var entity = CreateEntity(article, MentionKeys.KeywordKey(keyword.Name), keyword.Name, sentimentLabel, storyId);
            entity[MentionColumns.Occurrences] = keyword.Occurrences;
            await RecordAsync(article, MentionKeys.KeywordKey(keyword.Name), entity, cancellationToken);
        }

        var total = CreateEntity(article, MentionKeys.AllArticles, MentionKeys.AllArticles, sentimentLabel, storyId);
        await RecordAsync(article, MentionKeys.AllArticles, total, cancellationToken);
    }

    private async Task RecordAsync(Article article, string keywordKey, TableEntity entity, CancellationToken cancellationToken)
    {
        var table = _storage.Table(StorageNames.MentionsTable);
        try
        {
            await table.AddEntityAsync(entity, cancellationToken);
        }
        catch (RequestFailedException exception) when (exception.Status == 409)
        {
            await table.UpsertEntityAsync(entity, TableUpdateMode.Replace, cancellationToken);
            await _reader.RecountAsync(keywordKey, article.Published, cancellationToken);
            return;
        }

        var keys = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var dimension in MentionDistinct.For(keywordKey))
        {
            if (entity.GetString(dimension.Column) is { } value)
            {
                keys[dimension.Name] = value;
            }
        }

        await _hours.IncrementAsync(keywordKey, MentionKeys.BucketStart(article.Published), keys, cancellationToken);
    }

    private static TableEntity CreateEntity(Article article, string keywordKey, string keywordName, string? sentimentLabel, string? storyId) =>
        new(MentionKeys.PartitionKey(keywordKey, article.Published, article.Id), article.Id)
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
