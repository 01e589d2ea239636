using NewsMonitor.Analysis.Local;

namespace NewsMonitor.Tests.Analysis.Local;

/// <summary>Key phrases through the analyzer: what the story is about, not the nouns every story uses.</summary>
public sealed class KeyPhraseExtractorTests
{
    private static readonly string[] Generic = ["situation", "point", "case", "matter", "end", "day", "way", "news", "report"];

    private static LocalTextAnalyzer CreateSut() => new(LocalAnalyzerResources.Default);

    [Fact]
    public void Extract_MintArticle_NoGenericSingleWord()
    {
        var result = CreateSut().Analyze(TestArticles.MintText);

        Assert.DoesNotContain(result.KeyPhrases, p => Generic.Contains(p, StringComparer.OrdinalIgnoreCase));
        Assert.Contains("Ashraf Ghani", result.KeyPhrases);
    }

    [Fact]
    public void Extract_StoryRepeatingGenericNouns_PrefersWhatItIsAbout()
    {
        var result = CreateSut().Analyze(
            "The situation at the port remained tense. Officials said the situation was a matter of time, and the point "
            + "was that the situation could change. Dock workers extended their strike over container fees, and the strike "
            + "left container ships waiting. The situation is a case for talks, union leaders said.");

        Assert.DoesNotContain(result.KeyPhrases, p => Generic.Contains(p, StringComparer.OrdinalIgnoreCase));
        Assert.Contains(result.KeyPhrases, p => p.Contains("container", StringComparison.OrdinalIgnoreCase) || p.Contains("strike", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void Extract_VerbBeforeName_IsNotPartOfThePhrase()
    {
        var result = CreateSut().Analyze(
            "Taliban fighters captured Islam Qala, Afghanistan's main border crossing with Iran, officials said. "
            + "Taliban fighters now hold Islam Qala.");

        Assert.DoesNotContain(result.KeyPhrases, p => p.Contains("captured", StringComparison.Ordinal));
        Assert.Contains("Islam Qala", result.KeyPhrases);
    }
}
