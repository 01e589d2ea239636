using System.Text;
using NewsMonitor.Analysis.Local;

namespace NewsMonitor.Tests.Analysis.Local;

/// <summary>
/// The analyzer answers every text: it runs in the blob trigger and in every batch line, so an exception on odd
/// input would fail an article or a whole batch. Seeded, so a failure reproduces.
/// </summary>
public sealed class LocalTextAnalyzerFuzzTests
{
    private static readonly string[] Pieces =
    [
        ".", "!", "?", "...", "\u2026", ",", ";", ":", "'", "\"", "\u2019", "\u201C", "\u201D", "(", ")", "-", "--", "'s",
        "U.S.", "Mr.", "A.", "3.5", "2021-07-09", "$5", "85%", "\n", "\n\n", "\t", " ", "  ", "Hello", "the", "The",
        "Angela Merkel", "Paris", "Taliban", "Organization", "of", "bin", "Москва", "東京", "محمد", "🎉", "\u200B", "\u0301",
        "e\u0301", "\uD83D", "\uDE00", "\uFFFD", "\0", "ÆØÅ", "İstanbul", "ß", "A", "I", "x", "said", "President",
    ];

    private static LocalTextAnalyzer CreateSut() => new(LocalAnalyzerResources.Default);

    public static TheoryData<int> Seeds() => [.. Enumerable.Range(1, 40)];

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Analyze_RandomUnicode_NeverThrowsAndOffsetsSliceBack(int seed)
    {
        var random = new Random(seed);
        var builder = new StringBuilder();
        var length = random.Next(1, 400);
        for (var i = 0; i < length; i++)
        {
            // Any UTF-16 unit, lone surrogates included: feeds hold broken text too.
            builder.Append(random.Next(4) == 0 ? (char)random.Next(0x20, 0x7F) : (char)random.Next(0, 0x10000));
        }

        AssertAnswers(builder.ToString());
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Analyze_RandomMixOfPunctuationNamesAndScripts_NeverThrowsAndOffsetsSliceBack(int seed)
    {
        var random = new Random(seed);
        var builder = new StringBuilder();
        var count = random.Next(1, 80);
        for (var i = 0; i < count; i++)
        {
            builder.Append(Pieces[random.Next(Pieces.Length)]);
            if (random.Next(3) > 0)
            {
                builder.Append(' ');
            }
        }

        AssertAnswers(builder.ToString());
    }

    [Theory]
    [InlineData(".")]
    [InlineData(". Hello there.")]
    [InlineData("? Yes.")]
    [InlineData("'s")]
    [InlineData("\u2019s Paris")]
    [InlineData("-")]
    [InlineData("\uD83D")]
    [InlineData("A.")]
    [InlineData("Mr.")]
    [InlineData("\n.\n.\n")]
    [InlineData("\"")]
    [InlineData("U.S.")]
    public void Analyze_LonePunctuationAndFragments_NeverThrows(string text)
    {
        AssertAnswers(text);
    }

    [Fact]
    public void Analyze_HugeTokens_NeverThrows()
    {
        AssertAnswers(new string('a', 200_000));
        AssertAnswers("Berlin " + new string('X', 100_000) + " Paris.");
        AssertAnswers(string.Concat(Enumerable.Repeat("A.", 50_000)));
        AssertAnswers(new string('.', 100_000));
    }

    [Fact]
    public void Analyze_OneMegabyteOfNews_NeverThrows()
    {
        var builder = new StringBuilder();
        var random = new Random(7);
        while (builder.Length < 1_000_000)
        {
            builder.Append(TestArticles.MintText).Append("\n\n");
            builder.Append(Pieces[random.Next(Pieces.Length)]).Append(' ');
        }

        var result = CreateSut().Analyze(builder.ToString());

        Assert.Equal("en", result.Language);
        Assert.NotEmpty(result.Entities);
    }

    [Theory]
    [InlineData("Angela Merkel met 習近平 in Берлин and said مرحبا to Macron. Then she left.")]
    [InlineData("Москва Moscow 東京 Tokyo القاهرة Cairo. The talks went well.")]
    [InlineData("The President 🇺🇸 met the Chancellor 🇩🇪 in Paris 🇫🇷. Dangerous times!")]
    public void Analyze_MixedScripts_NeverThrows(string text)
    {
        AssertAnswers(text);
    }

    private static void AssertAnswers(string text)
    {
        var result = CreateSut().Analyze(text);

        Assert.All(result.Entities, e => Assert.Equal(e.Text, text.Substring(e.Offset, e.Length)));
        Assert.All(result.Sentences, s => Assert.Equal(s.Text, text.Substring(s.Offset, s.Length)));
        Assert.InRange(result.Sentiment.Positive + result.Sentiment.Neutral + result.Sentiment.Negative, 0.99, 1.01);
        Assert.All(result.Entities, e => Assert.False(string.IsNullOrWhiteSpace(e.Text)));
    }
}
