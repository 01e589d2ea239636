using NewsMonitor.Feeds.Text;

namespace NewsMonitor.Tests.Feeds.Text;

public sealed class MojibakeTests
{
    [Theory]
    [InlineData("don\u00e2\u20ac\u2122t", "don\u2019t")]
    [InlineData("Caf\u00c3\u00a9 soci\u00c3\u00a9t\u00c3\u00a9", "Caf\u00e9 soci\u00e9t\u00e9")]
    [InlineData("\u00e2\u20ac\u0153quoted\u00e2\u20ac\u009d", "\u201cquoted\u201d")]
    [InlineData("Z\u00c3\u00bcrich \u00e2\u20ac\u201d \u00c5\u0081\u00c3\u00b3d\u00c5\u00ba", "Z\u00fcrich \u2014 \u0141\u00f3d\u017a")]
    [InlineData("emoji \u00f0\u0178\u02dc\u20ac", "emoji \U0001F600")]
    [InlineData("na\u00efve caf\u00e9", "na\u00efve caf\u00e9")]
    [InlineData("\u00c3 alone", "\u00c3 alone")]
    [InlineData("Plain ASCII", "Plain ASCII")]
    [InlineData("", "")]
    public void Repair_Text_PutsBackDoubleDecodedUtf8Only(string text, string expected)
    {
        Assert.Equal(expected, Mojibake.Repair(text));
    }

    [Fact]
    public void Repair_NothingToRepair_ReturnsTheSameInstance()
    {
        var text = "r\u00e9sum\u00e9";

        Assert.Same(text, Mojibake.Repair(text));
    }

    [Theory]
    [InlineData('\u0092', '\u2019')]
    [InlineData('\u0080', '\u20ac')]
    [InlineData('\u009d', '\u009d')]
    [InlineData('a', 'a')]
    public void FromC1Control_Character_ReadsItAsWindows1252(char c, char expected)
    {
        Assert.Equal(expected, Mojibake.FromC1Control(c));
    }
}
