using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Moq;
using NewsMonitor.Analysis;
using NewsMonitor.Analysis.Keywords;
using NewsMonitor.Subscriptions;

namespace NewsMonitor.Tests.Analysis.Keywords;

public sealed class KeywordWatchListTests
{
    private readonly Mock<ISubscriberDirectory> _directory = new();

    [Fact]
    public async Task GetMatcherAsync_Defaults_TalibanAndAfghanistan()
    {
        _directory.Setup(d => d.GetWatchedKeywordsAsync(It.IsAny<CancellationToken>())).ReturnsAsync([]);

        var matcher = await CreateSut(new AnalysisOptions()).GetMatcherAsync();

        Assert.Equal(["Taliban", "Afghanistan"], matcher.Keywords.Select(k => k.Name));
    }

    [Fact]
    public async Task GetMatcherAsync_GlobalAndSubscriberKeywords_MergedWithoutDuplicates()
    {
        _directory.Setup(d => d.GetWatchedKeywordsAsync(It.IsAny<CancellationToken>()))
            .ReturnsAsync(["taliban", "Lavrov", "Kabul OR \"Islamic Emirate\"", "\"broken"]);
        var options = new AnalysisOptions { Keywords = "Taliban; Afghanistan ;" };
        options.KeywordList.Add("Moscow");

        var matcher = await CreateSut(options).GetMatcherAsync();

        Assert.Equal(["Taliban", "Afghanistan", "Moscow", "Lavrov", "Kabul OR \"Islamic Emirate\""], matcher.Keywords.Select(k => k.Name));
    }

    [Fact]
    public async Task GetMatcherAsync_ListUnchanged_SameMatcher_ListChanged_NewOne()
    {
        _directory.SetupSequence(d => d.GetWatchedKeywordsAsync(It.IsAny<CancellationToken>()))
            .ReturnsAsync(["Lavrov"])
            .ReturnsAsync(["Lavrov"])
            .ReturnsAsync(["Lavrov", "Kabul"]);
        var sut = CreateSut(new AnalysisOptions());

        var first = await sut.GetMatcherAsync();
        var second = await sut.GetMatcherAsync();
        var third = await sut.GetMatcherAsync();

        Assert.Same(first, second);
        Assert.NotSame(second, third);
        Assert.Contains(third.Keywords, k => k.Name == "Kabul");
    }

    private KeywordWatchList CreateSut(AnalysisOptions options) =>
        new(Options.Create(options), NullLogger<KeywordWatchList>.Instance, _directory.Object);
}
