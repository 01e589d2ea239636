using System.Globalization;
using Azure;
using Azure.Data.Tables;
using NewsMonitor.Articles;
using NewsMonitor.Feeds;
using NewsMonitor.Storage;

namespace NewsMonitor.Cli.Pipeline;

/// <summary>A row of <c>AnalysisBacklog</c>: one stored (or being stored) article whose analysis is not done yet.</summary>
internal sealed class AnalysisBacklogEntry : ITableEntity
{
    public const string WaitingState = "waiting";

    /// <summary>The article cannot be analyzed, ever (its blob is not a valid article): kept, with the reason, for an operator.</summary>
    public const string AbandonedState = "abandoned";

    public string PartitionKey { get; set; } = string.Empty;

    public string RowKey { get; set; } = string.Empty;

    public DateTimeOffset? Timestamp { get; set; }

    public ETag ETag { get; set; }

    /// <summary>The article's blob name in <c>articles</c> (and of its analysis in <c>analysis</c>).</summary>
    public string BlobName { get; set; } = string.Empty;

    public DateTimeOffset AddedAt { get; set; }

    public string State { get; set; } = WaitingState;

    public int Attempts { get; set; }

    public string? LastError { get; set; }

    public DateTimeOffset? LastAttempt { get; set; }
}

/// <summary>
/// newsmon's stand-in for the Event Grid delivery the Functions app gets from Azure: the durable list of articles
/// stored but not analyzed yet, in the <c>AnalysisBacklog</c> table. A row is written <b>before</b> the article's blob
/// (<see cref="BacklogArticleStore"/>) and deleted only after its analysis blob exists, so whatever stops a run
/// (a crash, storage going away, a failed analysis) leaves the work where the next run finds it. A row whose article
/// blob never appeared is a store that did not happen, dropped after <see cref="MissingArticleGrace"/>.
/// </summary>
internal sealed class AnalysisBacklog(NewsStorage storage, TimeProvider timeProvider)
{
    public const string TableName = "AnalysisBacklog";

    /// <summary>
    /// Rows are spread over <see cref="Partitions"/> partitions, <c>article|{hash of the blob name:x2}</c>: every point
    /// write and delete is answered from one partition, and Azurite walks the whole partition for each (its index is
    /// on PartitionKey only), so one partition holding a 20,000-article cold run's rows made each of them cost the
    /// backlog's size: ingest grew with the square of the batch (README, "Scale and cost"). Earlier versions wrote
    /// every row to the single partition <c>article</c>; <see cref="ListAllAsync"/> still reads it.
    /// </summary>
    internal const string PartitionPrefix = "article";

    internal const int Partitions = 64;

    /// <summary>Most operations in one entity group transaction (a Table service limit).</summary>
    internal const int MaxBatch = 100;

    /// <summary>
    /// How long a row may point at an article blob that does not exist: another run may be between writing the row and
    /// the blob. After this the store is taken to have failed (the feed item is fetched again and gets a new row).
    /// </summary>
    public static readonly TimeSpan MissingArticleGrace = TimeSpan.FromMinutes(10);

    private volatile bool _created;

    private TableClient Table => storage.Table(TableName);

    /// <summary>Records that <paramref name="blobName"/> is about to be stored and owes an analysis; returns the row as written.</summary>
    public async Task<AnalysisBacklogEntry> AddAsync(string blobName, CancellationToken cancellationToken = default)
    {
        await EnsureCreatedAsync(cancellationToken);
        var addedAt = timeProvider.GetUtcNow();
        var entity = new TableEntity(PartitionFor(blobName), Key(blobName))
        {
            [nameof(AnalysisBacklogEntry.BlobName)] = blobName,
            [nameof(AnalysisBacklogEntry.AddedAt)] = addedAt,
        };

        // Merge keeps the attempts of a row that is already there (the same story stored again by another feed).
        await Table.UpsertEntityAsync(entity, TableUpdateMode.Merge, cancellationToken);
        return EntryFor(blobName, addedAt);
    }

    /// <summary>The row <see cref="AddAsync"/> writes for <paramref name="blobName"/>, as written (no attempt yet).</summary>
    public static AnalysisBacklogEntry EntryFor(string blobName, DateTimeOffset addedAt) =>
        new() { PartitionKey = PartitionFor(blobName), RowKey = Key(blobName), BlobName = blobName, AddedAt = addedAt };

    /// <summary>Every row still waiting, oldest first. One query over a table holding only unfinished work.</summary>
    public async Task<IReadOnlyList<AnalysisBacklogEntry>> ListWaitingAsync(CancellationToken cancellationToken = default) =>
        Waiting(await ListAllAsync(cancellationToken));

    /// <summary>Every row, abandoned ones included (their articles are known, only not retried), in no order.</summary>
    public async Task<IReadOnlyList<AnalysisBacklogEntry>> ListAllAsync(CancellationToken cancellationToken = default)
    {
        await EnsureCreatedAsync(cancellationToken);
        var rows = new List<AnalysisBacklogEntry>();
        // "article" and every "article|xx" sort between "article" and "article}" ('|' comes just before '}').
        var filter = TableClient.CreateQueryFilter($"PartitionKey ge {PartitionPrefix} and PartitionKey lt {PartitionPrefix + "}"}");
        await foreach (var row in Table.QueryAsync<AnalysisBacklogEntry>(filter, cancellationToken: cancellationToken))
        {
            rows.Add(row);
        }

        return rows;
    }

    /// <summary>
    /// The rows of <paramref name="rows"/> still waiting, oldest first. Filtered here, not in the query: a row written
    /// by <see cref="AddAsync"/> has no State column, and the Table service leaves rows without the column out of any
    /// comparison on it.
    /// </summary>
    public static IReadOnlyList<AnalysisBacklogEntry> Waiting(IEnumerable<AnalysisBacklogEntry> rows) =>
        [.. rows.Where(row => row.State != AnalysisBacklogEntry.AbandonedState).OrderBy(row => row.AddedAt).ThenBy(row => row.RowKey, StringComparer.Ordinal)];

    /// <summary>
    /// The analysis blob exists: the work is done. Unconditional, since nothing after it can undo that; a row already
    /// gone was finished by a run working through the same backlog at the same time.
    /// </summary>
    public async Task RemoveAsync(AnalysisBacklogEntry entry, CancellationToken cancellationToken = default)
    {
        try
        {
            await Table.DeleteEntityAsync(entry.PartitionKey, entry.RowKey, ETag.All, cancellationToken);
        }
        catch (RequestFailedException exception) when (exception.Status == 404)
        {
            // Deleted by the other run.
        }
    }

    /// <summary>
    /// <see cref="RemoveAsync(AnalysisBacklogEntry, CancellationToken)"/> for rows of one partition (at most
    /// <see cref="MaxBatch"/>): one entity group transaction instead of a request per row. A transaction fails as a
    /// whole when any row is gone already (another run finished it), and those rows are then deleted one by one.
    /// </summary>
    public async Task RemoveAsync(IReadOnlyList<AnalysisBacklogEntry> entries, CancellationToken cancellationToken = default)
    {
        if (entries.Count == 0)
        {
            return;
        }

        if (entries.Count > MaxBatch || entries.Any(entry => entry.PartitionKey != entries[0].PartitionKey))
        {
            throw new ArgumentException($"At most {MaxBatch} rows of one partition.", nameof(entries));
        }

        try
        {
            await Table.SubmitTransactionAsync(
                entries.Select(entry => new TableTransactionAction(
                    TableTransactionActionType.Delete, new TableEntity(entry.PartitionKey, entry.RowKey), ETag.All)),
                cancellationToken);
        }
        catch (TableTransactionFailedException)
        {
            foreach (var entry in entries)
            {
                await RemoveAsync(entry, cancellationToken);
            }
        }
    }

    /// <summary>Counts a failed attempt (retried next run); <paramref name="abandon"/> stops retrying one that can never work.</summary>
    public async Task RecordFailureAsync(AnalysisBacklogEntry entry, string error, bool abandon, CancellationToken cancellationToken = default)
    {
        entry.Attempts++;
        entry.LastError = error.Length > 1000 ? error[..1000] : error;
        entry.LastAttempt = timeProvider.GetUtcNow();
        if (abandon)
        {
            entry.State = AnalysisBacklogEntry.AbandonedState;
        }

        try
        {
            await Table.UpdateEntityAsync(entry, ETag.All, TableUpdateMode.Merge, cancellationToken);
        }
        catch (RequestFailedException exception) when (exception.Status == 404)
        {
            // Another run analyzed it meanwhile and removed the row: nothing is owed any more.
        }
    }

    /// <summary>The row's partition: a stable hash of the blob name (<see cref="StableHash"/>), so every run and version agrees.</summary>
    internal static string PartitionFor(string blobName) =>
        string.Create(CultureInfo.InvariantCulture, $"{PartitionPrefix}|{StableHash.Bucket(blobName, Partitions):x2}");

    /// <summary>'/' may not appear in a row key; blob names never contain '|'.</summary>
    internal static string Key(string blobName) => blobName.Replace('/', '|');

    private async Task EnsureCreatedAsync(CancellationToken cancellationToken)
    {
        if (!_created)
        {
            await Table.CreateIfNotExistsAsync(cancellationToken);
            _created = true;
        }
    }
}

/// <summary>
/// The ingest's article store with the backlog row written first: an article can then never be stored without its
/// analysis being owed somewhere durable, whatever stops the run between the two writes.
/// </summary>
internal sealed class BacklogArticleStore(NewsStorage storage, AnalysisBacklog backlog, FreshArticles freshArticles) : ArticleStore(storage)
{
    /// <remarks>
    /// Called with the path the blob goes to (the story's first sighting's, which may be another day's), before the
    /// upload. A duplicate keeps its row: the run that stored it may have stopped before analyzing it, and for an
    /// analyzed one the next pass costs one read of the analysis blob before the row goes.
    /// </remarks>
    protected override Task OnStoringAsync(string blobName, CancellationToken cancellationToken) =>
        backlog.AddAsync(blobName, cancellationToken);

    /// <summary>Hands the article to the analysis of the cycle under way, if one is taking them (its row is written already).</summary>
    protected override Task OnStoredAsync(string blobName, BinaryData articleJson, CancellationToken cancellationToken) =>
        freshArticles.OfferAsync(new FreshArticle(blobName, articleJson), cancellationToken);
}

/// <summary>
/// The rows of articles a pass has analyzed, deleted in batches
/// (<see cref="AnalysisBacklog.RemoveAsync(IReadOnlyList{AnalysisBacklogEntry}, CancellationToken)"/>: one entity group
/// transaction per partition and up to 100 rows) instead of one delete each, which was one request in twenty of a cold
/// run. A row waits here until its partition has a full batch, or the rows waiting reach <see cref="MostWaiting"/>
/// (then the partition holding most of them goes: over 64 partitions, a batch of about 16), or the pass ends
/// (<see cref="FlushAsync"/>). The bound keeps the table small: Azurite walks a partition for every write to it and
/// keeps its indexes in order at a cost linear in the table's rows. Should the run stop before its row is deleted, the
/// row stays in the backlog with its analysis done: the next run finds the analysis blob (one read, as for any replay),
/// analyzes nothing and deletes the row. Nothing is lost or analyzed twice; only the delete comes later.
/// </summary>
internal sealed class FinishedRows(AnalysisBacklog backlog)
{
    /// <summary>Rows waiting at most, over all partitions, before the fullest partition's are deleted.</summary>
    internal const int MostWaiting = 1_024;

    private readonly Dictionary<string, List<AnalysisBacklogEntry>> _waiting = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();
    private int _count;

    /// <summary>The article's analysis is stored: its row goes, now if that fills its partition's batch, else at <see cref="FlushAsync"/>.</summary>
    public async Task AddAsync(AnalysisBacklogEntry entry, CancellationToken cancellationToken)
    {
        List<AnalysisBacklogEntry>? full = null;
        lock (_lock)
        {
            if (!_waiting.TryGetValue(entry.PartitionKey, out var rows))
            {
                _waiting[entry.PartitionKey] = rows = [];
            }

            rows.Add(entry);
            _count++;
            if (rows.Count == AnalysisBacklog.MaxBatch || _count >= MostWaiting)
            {
                // Its partition's full batch, or else (too many rows waiting) the fullest partition's.
                full = rows.Count == AnalysisBacklog.MaxBatch ? rows : _waiting.Values.MaxBy(waiting => waiting.Count)!;
                _waiting.Remove(full[0].PartitionKey);
                _count -= full.Count;
            }
        }

        if (full is not null)
        {
            await backlog.RemoveAsync(full, cancellationToken);
        }
    }

    /// <summary>Deletes every row still waiting, a batch per partition.</summary>
    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        List<List<AnalysisBacklogEntry>> batches;
        lock (_lock)
        {
            batches = [.. _waiting.Values];
            _waiting.Clear();
            _count = 0;
        }

        foreach (var rows in batches)
        {
            await backlog.RemoveAsync(rows, cancellationToken);
        }
    }
}
