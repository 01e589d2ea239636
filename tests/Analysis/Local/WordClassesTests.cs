using NewsMonitor.Analysis.Local;

namespace NewsMonitor.Tests.Analysis.Local;

/// <summary>The entity tagger's word classes from pretrained vectors: the embedded file, its prefixes and bad input.</summary>
public sealed class WordClassesTests
{
    private static ushort ClassOf(string word) => LocalAnalyzerResources.Default.WordClasses.Get(EntityFeatures.Hash(word));

    [Fact]
    public void Embedded_ClassesLoaded_WordsUsedAlikeShareAClass()
    {
        var classes = LocalAnalyzerResources.Default.WordClasses;

        Assert.Equal(150_000, classes.Count);
        Assert.Equal(ClassOf("arsenal"), ClassOf("chelsea"));
        Assert.Equal(ClassOf("guitarist"), ClassOf("drummer"));
        Assert.Equal(WordClasses.Prefix(ClassOf("paris"), 0), WordClasses.Prefix(ClassOf("berlin"), 0));
        Assert.NotEqual(WordClasses.Prefix(ClassOf("paris"), 0), WordClasses.Prefix(ClassOf("guitarist"), 0));
        Assert.Equal(WordClasses.Unknown, ClassOf("xqzvbnotaword"));
    }

    [Fact]
    public void Prefix_LeafNumber_CoarserClassesAreItsPrefixes()
    {
        var classes = WordClasses.Read(["# comment", "alpha\t0", "beta\t2047", "gamma\t1234"]);

        var gamma = classes.Get(EntityFeatures.Hash("gamma"));
        Assert.Equal(3, classes.Count);
        Assert.Equal(1235, gamma);
        Assert.Equal((ulong)((1234 >> 6) + 1), WordClasses.Prefix(gamma, 0));
        Assert.Equal((ulong)((1234 >> 4) + 1), WordClasses.Prefix(gamma, 1));
        Assert.Equal((ulong)((1234 >> 2) + 1), WordClasses.Prefix(gamma, 2));
        Assert.Equal(1235UL, WordClasses.Prefix(gamma, 3));
        Assert.Equal(1UL, WordClasses.Prefix(classes.Get(EntityFeatures.Hash("alpha")), 0));
        Assert.Equal(32UL, WordClasses.Prefix(classes.Get(EntityFeatures.Hash("beta")), 0));
        Assert.Equal((ulong)EntityFeatures.OutOfVocabulary, WordClasses.Prefix(EntityFeatures.OutOfVocabulary, 2));
    }

    [Theory]
    [InlineData("alpha")]
    [InlineData("alpha\t2048")]
    [InlineData("alpha\t-1")]
    [InlineData("alpha\tx")]
    public void Read_BadLine_ClearError(string line)
    {
        var error = Assert.Throws<InvalidDataException>(() => WordClasses.Read([line]));

        Assert.Contains(line, error.Message, StringComparison.Ordinal);
    }
}
