using NewsMonitor.Analysis.Stories;

namespace NewsMonitor.Tests.Analysis.Stories;

public sealed class StoryFingerprintTests
{
    private const string Title = "Taliban claim control of 85% of Afghanistan's territory";
    private const string Lede = "The Taliban said on Friday they had taken control of 85% of territory in Afghanistan, a claim Afghan officials dismissed as propaganda, as foreign troops complete their withdrawal.";

    [Theory]
    [InlineData("UPDATE 1-Taliban claim control of 85% of Afghanistan's territory - officials", "KABUL, July 9 (Meridian) - " + Lede)]
    [InlineData(Title, Lede + " Subscribe to our newsletter for the latest updates. Copyright © 2021. All rights reserved.")]
    [InlineData("Taliban Claim Control Of 85% Of Afghanistan's Territory", Lede + " Officials gave no further details.")]
    public void IsSameStory_SyndicatedCopyWithEdits_True(string title, string lede)
    {
        var original = StoryFingerprint.Compute(Title, Lede);
        var copy = StoryFingerprint.Compute(title, lede);

        Assert.True(StoryFingerprint.ShareABand(original, copy));
        Assert.True(StoryFingerprint.IsSameStory(original, copy));
    }

    [Theory]
    [InlineData("Afghan officials dispute Taliban claims of sweeping gains", "Afghanistan's defence ministry said government forces still held all provincial capitals and were launching operations to retake districts captured by the Taliban.")]
    public void IsSameStory_SameTopicOtherFacts_False(string title, string lede)
    {
        Assert.False(StoryFingerprint.IsSameStory(StoryFingerprint.Compute(Title, Lede), StoryFingerprint.Compute(title, lede)));
    }

    [Fact]
    public void IsSameStory_SameWordingAboutAnotherCountry_False()
    {
        var canada = StoryFingerprint.Compute("Drought cuts wheat harvest forecast in Canada", "Farm officials in Canada lowered their estimate for this year's wheat crop after the driest spring in decades, raising concerns about bread prices.");
        var southAfrica = StoryFingerprint.Compute("Drought cuts wheat harvest forecast in South Africa", "Farm officials in South Africa lowered their estimate for this year's wheat crop after the driest spring in decades, raising concerns about bread prices.");

        Assert.False(StoryFingerprint.IsSameStory(canada, southAfrica));
    }

    [Fact]
    public void Compute_SameText_SameFingerprintEveryTime()
    {
        var a = StoryFingerprint.Compute(Title, Lede);
        var b = StoryFingerprint.Compute(Title, Lede);

        Assert.Equal(a.MinHashes, b.MinHashes);
        Assert.Equal(a.Shingles, b.Shingles);
        Assert.Equal(StoryFingerprint.Bands, a.MinHashes.Length);
        Assert.Equal(a.Shingles, StoryFingerprint.FromBytes(StoryFingerprint.ToBytes(a.Shingles)));
    }

    [Fact]
    public void Lede_TrailingNewsletterPrompt_IsLeftOut()
    {
        var lede = StoryFingerprint.Lede("Kabul is calm. Subscribe to our newsletter. Officials met on Friday.");

        Assert.DoesNotContain("newsletter", lede, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("Officials met on Friday.", lede, StringComparison.Ordinal);
    }
}
