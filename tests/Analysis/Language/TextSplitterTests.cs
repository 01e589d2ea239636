using System.Globalization;
using NewsMonitor.Analysis.Language;

namespace NewsMonitor.Tests.Analysis.Language;

public sealed class TextSplitterTests
{
    [Fact]
    public void Split_ShortText_OnePart()
    {
        var parts = TextSplitter.Split("Short text.", 100);

        Assert.Equal([new TextPart(0, "Short text.")], parts);
    }

    [Fact]
    public void Split_LongText_PartsCoverTextAndEndAtSentences()
    {
        var text = string.Join(" ", Enumerable.Range(0, 40).Select(i => string.Create(CultureInfo.InvariantCulture, $"This is sentence number {i}.")));

        var parts = TextSplitter.Split(text, 120);

        Assert.True(parts.Count > 1);
        Assert.Equal(text, string.Concat(parts.Select(p => p.Text)));
        Assert.All(parts, p => Assert.True(p.Text.Length <= 120));
        Assert.All(parts, p => Assert.Equal(p.Text, text.Substring(p.Offset, p.Text.Length)));
        Assert.All(parts, p => Assert.EndsWith(".", p.Text.TrimEnd(), StringComparison.Ordinal));
    }

    [Fact]
    public void Split_SentenceLongerThanLimit_CutAtWhitespace()
    {
        var text = string.Join(" ", Enumerable.Repeat("word", 100));

        var parts = TextSplitter.Split(text, 120);

        Assert.Equal(text, string.Concat(parts.Select(p => p.Text)));
        Assert.All(parts, p => Assert.True(p.Text.Length <= 120));
        Assert.All(parts.SkipLast(1), p => Assert.EndsWith(" ", p.Text, StringComparison.Ordinal));
    }

    [Fact]
    public void Split_CombiningMarks_CountedAsOneElementAndNeverSeparated()
    {
        // "é" as e + U+0301: 2 code units, 1 text element. 150 of them is 150 elements, 300 code units.
        var text = string.Concat(Enumerable.Repeat("e\u0301", 150));

        var parts = TextSplitter.Split(text, 100);

        Assert.Equal(2, parts.Count);
        Assert.Equal(200, parts[0].Text.Length);
        Assert.All(parts, p => Assert.NotEqual('\u0301', p.Text[0]));
    }

    [Fact]
    public void Split_ClosingQuoteAfterFullStop_StaysWithItsSentence()
    {
        var text = string.Concat(Enumerable.Repeat("He said: “we are concerned.” ", 10));

        var parts = TextSplitter.Split(text, 70);

        Assert.All(parts, p => Assert.EndsWith(".”", p.Text.TrimEnd(), StringComparison.Ordinal));
    }
}
