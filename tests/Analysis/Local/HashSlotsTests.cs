using NewsMonitor.Analysis.Local;

namespace NewsMonitor.Tests.Analysis.Local;

/// <summary>The open-addressing table behind the word classes and the tagger's weights: hits, misses, probing past
/// collisions (also around the end of the table), duplicates, the capacity rule its memory figures follow, and the
/// empty table.</summary>
public sealed class HashSlotsTests
{
    [Fact]
    public void TryGet_AddedHashes_FoundWithTheirValues()
    {
        var slots = new HashSlots<int>(3, [(0x9E3779B97F4A7C15UL, 7), (42UL, -1), (ulong.MaxValue, int.MaxValue)]);

        Assert.True(slots.TryGet(0x9E3779B97F4A7C15UL, out var first));
        Assert.Equal(7, first);
        Assert.True(slots.TryGet(42UL, out var second));
        Assert.Equal(-1, second);
        Assert.True(slots.TryGet(ulong.MaxValue, out var third));
        Assert.Equal(int.MaxValue, third);
    }

    [Fact]
    public void TryGet_HashNotAdded_NotFoundAndDefault()
    {
        var slots = new HashSlots<ushort>(2, [(3UL, 30), (4UL, 40)]);

        Assert.False(slots.TryGet(5UL, out var value));
        Assert.Equal(0, value);
        // Same slot as 3 (16 slots: low four bits), different hash.
        Assert.False(slots.TryGet(3UL + 16, out _));
    }

    [Fact]
    public void TryGet_HashesSharingASlot_ProbedPastEachOther()
    {
        // With 16 slots, 1, 17, 33 and 49 all start at slot 1; 15, 31 and 47 start at slot 15 and wrap to 0 and 1,
        // which pushes the run from slot 1 further along.
        (ulong, int)[] entries = [(15UL, 150), (31UL, 310), (47UL, 470), (1UL, 10), (17UL, 170), (33UL, 330), (49UL, 490)];
        var slots = new HashSlots<int>(entries.Length, entries);

        Assert.Equal(16, slots.Capacity);
        foreach (var (hash, expected) in entries)
        {
            Assert.True(slots.TryGet(hash, out var value), $"hash {hash}");
            Assert.Equal(expected, value);
        }

        // A miss starting in the middle of the run ends only at its first empty slot.
        Assert.False(slots.TryGet(65UL, out _));
        Assert.False(slots.TryGet(63UL, out _));
    }

    [Fact]
    public void TryGet_HashAddedTwice_KeepsTheLastValue()
    {
        var slots = new HashSlots<ushort>(3, [(9UL, 1), (25UL, 2), (9UL, 3)]);

        Assert.True(slots.TryGet(9UL, out var value));
        Assert.Equal(3, value);
        Assert.True(slots.TryGet(25UL, out var other));
        Assert.Equal(2, other);
    }

    [Fact]
    public void TryGet_ManyAdditionsOfOneHash_OneSlotWithTheLastValue()
    {
        // Fifteen additions of one hash into sixteen slots: they share one slot, so the last value is found and an
        // absent hash's probe still meets an empty slot at once.
        var slots = new HashSlots<int>(0, Enumerable.Range(0, 15).Select(i => (5UL, i)));

        Assert.Equal(16, slots.Capacity);
        Assert.True(slots.TryGet(5UL, out var value));
        Assert.Equal(14, value);
        Assert.False(slots.TryGet(6UL, out _));
    }

    [Fact]
    public void Constructor_EntriesFillingEverySlot_Refused()
    {
        // Fifteen distinct hashes in sixteen slots leave one empty, which ends every miss; a sixteenth would leave
        // none, and a miss would probe forever.
        var fifteen = new HashSlots<int>(0, Enumerable.Range(1, 15).Select(i => ((ulong)i, i)));

        Assert.False(fifteen.TryGet(99UL, out _));
        Assert.Throws<ArgumentException>(() => new HashSlots<int>(0, Enumerable.Range(1, 16).Select(i => ((ulong)i, i))));
    }

    [Fact]
    public void Empty_NoEntries_SixteenSlotsAndEveryHashMissing()
    {
        var slots = new HashSlots<ushort>(0, []);

        Assert.Equal(16, slots.Capacity);
        Assert.Equal(16 * (8 + 2), slots.Bytes);
        Assert.False(slots.TryGet(1UL, out _));
        Assert.False(slots.TryGet(ulong.MaxValue, out _));
    }

    [Fact]
    public void TryGet_HashZero_EndsAtTheFirstEmptySlotAsFound()
    {
        // 0 marks an empty slot: looking it up is not special-cased, so it "finds" the first empty slot from slot 0
        // with its default value. Pinned because the word classes (Unknown = 0) and the tagger (row 0) inherit it.
        var slots = new HashSlots<int>(1, [(16UL, 5)]);

        Assert.True(slots.TryGet(0UL, out var value));
        Assert.Equal(0, value);
    }

    [Theory]
    [InlineData(0, 16)]
    [InlineData(16, 16)]
    [InlineData(17, 32)]
    [InlineData(225_000, 262_144)] // the word classes: 150,000 words × 1.5
    public void Capacity_MinimumSlots_RoundedUpToAPowerOfTwoAtLeastSixteen(int minimumSlots, int capacity)
    {
        var slots = new HashSlots<int>(minimumSlots, []);

        Assert.Equal(capacity, slots.Capacity);
        Assert.Equal(capacity * (8L + 4L), slots.Bytes);
    }

    [Fact]
    public void MemoryBytes_EmbeddedTables_KeepTheirCapacityRules()
    {
        var resources = LocalAnalyzerResources.Default;
        var tagger = resources.EntityTagger;

        // Word classes: 1.5 slots per word, 8-byte key + 2-byte class each.
        var classSlots = (long)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)(resources.WordClasses.Count * 3 / 2));
        Assert.Equal(classSlots * 10, resources.WordClasses.MemoryBytes);
        Assert.NotNull(tagger);
        // Tagger: 2 slots per feature, 8-byte key + 4-byte row each, plus the weights (one float per feature and label).
        var featureSlots = (long)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)(tagger.FeatureCount * 2));
        Assert.Equal((featureSlots * 12) + (tagger.FeatureCount * EntityLabels.Count * 4L), tagger.MemoryBytes);
    }

    [Fact]
    public void MemoryBytes_ElevenEntries_ClassesAtOnePointFiveSlotsTaggerAtTwo()
    {
        // Eleven entries is where the two rules part: 1.5 × 11 rounds up to 16 slots, 2 × 11 to 32.
        var words = Enumerable.Range(0, 11).Select(i => $"w{i}\t{i}");
        var hashes = Enumerable.Range(1, 11).Select(i => EntityFeatures.Mix(1, (ulong)i)).ToArray();

        Assert.Equal(16 * 10, WordClasses.Read(words).MemoryBytes);
        Assert.Equal((32 * 12) + (11 * 4), new EntityTagger(hashes, new float[11], labels: 1).MemoryBytes);
    }
}
