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
/// article. Assignment and member rows live in table <c>Stories</c>, band rows in a table per band
/// (<see cref="StorageNames.StoryBandTables"/>; docs/storage.md):
/// <list type="bullet">
/// <item>assignment rows, PK <c>article|{articleId}</c>: the article's story, inserted once (<c>AddEntity</c>), never
/// changed: re-processing an article reads it back, and of two analyzers racing the first insert wins;</item>
/// <item>band rows, table <c>StoryBand{i}</c>, PK <c>band|{i}|{minHash:x8}</c>, RK <see cref="BandRowKey"/>: the lookup
/// keys, one row per key holding the fingerprints of its <see cref="EntriesPerBand"/> newest articles (columns
/// <c>ArticleId{slot}</c>, <c>Published{slot}</c>, <c>Shingles{slot}</c>...; an article is written into its own slot
/// with a merge, so a write carries one fingerprint, not the row);</item>
/// <item>member rows, PK <c>story|{storyId}</c>, RK the article id: what the story record is read from.</item>
/// </list>
/// Every request of an assignment is a point operation on one PartitionKey and RowKey, never a query: its cost does
/// not grow with the table (Azurite answers any query by scanning the whole table). Per new article: 1 read (own
/// assignment; none for an article its caller just stored) + 1 per band (a write: an insert for a key this instance
/// has not seen, a merge over the version it remembers, or a read first for a key it saw exist but no longer remembers
/// the content of; plus a read and a retry when that guess is wrong:
/// <see cref="StoryFingerprint.Bands"/> bands) + 1 per matched article (its assignment; up to 6 more reads of one
/// being analyzed at the same moment, and a claim of one whose analysis stopped) for at most <see cref="MaxMatches"/>
/// matches + 1 (own insert lost) + the own assignment and member row. A new story with no match costs 11 requests
/// (1 + 8 + 2); a repeated article 1 read and 1 write.
/// </summary>
/// <remarks>
/// Why concurrent copies end in one story: an article adds itself to a band row with a conditional write over the
/// version it read or remembers (If-Match, or an insert for a row it has not seen), so what it finds there is exactly
/// what the row held when it wrote. Of two copies that share a band, the second to write there sees the first: no
/// second read of the rows is needed for concurrent copies to meet. An article takes the story of its earliest match
/// that has one; a match with no assignment yet is being analyzed at that moment, so it is given a moment
/// (<see cref="UnassignedMatchWaits"/>) to choose, since it may be joining an earlier copy this one does not see
/// (A ← B → C: B sees A, C sees only B; C claiming B at once would split the story). The article then inserts its own assignment
/// before it claims any match still without one (an analysis that stopped), so a copy waiting for it finds it. Two
/// copies that see each other (they share two bands and wrote them in opposite orders) wait for each other, then both
/// propose the earlier one's id. An assignment is inserted once and never overwritten (a claim that loses, 409, leaves
/// the winner's), so no article ever moves.
/// </remarks>
/// <param name="storage">The storage clients.</param>
/// <param name="options">The <c>Stories</c> settings.</param>
/// <param name="bandEntriesRemembered">Band-row entries whose content is remembered (<see cref="BandEntriesRemembered"/>; tests give fewer).</param>
internal class StoryIndex(NewsStorage storage, IOptions<StoriesOptions> options, int bandEntriesRemembered = StoryIndex.BandEntriesRemembered) : IDisposable
{
    /// <summary>
    /// Band-row entries remembered with their rows' ETags (<see cref="AnnounceAsync"/>), a row counting its entries:
    /// about 1 KB each, so at most ~9 MB whatever the catalogue. The rows kept are the most recently used, which for a
    /// story's next copy and for the keys common words make are the ones it writes again.
    /// </summary>
    internal const int BandEntriesRemembered = 8_192;

    /// <summary>Articles kept in a band row (the newest by published time): ~1 KB each, far below the 64 KB and 255 columns of an entity.</summary>
    public const int EntriesPerBand = 16;
    public const int MaxMatches = 3;

    /// <summary>The one row of a band key. Rows of the earlier layout (RowKey <c>{ticks}|{articleId}</c>, one per article) are not read.</summary>
    internal const string BandRowKey = "recent";

    private const int MaxBandAttempts = 20;

    /// <summary>
    /// The pauses before re-reading a matched article's missing assignment (<see cref="AwaitAssignmentAsync"/>): 5.1 s
    /// in all, spent only on copies analyzed at the same moment (or an analysis that stopped). The copy waited for is a
    /// few band writes away from inserting its assignment, but on a loaded machine those requests can take longer than
    /// the pauses add up to, and a copy that chooses its story after the wait splits the story in two: 140 ms did on a
    /// loaded machine, and 1.26 s did once in the full suite under CI's load (2026-12-07, the racing-copies test, four
    /// copies whose waits chain). Each pause doubles, so a copy that answers quickly costs one or two reads; only an
    /// analysis that stopped costs the whole wait, once.
    /// </summary>
    private static readonly TimeSpan[] UnassignedMatchWaits =
        [.. new[] { 20, 40, 80, 160, 320, 640, 1280, 2560 }.Select(milliseconds => TimeSpan.FromMilliseconds(milliseconds))];

    /// <summary>
    /// Band keys this instance saw exist, far more of them than <see cref="BandEntriesRemembered"/> keeps the content of:
    /// 2^18 hashes (2 MB) for the ~5 new keys an article makes. A key seen but forgotten is read before it is written,
    /// instead of an insert the service refuses (409) and then the read.
    /// </summary>
    internal const int BandKeysSeenLog2 = 18;

    private readonly RowVersions<List<BandEntry>> _bands = new(bandEntriesRemembered);
    private readonly SeenKeys _bandKeys = new(BandKeysSeenLog2);

    /// <summary>The article's story id: the one it already has, or the one it joins or starts now.</summary>
    /// <param name="article">The article.</param>
    /// <param name="justStored">
    /// The caller created the article's blob a moment ago: no analysis can have given it an assignment yet, so the
    /// read of its own assignment is left out (should one appear meanwhile, its insert loses and it joins that story).
    /// </param>
    /// <param name="cancellationToken">Cancels the storage requests.</param>
    public virtual async Task<string> AssignAsync(Article article, bool justStored = false, CancellationToken cancellationToken = default)
    {
        var table = storage.Table(StorageNames.StoriesTable);
        if (!justStored && await ReadAssignmentAsync(table, article.Id, cancellationToken) is { } existing)
        {
            await AddMemberAsync(table, existing, article, cancellationToken);
            return existing;
        }

        var fingerprint = StoryFingerprint.Compute(article.Title, string.IsNullOrWhiteSpace(article.Content) ? article.Summary : article.Content);
        var matches = await AnnounceAndFindAsync(article, fingerprint, cancellationToken);

        // The tentative id of a new story: the earliest article's, so that racing analyzers propose the same one.
        var tentative = matches.Select(match => (match.Published, match.ArticleId))
            .Append((Published: article.Published, ArticleId: article.Id))
            .Min().ArticleId;

        // Its story is that of its earliest match that has one. A match with none yet is being analyzed this very
        // moment and is about to choose, maybe joining an earlier copy this article does not see: it is given a moment.
        var assigned = new HashSet<string>(StringComparer.Ordinal);
        string? story = null;
        foreach (var match in matches)
        {
            story = await AwaitAssignmentAsync(table, match.ArticleId, cancellationToken);
            if (story is not null)
            {
                assigned.Add(match.ArticleId);
                break;
            }
        }

        // Its own assignment before any other's, so that a copy waiting for it finds it. A 409 means another analyzer
        // was quicker (a claim, below): that is its story for good.
        story = await ClaimAsync(table, article.Id, story ?? tentative, cancellationToken);

        // Matches still without a story after their moment (their analysis stopped, or they are choosing now without
        // seeing this article) are claimed into this one; a claim that loses (409) leaves them where they are.
        foreach (var match in matches.Where(match => !assigned.Contains(match.ArticleId)))
        {
            if (await AwaitAssignmentAsync(table, match.ArticleId, cancellationToken) is null)
            {
                await ClaimAsync(table, match.ArticleId, story, cancellationToken);
            }
        }

        await AddMemberAsync(table, story, article, cancellationToken);
        return story;
    }

    public void Dispose()
    {
        _bands.Dispose();
        GC.SuppressFinalize(this);
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

    private static async Task<string?> ReadAssignmentAsync(TableClient table, string articleId, CancellationToken cancellationToken)
    {
        var row = await table.GetEntityIfExistsAsync<TableEntity>(
            AssignmentPartition(articleId), string.Empty, [StoryColumns.StoryId], cancellationToken);
        return row.HasValue ? row.Value!.GetString(StoryColumns.StoryId) : null;
    }

    /// <summary>
    /// The matched article's story, read again after each of <see cref="UnassignedMatchWaits"/> while it has none: an
    /// article in a band row but without an assignment is being analyzed at this moment, a few requests away from
    /// inserting it. Null when it still has none after that (its analysis stopped).
    /// </summary>
    private static async Task<string?> AwaitAssignmentAsync(TableClient table, string articleId, CancellationToken cancellationToken)
    {
        for (var step = 0; ; step++)
        {
            var story = await ReadAssignmentAsync(table, articleId, cancellationToken);
            if (story is not null || step == UnassignedMatchWaits.Length)
            {
                return story;
            }

            await Task.Delay(UnassignedMatchWaits[step], cancellationToken);
        }
    }

    /// <summary>Inserts the article's assignment (it has none as far as the caller knows); returns the story it is in afterwards.</summary>
    private static async Task<string> ClaimAsync(TableClient table, string articleId, string storyId, CancellationToken cancellationToken)
    {
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

    /// <summary>
    /// Adds the article to each of its band rows and returns the other articles those rows held when it wrote that
    /// tell the same story within the lookback, earliest first, at most <see cref="MaxMatches"/>. Of two copies sharing
    /// a band, the one that writes there second sees the first (<see cref="AnnounceAsync"/>).
    /// </summary>
    private async Task<List<Candidate>> AnnounceAndFindAsync(Article article, StoryFingerprint fingerprint, CancellationToken cancellationToken)
    {
        var self = new BandEntry(article.Id, article.Published.ToUniversalTime(), fingerprint);
        var seen = new List<BandEntry>();
        for (var band = 0; band < StoryFingerprint.Bands; band++)
        {
            var table = storage.Table(StorageNames.StoryBandTables[band]);
            seen.AddRange(await AnnounceAsync(table, BandPartition(band, fingerprint.MinHashes[band]), self, cancellationToken));
        }

        var lookback = options.Value.Lookback;
        var candidates = new Dictionary<string, Candidate>(StringComparer.Ordinal);
        foreach (var other in seen)
        {
            // A copy can come before or after the article in published time: feeds are polled out of order.
            if (other.ArticleId == article.Id || candidates.ContainsKey(other.ArticleId)
                || other.Published <= article.Published - lookback || other.Published > article.Published + lookback)
            {
                continue;
            }

            if (StoryFingerprint.IsSameStory(fingerprint, other.Fingerprint))
            {
                candidates[other.ArticleId] = new Candidate(other.ArticleId, other.Published, StoryFingerprint.Similarity(fingerprint, other.Fingerprint));
            }
        }

        // The earliest matches first: a story is named after, and joined through, its oldest copies.
        return candidates.Values
            .OrderBy(candidate => candidate.Published)
            .ThenBy(candidate => candidate.ArticleId, StringComparer.Ordinal)
            .Take(MaxMatches)
            .ToList();
    }

    /// <summary>
    /// Read-modify-write of one band row (a point read, then a merge of the one slot that changes with If-Match, or
    /// insert-if-absent): the newest <see cref="EntriesPerBand"/> articles by published time are kept, so the article
    /// takes a free slot or the oldest entry's, and is not written when it is there already (a replay) or older than
    /// every entry of a full row. Returns the entries the row held before. Retried when another article wrote in between.
    /// The read is skipped when it would most likely tell nothing new: a row this instance wrote last is merged into
    /// straight away with the ETag it remembers, and a row it has never seen is inserted straight away (most band keys
    /// are new). Either write fails when the guess was wrong (412, 409) and the row is then read as usual, so the
    /// entries returned are always those of the version the write replaced.
    /// </summary>
    private async Task<List<BandEntry>> AnnounceAsync(TableClient table, string partition, BandEntry self, CancellationToken cancellationToken)
    {
        var known = _bands.Find(partition, BandRowKey);
        var (etag, entries, read) = known is null ? (null, [], false) : ((ETag?)known.ETag, known.Value, false);
        if (known is null && _bandKeys.Contains(partition))
        {
            // The row exists (this instance wrote or read it) but its content is forgotten: an insert would be refused.
            (etag, entries, read) = await ReadBandAsync(table, partition, cancellationToken);
        }
        for (var attempt = 1; ; attempt++)
        {
            if (ChooseSlot(entries, self) is not { } slot)
            {
                if (read)
                {
                    return entries;
                }

                // Nothing to write by what this instance remembers: only a read can tell whether that still holds.
                (etag, entries, read) = await ReadBandAsync(table, partition, cancellationToken);
                continue;
            }

            try
            {
                // Only the slot's columns travel: a merge leaves the other entries as they are.
                var entity = ToSlotEntity(partition, slot, self);
                var response = etag is { } current
                    ? await table.UpdateEntityAsync(entity, current, TableUpdateMode.Merge, cancellationToken)
                    : await table.AddEntityAsync(entity, cancellationToken);
                RememberBand(partition, response.Headers.ETag, entries, slot, self);
                return entries;
            }
            catch (RequestFailedException exception) when (exception.Status is 404 or 409 or 412 && attempt < MaxBandAttempts)
            {
                // Another article of this band wrote first (or the row is not as remembered): read its version and add to that.
                (etag, entries, read) = await ReadBandAsync(table, partition, cancellationToken);
            }
        }
    }

    private async Task<(ETag? ETag, List<BandEntry> Entries, bool Read)> ReadBandAsync(TableClient table, string partition, CancellationToken cancellationToken)
    {
        var existing = await table.GetEntityIfExistsAsync<TableEntity>(partition, BandRowKey, cancellationToken: cancellationToken);
        if (!existing.HasValue)
        {
            _bandKeys.Remove(partition);
            return (null, [], true);
        }

        _bandKeys.Add(partition);
        return (existing.Value!.ETag, ReadEntries(existing.Value!), true);
    }

    /// <summary>Remembers the row as this write left it: <paramref name="entries"/> with the article in <paramref name="slot"/>.</summary>
    private void RememberBand(string partition, ETag? written, List<BandEntry> entries, int slot, BandEntry self)
    {
        List<BandEntry> after = [.. entries];
        if (slot < after.Count)
        {
            after[slot] = self;
        }
        else
        {
            after.Add(self);
        }

        _bands.Remember(partition, BandRowKey, written, after, after.Count);
        _bandKeys.Add(partition);
    }

    /// <summary>
    /// The slot the article takes in a row holding <paramref name="entries"/> (slot i holds entries[i]): the next free
    /// one, or in a full row the slot of the entry that falls out of the newest <see cref="EntriesPerBand"/> (by
    /// published time, then article id). Null when there is nothing to write.
    /// </summary>
    internal static int? ChooseSlot(IReadOnlyList<BandEntry> entries, BandEntry self)
    {
        if (entries.Any(entry => entry.ArticleId == self.ArticleId))
        {
            return null;
        }

        if (entries.Count < EntriesPerBand)
        {
            return entries.Count;
        }

        var oldest = 0;
        for (var slot = 1; slot < entries.Count; slot++)
        {
            if (IsNewer(entries[oldest], entries[slot]))
            {
                oldest = slot;
            }
        }

        return IsNewer(self, entries[oldest]) ? oldest : null;

        static bool IsNewer(BandEntry a, BandEntry b) =>
            a.Published > b.Published || (a.Published == b.Published && string.CompareOrdinal(a.ArticleId, b.ArticleId) < 0);
    }

    /// <summary>The article ids of the row's slots, from slot 0 up to the first empty one.</summary>
    private static IEnumerable<string> ReadArticleIds(TableEntity row)
    {
        for (var slot = 0; row.GetString(StoryColumns.ArticleId + slot) is { } articleId; slot++)
        {
            yield return articleId;
        }
    }

    /// <summary>The row's entries; entry i is slot i (the slots are filled in order, <see cref="ChooseSlot"/>).</summary>
    private static List<BandEntry> ReadEntries(TableEntity row) =>
        [.. ReadArticleIds(row).Select((articleId, slot) => new BandEntry(
            articleId,
            row.GetDateTimeOffset(StoryColumns.Published + slot) ?? DateTimeOffset.MinValue,
            new StoryFingerprint(
                StoryFingerprint.FromBytes(row.GetBinary(StoryColumns.Shingles + slot)),
                StoryFingerprint.FromBytes(row.GetBinary(StoryColumns.Anchors + slot)),
                StoryFingerprint.FromBytes(row.GetBinary(StoryColumns.TitleWords + slot)),
                StoryFingerprint.FromBytes(row.GetBinary(StoryColumns.MinHashes + slot)))))];

    private static TableEntity ToSlotEntity(string partition, int slot, BandEntry entry) =>
        new(partition, BandRowKey)
        {
            [StoryColumns.ArticleId + slot] = entry.ArticleId,
            [StoryColumns.Published + slot] = entry.Published,
            [StoryColumns.Shingles + slot] = StoryFingerprint.ToBytes(entry.Fingerprint.Shingles),
            [StoryColumns.Anchors + slot] = StoryFingerprint.ToBytes(entry.Fingerprint.Anchors),
            [StoryColumns.TitleWords + slot] = StoryFingerprint.ToBytes(entry.Fingerprint.TitleWords),
            [StoryColumns.MinHashes + slot] = StoryFingerprint.ToBytes(entry.Fingerprint.MinHashes),
        };

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

    internal sealed record BandEntry(string ArticleId, DateTimeOffset Published, StoryFingerprint Fingerprint);
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
