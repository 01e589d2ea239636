using System.Globalization;
using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;
using NewsMonitor.Articles;
using NewsMonitor.Storage;

namespace NewsMonitor.Analysis.Stories;

/// <summary>
/// Puts each article into a story: the story of an earlier (or concurrent) article within
/// <see cref="StoriesOptions.Lookback"/> whose fingerprint says "same story", otherwise a new story named after the
/// article. Everything lives in table <c>Stories</c> (docs/storage.md):
/// <list type="bullet">
/// <item>assignment rows, PK <c>article|{articleId}</c>: the article's story, inserted once (<c>AddEntity</c>), never
/// changed: re-processing an article reads it back, and of two analyzers racing the first insert wins;</item>
/// <item>band rows, PK <c>band|{i}|{minHash:x8}</c>, RK <c>{inverted published ticks}|{articleId}</c>: the lookup
/// keys, written before the lookup, newest first within a key;</item>
/// <item>member rows, PK <c>story|{storyId}</c>, RK the article id: what the story record is read from.</item>
/// </list>
/// Storage reads per new article, at most: 1 (own assignment) + <see cref="StoryFingerprint.Bands"/> (one
/// single-partition query per band, first page only, <see cref="CandidatesPerBand"/> rows) + 2 per matched article
/// (its assignment, re-read after a lost insert), for at most <see cref="MaxMatches"/> matches + 1 (own insert lost):
/// 1 + 8 + 6 + 1 = 16. Writes: 8 band rows, the own assignment, the member row, and an assignment per unassigned
/// match. A new story with no match costs 19 requests in all (1 + 8 + 8 + 2); a repeated article 1 read and 1 write.
/// </summary>
/// <remarks>
/// Why concurrent copies end in one story: each article announces itself (its band rows) before it looks, so of two
/// copies analyzed at once at least the second to look sees the first. It then claims the matched articles into its
/// chosen story with a conditional insert of their assignment rows before inserting its own; a claim that loses
/// (409) means the other article is already in a story, and this one joins that story instead. An assignment is
/// never overwritten, so no article ever moves.
/// </remarks>
internal class StoryIndex(NewsStorage storage, IOptions<StoriesOptions> options)
{
    public const int CandidatesPerBand = 16;
    public const int MaxMatches = 3;

    /// <summary>The article's story id: the one it already has, or the one it joins or starts now.</summary>
    public virtual async Task<string> AssignAsync(Article article, CancellationToken cancellationToken = default)
    {
        var table = storage.Table(StorageNames.StoriesTable);
        if (await ReadAssignmentAsync(table, article.Id, cancellationToken) is { } existing)
        {
            await AddMemberAsync(table, existing, article, cancellationToken);
            return existing;
        }

        var fingerprint = StoryFingerprint.Compute(article.Title, string.IsNullOrWhiteSpace(article.Content) ? article.Summary : article.Content);
        await AnnounceAsync(table, article, fingerprint, cancellationToken);
        var matches = await FindMatchesAsync(table, article, fingerprint, cancellationToken);

        // The tentative id of a new story: the earliest article's, so that racing analyzers propose the same one.
        var tentative = matches.Select(match => (match.Published, match.ArticleId))
            .Append((Published: article.Published, ArticleId: article.Id))
            .Min().ArticleId;
        string? story = null;
        foreach (var match in matches)
        {
            var joined = await ClaimAsync(table, match.ArticleId, story ?? tentative, readFirst: true, cancellationToken);
            story ??= joined;
        }

        // Its own assignment was just read and absent: insert straight away (a 409 means another analyzer was quicker).
        story = await ClaimAsync(table, article.Id, story ?? tentative, readFirst: false, cancellationToken);
        await AddMemberAsync(table, story, article, cancellationToken);
        return story;
    }

    /// <summary>The story's record, from its member rows (one partition query); null when it has no member yet.</summary>
    public virtual async Task<StoryRecord?> GetAsync(string storyId, CancellationToken cancellationToken = default)
    {
        var members = new List<StoryMember>();
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {StoryPartition(storyId)}");
        await foreach (var row in storage.Table(StorageNames.StoriesTable).QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            members.Add(new StoryMember(
                row.RowKey,
                row.GetString(StoryColumns.Title) ?? string.Empty,
                row.GetString(StoryColumns.Source) ?? string.Empty,
                row.GetString(StoryColumns.Url),
                row.GetDateTimeOffset(StoryColumns.Published) ?? DateTimeOffset.MinValue));
        }

        return members.Count == 0 ? null : StoryRecord.From(storyId, members);
    }

    internal static string AssignmentPartition(string articleId) => $"article|{articleId}";

    internal static string StoryPartition(string storyId) => $"story|{storyId}";

    internal static string BandPartition(int band, uint value) =>
        string.Create(CultureInfo.InvariantCulture, $"band|{band}|{value:x8}");

    // Newest first within a band: the first page of a query holds the most recent articles.
    internal static string BandRow(DateTimeOffset published, string articleId) =>
        string.Create(CultureInfo.InvariantCulture, $"{DateTimeOffset.MaxValue.UtcTicks - published.UtcTicks:D19}|{articleId}");

    private static async Task<string?> ReadAssignmentAsync(TableClient table, string articleId, CancellationToken cancellationToken)
    {
        var row = await table.GetEntityIfExistsAsync<TableEntity>(
            AssignmentPartition(articleId), string.Empty, [StoryColumns.StoryId], cancellationToken);
        return row.HasValue ? row.Value!.GetString(StoryColumns.StoryId) : null;
    }

    /// <summary>Inserts the article's assignment unless it has one; returns the story it is in afterwards.</summary>
    private static async Task<string> ClaimAsync(TableClient table, string articleId, string storyId, bool readFirst, CancellationToken cancellationToken)
    {
        if (readFirst && await ReadAssignmentAsync(table, articleId, cancellationToken) is { } existing)
        {
            return existing;
        }

        try
        {
            await table.AddEntityAsync(
                new TableEntity(AssignmentPartition(articleId), string.Empty) { [StoryColumns.StoryId] = storyId },
                cancellationToken);
            return storyId;
        }
        catch (RequestFailedException exception) when (exception.Status == 409)
        {
            // Someone else put it into a story first: that is its story for good.
            return await ReadAssignmentAsync(table, articleId, cancellationToken)
                ?? throw new InvalidOperationException($"The story assignment of article {articleId} conflicted but cannot be read.", exception);
        }
    }

    private static async Task AnnounceAsync(TableClient table, Article article, StoryFingerprint fingerprint, CancellationToken cancellationToken)
    {
        var shingles = StoryFingerprint.ToBytes(fingerprint.Shingles);
        var anchors = StoryFingerprint.ToBytes(fingerprint.Anchors);
        var titleWords = StoryFingerprint.ToBytes(fingerprint.TitleWords);
        var minHashes = StoryFingerprint.ToBytes(fingerprint.MinHashes);
        for (var band = 0; band < StoryFingerprint.Bands; band++)
        {
            var row = new TableEntity(BandPartition(band, fingerprint.MinHashes[band]), BandRow(article.Published, article.Id))
            {
                [StoryColumns.ArticleId] = article.Id,
                [StoryColumns.Published] = article.Published.ToUniversalTime(),
                [StoryColumns.Shingles] = shingles,
                [StoryColumns.Anchors] = anchors,
                [StoryColumns.TitleWords] = titleWords,
                [StoryColumns.MinHashes] = minHashes,
            };
            await table.UpsertEntityAsync(row, TableUpdateMode.Replace, cancellationToken);
        }
    }

    private async Task<List<Candidate>> FindMatchesAsync(TableClient table, Article article, StoryFingerprint fingerprint, CancellationToken cancellationToken)
    {
        var lookback = options.Value.Lookback;
        var candidates = new Dictionary<string, Candidate>(StringComparer.Ordinal);
        // A copy can come before or after the article in published time: feeds are polled out of order.
        var newest = article.Published + lookback;
        for (var band = 0; band < StoryFingerprint.Bands; band++)
        {
            var partition = BandPartition(band, fingerprint.MinHashes[band]);
            var filter = TableClient.CreateQueryFilter(
                $"PartitionKey eq {partition} and RowKey ge {BandRow(newest, string.Empty)} and RowKey lt {BandRow(article.Published - lookback, string.Empty)}");
            var pages = table.QueryAsync<TableEntity>(filter, maxPerPage: CandidatesPerBand, cancellationToken: cancellationToken).AsPages();
            await foreach (var page in pages)
            {
                foreach (var row in page.Values)
                {
                    var id = row.GetString(StoryColumns.ArticleId);
                    if (id is null || id == article.Id || candidates.ContainsKey(id))
                    {
                        continue;
                    }

                    var other = new StoryFingerprint(
                        StoryFingerprint.FromBytes(row.GetBinary(StoryColumns.Shingles)),
                        StoryFingerprint.FromBytes(row.GetBinary(StoryColumns.Anchors)),
                        StoryFingerprint.FromBytes(row.GetBinary(StoryColumns.TitleWords)),
                        StoryFingerprint.FromBytes(row.GetBinary(StoryColumns.MinHashes)));
                    if (StoryFingerprint.IsSameStory(fingerprint, other))
                    {
                        candidates[id] = new Candidate(id, row.GetDateTimeOffset(StoryColumns.Published) ?? article.Published, StoryFingerprint.Similarity(fingerprint, other));
                    }
                }

                break; // the first page only: the reads per article stay bounded however popular a key is
            }
        }

        // The earliest matches first: a story is named after, and joined through, its oldest copies.
        return candidates.Values
            .OrderBy(candidate => candidate.Published)
            .ThenBy(candidate => candidate.ArticleId, StringComparer.Ordinal)
            .Take(MaxMatches)
            .ToList();
    }

    private static Task<Response> AddMemberAsync(TableClient table, string storyId, Article article, CancellationToken cancellationToken) =>
        table.UpsertEntityAsync(
            new TableEntity(StoryPartition(storyId), article.Id)
            {
                [StoryColumns.Title] = article.Title,
                [StoryColumns.Source] = article.Source,
                [StoryColumns.Url] = article.Url,
                [StoryColumns.Published] = article.Published.ToUniversalTime(),
                [StoryColumns.BlobName] = article.BlobName,
            },
            TableUpdateMode.Replace,
            cancellationToken);

    private sealed record Candidate(string ArticleId, DateTimeOffset Published, double Similarity);
}

/// <summary>Column names of the <c>Stories</c> table (besides PartitionKey and RowKey).</summary>
internal static class StoryColumns
{
    public const string StoryId = "StoryId";
    public const string ArticleId = "ArticleId";
    public const string Published = "Published";
    public const string Shingles = "Shingles";
    public const string Anchors = "Anchors";
    public const string TitleWords = "TitleWords";
    public const string MinHashes = "MinHashes";
    public const string Title = "Title";
    public const string Source = "Source";
    public const string Url = "Url";
    public const string BlobName = "BlobName";
}
