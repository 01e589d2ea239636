using NewsMonitor.Analysis.Language;

namespace NewsMonitor.Tests.Analysis.Language;

public sealed class LanguageClientTests
{
    [Fact]
    public void Batches_CountLimit_SplitsEveryN()
    {
        var documents = Enumerable.Range(0, 12).Select(i => new LanguageInput(i.ToString(System.Globalization.CultureInfo.InvariantCulture), "text")).ToList();

        var batches = LanguageClient.Batches(documents, 5, 1_000_000).ToList();

        Assert.Equal([5, 5, 2], batches.Select(b => b.Count));
        Assert.Equal(documents, batches.SelectMany(b => b));
    }

    [Fact]
    public void Batches_BodyLimit_KeepsEachRequestUnderIt()
    {
        var big = new string('x', 4_000);
        var documents = Enumerable.Range(0, 10).Select(i => new LanguageInput(i.ToString(System.Globalization.CultureInfo.InvariantCulture), big)).ToList();

        var batches = LanguageClient.Batches(documents, 1000, 10_000).ToList();

        Assert.Equal(5, batches.Count);
        Assert.All(batches, b => Assert.Equal(2, b.Count));
    }
}
