using NewsMonitor.Analysis.Local;

namespace NewsMonitor.Tests.Analysis.Local;

public sealed class SentenceSplitterTests
{
    private static List<string> Split(string text)
    {
        var tokens = Tokenizer.Tokenize(text);
        var sut = new SentenceSplitter(LocalAnalyzerResources.Default);
        return [.. sut.Split(text, tokens).Select(s => text.Substring(s.Start, s.Length))];
    }

    [Theory]
    [InlineData("Mr. Smith went to Washington. He arrived on Monday.", "Mr. Smith went to Washington.|He arrived on Monday.")]
    [InlineData("The U.S. economy grew 3.5 percent. Analysts cheered.", "The U.S. economy grew 3.5 percent.|Analysts cheered.")]
    [InlineData("Foreign minister S. Jaishankar met Sergei Lavrov. They talked.", "Foreign minister S. Jaishankar met Sergei Lavrov.|They talked.")]
    [InlineData("Troops left the U.S. The war was over.", "Troops left the U.S.|The war was over.")]
    [InlineData("He joined Acme Inc. in 2019 and left in 2021.", "He joined Acme Inc. in 2019 and left in 2021.")]
    [InlineData("Is it over? Yes! It is.", "Is it over?|Yes!|It is.")]
    [InlineData("He said: \u201Cwe are concerned.\u201D Then he left.", "He said: \u201Cwe are concerned.\u201D|Then he left.")]
    [InlineData("Prices rose by 1.25 points, e.g. in energy. Markets fell.", "Prices rose by 1.25 points, e.g. in energy.|Markets fell.")]
    [InlineData("A headline without a period\n\nThe first paragraph starts here.", "A headline without a period|The first paragraph starts here.")]
    [InlineData("No terminal punctuation at all", "No terminal punctuation at all")]
    public void Split_Text_FindsSentenceBoundaries(string text, string expected)
    {
        Assert.Equal(expected.Split('|'), Split(text));
    }

    [Fact]
    public void Split_HardWrappedLineInsideSentence_KeepsOneSentence()
    {
        Assert.Single(Split("The minister said that the talks would\ncontinue next week."));
    }

    [Theory]
    [InlineData(". Hello there.", ".|Hello there.")]
    [InlineData(".", ".")]
    [InlineData("! Stop. Go.", "!|Stop.|Go.")]
    public void Split_TextOpeningWithPunctuation_DoesNotThrowAndSplits(string text, string expected)
    {
        Assert.Equal(expected.Split('|'), Split(text));
    }
}
