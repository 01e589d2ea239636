using NewsMonitor.Analysis.Keywords;

namespace NewsMonitor.Tests.Analysis.Keywords;

public sealed class KeywordTests
{
    [Theory]
    [InlineData("Taliban", "Taliban", new[] { "taliban" })]
    [InlineData("  Taliban  ", "Taliban", new[] { "taliban" })]
    [InlineData("\"Islamic Emirate\"", "\"Islamic Emirate\"", new[] { "islamic emirate" })]
    [InlineData("Taliban OR \"Islamic Emirate\"", "Taliban OR \"Islamic Emirate\"", new[] { "taliban", "islamic emirate" })]
    [InlineData("Taliban OR Talib OR “Islamic Emirate”", "Taliban OR Talib OR “Islamic Emirate”", new[] { "taliban", "talib", "islamic emirate" })]
    [InlineData("Sergei Lavrov", "Sergei Lavrov", new[] { "sergei lavrov" })]
    [InlineData("ÉMIRAT", "ÉMIRAT", new[] { "emirat" })]
    [InlineData("Al-Qaeda", "Al-Qaeda", new[] { "al qaeda" })]
    [InlineData("Taliban or Afghanistan", "Taliban or Afghanistan", new[] { "taliban or afghanistan" })]
    public void Parse_Entry_NameAndFoldedAlternatives(string entry, string name, string[] alternatives)
    {
        var keyword = Keyword.Parse(entry);

        Assert.Equal(name, keyword.Name);
        Assert.Equal(alternatives, keyword.Alternatives);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("\"Islamic Emirate")]
    [InlineData("Taliban OR")]
    [InlineData("OR Taliban")]
    [InlineData("Taliban OR \"\"")]
    [InlineData("!!!")]
    public void Parse_Malformed_Throws(string entry)
    {
        Assert.Throws<FormatException>(() => Keyword.Parse(entry));
    }
}
