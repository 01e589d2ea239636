using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;
using NewsMonitor.Analysis.Stories;
using NewsMonitor.Articles;
using NewsMonitor.Storage;
using NewsMonitor.Tests.Support;

namespace NewsMonitor.Tests.Analysis.Stories;

public sealed class StoryIndexTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private static int _period;

    // Tests share the class's Azurite: each test (and each round of the race) gets its own weeks, beyond the
    // lookback of the others, so copies from different tests never meet.
    private static DateTimeOffset Published => new DateTimeOffset(2021, 7, 9, 7, 50, 0, TimeSpan.Zero).AddDays(10 * Volatile.Read(ref _period));

    private const string WireTitle = "Taliban claim control of 85% of Afghanistan's territory";
    private const string WireLede = "The Taliban said on Friday they had taken control of 85% of territory in Afghanistan, a claim Afghan officials dismissed as propaganda, as foreign troops complete their withdrawal.";

    [Fact]
    public async Task AssignAsync_EditedCopyFromAnotherOutlet_JoinsTheFirstArticlesStory()
    {
        var (index, run) = await CreateSutAsync();
        var original = Copy(run, "global-wire", WireTitle, WireLede, Published);
        var copy = Copy(run, "meridian", "UPDATE 1-" + WireTitle + " - officials", "KABUL, July 9 (Meridian) - " + WireLede + " Subscribe to our newsletter.", Published.AddMinutes(20));

        var first = await index.AssignAsync(original);
        var second = await index.AssignAsync(copy);

        Assert.Equal(original.Id, first);
        Assert.Equal(first, second);
        var story = await index.GetAsync(first);
        Assert.NotNull(story);
        Assert.Equal(WireTitle, story.FirstHeadline);
        Assert.Equal(Published, story.FirstSeen);
        Assert.Equal(["Global Wire " + run, "Meridian " + run], story.Sources);
        Assert.Equal([original.Id, copy.Id], story.Articles.Select(a => a.ArticleId));
        Assert.Equal([1, 2], story.SizeByHour.Select(size => size.Total));
    }

    [Fact]
    public async Task AssignAsync_SameTopicDifferentStory_StartsItsOwnStory()
    {
        var (index, run) = await CreateSutAsync();
        var wire = Copy(run, "global-wire", WireTitle, WireLede, Published);
        var other = Copy(run, "meridian", "Taliban seize Islam Qala border crossing with Iran",
            "Taliban fighters captured Islam Qala, Afghanistan's main border crossing with Iran, Afghan officials said, as the group pressed its offensive in the west of the country.",
            Published.AddMinutes(15));

        Assert.Equal(wire.Id, await index.AssignAsync(wire));
        Assert.Equal(other.Id, await index.AssignAsync(other));
    }

    [Fact]
    public async Task AssignAsync_ArticleProcessedAgainAfterItsStoryGrew_KeepsItsStory()
    {
        var (index, run) = await CreateSutAsync();
        var copy = Copy(run, "meridian", WireTitle, WireLede, Published.AddMinutes(30));
        var original = Copy(run, "global-wire", WireTitle, WireLede, Published);

        var first = await index.AssignAsync(copy);
        var joined = await index.AssignAsync(original);
        var again = await index.AssignAsync(copy);
        var againOriginal = await index.AssignAsync(original);

        Assert.Equal(copy.Id, first);
        Assert.Equal(first, joined);
        Assert.Equal(first, again);
        Assert.Equal(first, againOriginal);
        var assignments = await RowsAsync($"PartitionKey eq '{StoryIndex.AssignmentPartition(copy.Id)}'");
        Assert.Single(assignments);
        var members = await RowsAsync($"PartitionKey eq '{StoryIndex.StoryPartition(first)}'");
        Assert.Equal(2, members.Count);
    }

    [Fact]
    public async Task AssignAsync_TwoAnalyzersRacingOnCopiesOfOneStory_EndInOneStory()
    {
        var run = Guid.NewGuid().ToString("N")[..8];
        for (var round = 0; round < 6; round++)
        {
            // Two stages with their own clients, as two Functions instances would have.
            var (left, _) = await CreateSutAsync();
            var (right, _) = await CreateSutAsync(newPeriod: false);
            var copies = Enumerable.Range(0, 4)
                .Select(n => Copy($"{run}-{round}", $"outlet-{n}", WireTitle, WireLede + $" Reported by outlet {n}.", Published.AddMinutes(n)))
                .ToList();

            var stories = await Task.WhenAll(copies.Select((copy, n) => (n % 2 == 0 ? left : right).AssignAsync(copy)));
            // Re-processing every copy afterwards (an event delivered twice) moves none of them.
            var again = await Task.WhenAll(copies.Select(copy => right.AssignAsync(copy)));

            Assert.Single(stories.Distinct(StringComparer.Ordinal));
            Assert.Equal(stories, again);
            var story = await left.GetAsync(stories[0]);
            Assert.Equal(4, story!.Articles.Count);
        }
    }

    [Fact]
    public async Task AssignAsync_AnotherAnalyzerWroteTheBandRowsSince_AddsToItsVersionAndLosesNoEntry()
    {
        var (left, run) = await CreateSutAsync();
        var (right, _) = await CreateSutAsync(newPeriod: false);
        var copies = Enumerable.Range(0, 3)
            .Select(n => Copy(run, $"outlet-{n}", WireTitle, WireLede, Published.AddMinutes(n)))
            .ToList();

        // Left writes every band row and remembers it; right (its own memory) then adds to each; left's next copy
        // writes over a version that is no longer the row's.
        var first = await left.AssignAsync(copies[0]);
        var second = await right.AssignAsync(copies[1]);
        var third = await left.AssignAsync(copies[2]);

        Assert.Equal([copies[0].Id, copies[0].Id, copies[0].Id], new[] { first, second, third });
        var fingerprint = StoryFingerprint.Compute(copies[0].Title, copies[0].Summary);
        for (var band = 0; band < StoryFingerprint.Bands; band++)
        {
            // The class's other tests write the same text into the same rows (weeks apart): these three must all be there.
            var row = Assert.Single(await RowsAsync(TableClient.CreateQueryFilter($"PartitionKey eq {StoryIndex.BandPartition(band, fingerprint.MinHashes[band])}"), StorageNames.StoryBandTables[band]));
            Assert.Subset(ArticleIds(row).ToHashSet(StringComparer.Ordinal), copies.Select(copy => copy.Id).ToHashSet(StringComparer.Ordinal));
        }
    }

    [Fact]
    public async Task AssignAsync_CopyOfAStoryThisAnalyzerJustWrote_WritesEachBandRowWithoutReadingItFirst()
    {
        var requests = await CopyRequestsAsync(StoryIndex.BandEntriesRemembered);

        // Each band row: one merge over the remembered version, and nothing else: what it replaced is what the copy finds.
        var bandRequests = requests.Where(request => request.Contains("PartitionKey='band%7C", StringComparison.Ordinal)).ToList();
        Assert.Equal(StoryFingerprint.Bands, bandRequests.Count);
        Assert.All(bandRequests, request => Assert.StartsWith("PATCH ", request, StringComparison.Ordinal));
    }

    [Fact]
    public void StoryBandTables_OnePerBand() =>
        Assert.Equal(StoryFingerprint.Bands, StorageNames.StoryBandTables.Count);

    [Fact]
    public async Task AssignAsync_CopyOfAStoryWhoseBandRowsItNoLongerRemembers_ReadsThemFirstInsteadOfAnInsertThatFails()
    {
        // Room for one entry only: the content of the original's band rows is forgotten at once, their keys are not.
        var requests = await CopyRequestsAsync(bandEntriesRemembered: 1);

        // Each band row: a merge over the version remembered or just read; never an insert the service refuses (409).
        var bandRequests = requests.Where(request => request.Contains("band%7C", StringComparison.Ordinal) || request.Contains("band|", StringComparison.Ordinal)).ToList();
        Assert.Equal(StoryFingerprint.Bands, bandRequests.Count(request => request.StartsWith("PATCH ", StringComparison.Ordinal)));
        Assert.InRange(bandRequests.Count(request => request.StartsWith("GET ", StringComparison.Ordinal)), StoryFingerprint.Bands - 1, StoryFingerprint.Bands);
        Assert.Equal(1, requests.Count(request => request.StartsWith("POST ", StringComparison.Ordinal)));
    }

    /// <summary>
    /// An index remembering <paramref name="bandEntriesRemembered"/> band entries assigns a story's original, then a
    /// copy of it (just stored); returns the copy's storage requests, having checked it joined the original's story.
    /// </summary>
    private async Task<List<string>> CopyRequestsAsync(int bandEntriesRemembered)
    {
        Interlocked.Increment(ref _period);
        var run = Guid.NewGuid().ToString("N")[..8];
        var counter = new CountingPolicy();
        var storage = counter.Storage(azurite.ConnectionString);
        await storage.EnsureCreatedAsync();
        using var index = new StoryIndex(storage, Options.Create(new StoriesOptions()), bandEntriesRemembered);
        var original = Copy(run, "global-wire", WireTitle, WireLede, Published);
        var copy = Copy(run, "meridian", WireTitle, WireLede, Published.AddMinutes(5));
        await index.AssignAsync(original);
        counter.Requests.Clear();

        Assert.Equal(original.Id, await index.AssignAsync(copy, justStored: true));
        return [.. counter.Requests];
    }

    [Fact]
    public async Task AssignAsync_MatchStillChoosingItsStory_JoinsTheStoryItChoosesInsteadOfClaimingIt()
    {
        // A ← B → C: B is within the lookback of both, A and C are not of each other; C sees only B.
        var (index, run) = await CreateSutAsync();
        var a = Copy(run, "global-wire", WireTitle, WireLede, Published);
        var b = Copy(run, "meridian", WireTitle, WireLede, Published.AddDays(2));
        var c = Copy(run, "continental", WireTitle, WireLede, Published.AddDays(4));
        Assert.Equal(a.Id, await index.AssignAsync(a));
        Assert.Equal(a.Id, await index.AssignAsync(b));

        // B as if caught between announcing itself and inserting its assignment: in its band rows, no assignment yet.
        // It inserts it (joining A) when C reads it the second time, that is while C waits for it.
        var stories = azurite.CreateStorage().Table(StorageNames.StoriesTable);
        await stories.DeleteEntityAsync(StoryIndex.AssignmentPartition(b.Id), string.Empty);
        var finishing = new FinishOnSecondRead(StoryIndex.AssignmentPartition(b.Id), () =>
            stories.AddEntity(new TableEntity(StoryIndex.AssignmentPartition(b.Id), string.Empty) { ["StoryId"] = a.Id }));
        using var concurrent = new StoryIndex(CountingPolicy.Through(finishing, azurite.ConnectionString), Options.Create(new StoriesOptions()));

        Assert.Equal(a.Id, await concurrent.AssignAsync(c));
        Assert.True(finishing.Finished);
    }

    [Fact]
    public void ChooseSlot_FreeFullReplayedOrTooOld_TakesTheNextSlotTheOldestsOrNone()
    {
        var fingerprint = StoryFingerprint.Compute(WireTitle, WireLede);
        var start = new DateTimeOffset(2021, 7, 9, 0, 0, 0, TimeSpan.Zero);
        StoryIndex.BandEntry Entry(string id, int minutes) => new(id, start.AddMinutes(minutes), fingerprint);

        // Slot i holds entry i; the oldest of this full row is in slot 5.
        var full = Enumerable.Range(0, StoryIndex.EntriesPerBand).Select(n => Entry($"a{n}", n == 5 ? 0 : 10 + n)).ToList();

        Assert.Equal(3, StoryIndex.ChooseSlot(full.Take(3).ToList(), Entry("new", 1)));
        Assert.Equal(5, StoryIndex.ChooseSlot(full, Entry("new", 1)));
        Assert.Null(StoryIndex.ChooseSlot(full, Entry("old", -1)));
        Assert.Null(StoryIndex.ChooseSlot(full, Entry("a7", 17)));
        // Same published time as the oldest: the smaller article id is the newer, as when the row is read back.
        Assert.Equal(5, StoryIndex.ChooseSlot(full, Entry("a", 0)));
        Assert.Null(StoryIndex.ChooseSlot(full, Entry("z", 0)));
    }

    [Fact]
    public async Task AssignAsync_CopyOutsideTheLookback_StartsANewStory()
    {
        var (index, run) = await CreateSutAsync();
        var old = Copy(run, "global-wire", WireTitle, WireLede, Published.AddDays(-4));
        var now = Copy(run, "meridian", WireTitle, WireLede, Published);

        Assert.Equal(old.Id, await index.AssignAsync(old));
        Assert.Equal(now.Id, await index.AssignAsync(now));
    }

    [Fact]
    public async Task AssignAsync_MoreCopiesThanABandRowKeeps_AllJoinOneStoryAndEachBandRowHoldsTheNewestOnce()
    {
        var (index, run) = await CreateSutAsync();
        var copies = Enumerable.Range(0, StoryIndex.EntriesPerBand + 4)
            .Select(n => Copy(run, n % 2 == 0 ? "global-wire" : "meridian", WireTitle, WireLede, Published.AddMinutes(n)))
            .ToList();

        var stories = new List<string>();
        foreach (var copy in copies)
        {
            stories.Add(await index.AssignAsync(copy));
        }

        // Processed again: keeps its story and is not added to a band row a second time.
        var replayed = copies[^1];
        Assert.Equal(copies[0].Id, await index.AssignAsync(replayed));

        Assert.All(stories, story => Assert.Equal(copies[0].Id, story));
        var fingerprint = StoryFingerprint.Compute(replayed.Title, replayed.Summary);
        var newest = copies.TakeLast(StoryIndex.EntriesPerBand).Select(copy => copy.Id).Order(StringComparer.Ordinal).ToList();
        for (var band = 0; band < StoryFingerprint.Bands; band++)
        {
            var rows = await RowsAsync(TableClient.CreateQueryFilter($"PartitionKey eq {StoryIndex.BandPartition(band, fingerprint.MinHashes[band])}"), StorageNames.StoryBandTables[band]);
            var row = Assert.Single(rows);
            Assert.Equal(StoryIndex.BandRowKey, row.RowKey);
            Assert.Equal(newest, ArticleIds(row));
        }
    }

    private async Task<(StoryIndex Index, string Run)> CreateSutAsync(bool newPeriod = true)
    {
        if (newPeriod)
        {
            Interlocked.Increment(ref _period);
        }

        var storage = azurite.CreateStorage();
        await storage.EnsureCreatedAsync();
        return (new StoryIndex(storage, Options.Create(new StoriesOptions())), Guid.NewGuid().ToString("N")[..8]);
    }

    private static List<string> ArticleIds(TableEntity row) =>
        [.. row.Keys.Where(key => key.StartsWith("ArticleId", StringComparison.Ordinal)).Select(row.GetString).Order(StringComparer.Ordinal)];

    private async Task<List<TableEntity>> RowsAsync(string filter, string table = StorageNames.StoriesTable)
    {
        var rows = new List<TableEntity>();
        await foreach (var row in azurite.CreateStorage().Table(table).QueryAsync<TableEntity>(filter))
        {
            rows.Add(row);
        }

        return rows;
    }

    // Each test's run id goes into the text too, so tests sharing the class's Azurite never match each other's copies.
    private static Article Copy(string run, string outlet, string title, string lede, DateTimeOffset published)
    {
        var url = $"https://{outlet}.example/{run}/{published:HHmm}";
        var name = string.Join(' ', outlet.Split('-').Select(part => char.ToUpperInvariant(part[0]) + part[1..]));
        return new Article
        {
            Id = ArticleId.FromCanonicalUrl(url),
            Url = url,
            Title = title,
            Summary = $"{lede} Case {run}.",
            Published = published,
            FetchedAt = published.AddMinutes(5),
            FeedId = outlet,
            Source = $"{name} {run}",
        };
    }
}

/// <summary>Runs <c>finish</c> just before the second read of an assignment partition goes out.</summary>
internal sealed class FinishOnSecondRead(string partition, Action finish) : HttpPipelineSynchronousPolicy
{
    private int _reads;

    public bool Finished { get; private set; }

    public override void OnSendingRequest(HttpMessage message)
    {
        if (message.Request.Method == RequestMethod.Get
            && Uri.UnescapeDataString(message.Request.Uri.Path).Contains($"PartitionKey='{partition}'", StringComparison.Ordinal)
            && Interlocked.Increment(ref _reads) == 2)
        {
            finish();
            Finished = true;
        }
    }
}
