using NewsMonitor.Analysis.Local;

namespace NewsMonitor.Tests.Analysis.Local;

/// <summary>Sentence and document sentiment through the analyzer, the way newsmon and the alert email see it.</summary>
public sealed class SentimentScorerTests
{
    private static LocalTextAnalyzer CreateSut() => new(LocalAnalyzerResources.Default);

    [Fact]
    public void Document_MintArticle_IsNegative()
    {
        var result = CreateSut().Analyze(TestArticles.MintText);

        Assert.Equal("negative", result.Sentiment.Label);
        Assert.True(result.Sentiment.Negative > result.Sentiment.Positive);
    }

    [Fact]
    public void Document_MintArticle_FooterSentenceIsNeutral()
    {
        var result = CreateSut().Analyze(TestArticles.MintText);

        var footer = Assert.Single(result.Sentences, s => s.Text.StartsWith("Subscribe to Mint Newsletters", StringComparison.Ordinal));
        Assert.Equal("neutral", footer.Label);
    }

    [Fact]
    public void Document_NeutralStoryWithCheerfulFooter_StaysNeutral()
    {
        var result = CreateSut().Analyze(
            "The council meets on Tuesday to discuss the budget. The meeting starts at noon in the town hall.\n\n"
            + "Thank you for subscribing! Sign up for our great newsletter and enjoy the best stories.");

        Assert.Equal("neutral", result.Sentiment.Label);
        Assert.DoesNotContain(result.KeyPhrases, p => p.Contains("newsletter", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void Document_FooterWordsInsideTheStory_StillCount()
    {
        var result = CreateSut().Analyze(
            "Readers were delighted and thankful: subscribing to the newsletter was a wonderful success. The publisher met its editors on Monday.");

        Assert.Equal("positive", result.Sentences[0].Label);
    }

    [Theory]
    [InlineData("Officials expressed great concern about the ongoing clashes.", "negative")]
    [InlineData("Gunmen seized the town and wounded dozens of people.", "negative")]
    [InlineData("Thousands of refugees were stranded after the earthquake.", "negative")]
    [InlineData("The spokesman said the group would present a peace plan at the talks next month, and the talks would take place in the capital.", "neutral")]
    [InlineData("The security services met officials on Friday, and the meeting ended in the evening.", "neutral")]
    [InlineData("Ministers met in cities like Paris and Rome on Monday to discuss the new rules for the trade in farm goods.", "neutral")]
    [InlineData("We really like the new design.", "positive")]
    [InlineData("The team scored a great victory.", "positive")]
    public void Sentence_NewsWording_HasExpectedLabel(string text, string label)
    {
        var result = CreateSut().Analyze(text);

        Assert.Equal(label, Assert.Single(result.Sentences).Label);
    }
}
