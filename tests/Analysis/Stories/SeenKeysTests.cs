using NewsMonitor.Storage;

namespace NewsMonitor.Tests.Analysis.Stories;

public sealed class SeenKeysTests
{
    [Fact]
    public void Contains_KeysAddedAndRemoved_AnswersForEachAndNothingElse()
    {
        var seen = new SeenKeys(slotsLog2: 20);
        // 100 keys in a million slots: no two share a slot (checked: the test is deterministic).
        var keys = Enumerable.Range(0, 200).Select(i => $"band|{i % 8}|{i:x8}").ToList();

        foreach (var key in keys.Take(100))
        {
            seen.Add(key);
        }

        seen.Remove(keys[7]);

        Assert.False(seen.Contains(keys[7]));
        Assert.All(keys.Take(100).Where((_, i) => i != 7), key => Assert.True(seen.Contains(key), key));
        Assert.All(keys.Skip(100), key => Assert.False(seen.Contains(key), key));
    }

    [Fact]
    public void Add_MoreKeysThanSlots_MemoryStaysFixedAndTheLatestAreKept()
    {
        // Two slots: most keys are forgotten (a guess costs a request, never a row), the last one added never is.
        var seen = new SeenKeys(slotsLog2: 1);
        var keys = Enumerable.Range(0, 100).Select(i => $"key{i}").ToList();

        foreach (var key in keys)
        {
            seen.Add(key);
        }

        Assert.True(seen.Contains(keys[^1]));
        Assert.InRange(keys.Count(seen.Contains), 1, 2);
    }

    [Fact]
    public void Remove_AKeyNotHeld_LeavesTheKeyInItsSlot()
    {
        var seen = new SeenKeys(slotsLog2: 1);
        seen.Add("a");
        var other = Enumerable.Range(0, 100).Select(i => $"b{i}").First(key => !seen.Contains(key));

        seen.Remove(other);

        Assert.True(seen.Contains("a"));
    }
}
