using NewsMonitor.Analysis.Local;

namespace NewsMonitor.Tests.Analysis.Local;

public sealed class TokenizerTests
{
    [Theory]
    // One name joined by a lower-case particle stays one word.
    [InlineData("Tehreek-e-Taliban Pakistan", "Tehreek-e-Taliban|Pakistan")]
    [InlineData("Inzamam-ul-Haq batted", "Inzamam-ul-Haq|batted")]
    [InlineData("Stoke-on-Trent", "Stoke-on-Trent")]
    // Two names, or a name and a common word, are split where a side is capitalised.
    [InlineData("the Kabul-to-Kandahar highway", "the|Kabul|-|to|-|Kandahar|highway")]
    [InlineData("anti-Taliban forces", "anti|-|Taliban|forces")]
    [InlineData("Taliban-Afghan talks", "Taliban|-|Afghan|talks")]
    [InlineData("Al-Qaeda", "Al|-|Qaeda")]
    [InlineData("Covid-related", "Covid|-|related")]
    [InlineData("a well-known man", "a|well-known|man")]
    // A particle with no capital after its second hyphen joins nothing.
    [InlineData("Tehreek-e-tail", "Tehreek|-|e-tail")]
    public void Tokenize_Hyphens_JoinOneNameAndSplitTwo(string text, string expected)
    {
        var tokens = Tokenizer.Tokenize(text);

        Assert.Equal(expected.Split('|'), tokens.Select(t => t.Text));
        Assert.All(tokens, t => Assert.Equal(t.Text, text.Substring(t.Start, t.Length)));
    }
}
