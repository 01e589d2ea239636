using NewsMonitor.Analysis.Keywords;

namespace NewsMonitor.Tests.Analysis.Keywords;

public sealed class KeywordMatcherTests
{
    [Theory]
    [InlineData("Taliban", "The Taliban seized a district.")]
    [InlineData("Taliban", "the taliban seized a district")]
    [InlineData("Taliban", "THE TALIBAN")]
    [InlineData("Taliban", "The Taliban's advance continued.")]
    [InlineData("Taliban", "The Taliban’s advance continued.")]
    [InlineData("Taliban", "an anti-Taliban front")]
    [InlineData("Taliban", "Taliban-Afghan talks")]
    [InlineData("Taliban", "(Taliban)")]
    [InlineData("Taliban", "Taliban")]
    [InlineData("Afghanistan", "afghanistan is a different case")]
    [InlineData("Afghanistan", "Afghanistan’s neighbours")]
    [InlineData("Afghanistan", "Afghanistan's neighbours")]
    [InlineData("Afghanistan", "the people of Afghanistan.")]
    [InlineData("Afghan", "Afghans fled")]
    [InlineData("Afghan", "backing Afghan resistance fighters")]
    [InlineData("Afghan", "the Afghans' resistance")]
    [InlineData("\"Islamic Emirate\"", "the Islamic Emirate said")]
    [InlineData("\"Islamic Emirate\"", "the Islamic\n  Emirate said")]
    [InlineData("\"Islamic Emirate\"", "the Islamic-Emirate said")]
    [InlineData("\"Émirat islamique\"", "L'ÉMIRAT ISLAMIQUE a déclaré")]
    [InlineData("\"Émirat islamique\"", "l'Emirat islamique")]
    [InlineData("Emirat", "L’ÉMIRAT")]
    [InlineData("Taliban OR \"Islamic Emirate\"", "Islamic Emirate spokesman")]
    [InlineData("Taliban OR \"Islamic Emirate\"", "Taliban spokesman")]
    [InlineData("militia", "rival militias clashed")]
    [InlineData("country", "neighbouring countries")]
    [InlineData("Lavrov", "Sergei Lavrov said")]
    [InlineData("Moscow", "Moscow’s concerns")]
    [InlineData("S Jaishankar", "minister S Jaishankar said")]
    [InlineData("Al Qaeda", "Al-Qaeda ideologue")]
    [InlineData("bus", "two buses")]
    [InlineData("Ṣan‘ā’", "in ṢAN‘Ā’ today")]
    public void Match_Mention_Found(string keyword, string text)
    {
        var matcher = new KeywordMatcher([Keyword.Parse(keyword)]);

        var match = Assert.Single(matcher.Match(text));

        Assert.Equal(keyword, match.Keyword.Name);
    }

    [Theory]
    [InlineData("Taliban", "Talibanistan is not a word")]
    [InlineData("Taliban", "Talibanism")]
    [InlineData("Taliban", "neoTaliban")]
    [InlineData("Afghan", "Afghanistan")]
    [InlineData("Afghanistan", "Afghan fighters")]
    [InlineData("Afghanistan", "Afghanistani")]
    [InlineData("US", "the uses of it")]
    [InlineData("\"Islamic Emirate\"", "Islamic State and the Emirate")]
    [InlineData("\"Islamic Emirate\"", "Emirate Islamic")]
    [InlineData("Iran", "Iranian")]
    [InlineData("Iran", "Tirana")]
    [InlineData("Kabul", "Kabuli pulao")]
    [InlineData("rock", "rock'n'roll")]
    [InlineData("Taliban", "")]
    public void Match_NoMention_NothingFound(string keyword, string text)
    {
        var matcher = new KeywordMatcher([Keyword.Parse(keyword)]);

        Assert.Empty(matcher.Match(text));
    }

    [Fact]
    public void Match_ManyKeywords_AllFoundInOnePassInWatchListOrder()
    {
        string[] entries = ["Taliban", "Afghanistan", "Lavrov", "\"Shanghai Cooperation Organisation\"", "Pakistan", "Brazil"];
        var matcher = new KeywordMatcher(entries.Select(Keyword.Parse));
        var text = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "TestData", "Samples", "mint-2021-07-09-afghanistan.txt"));

        var matches = matcher.Match(text);

        Assert.Equal(["Taliban", "Afghanistan", "Lavrov", "\"Shanghai Cooperation Organisation\"", "Pakistan"], matches.Select(m => m.Keyword.Name));
        Assert.True(matches[0].Occurrences >= 10);
    }

    [Fact]
    public void Match_OverlappingKeywords_EachCounted()
    {
        var matcher = new KeywordMatcher([Keyword.Parse("\"Osama bin Laden\""), Keyword.Parse("Laden"), Keyword.Parse("bin")]);

        var matches = matcher.Match("Al Qaeda ideologue Osama bin Laden");

        Assert.Equal(3, matches.Count);
    }

    [Fact]
    public void Match_RepeatedMentions_Counted()
    {
        var matcher = new KeywordMatcher([Keyword.Parse("Kabul")]);

        var match = Assert.Single(matcher.Match("Kabul, Kabul's airport and kabul again; not Kabulistan."));

        Assert.Equal(3, match.Occurrences);
    }

    [Fact]
    public void Match_NoKeywords_Empty()
    {
        Assert.Empty(new KeywordMatcher([]).Match("Taliban"));
    }
}
