using NewsMonitor.Analysis;
using NewsMonitor.Analysis.Local;

namespace NewsMonitor.Tests.Analysis.Local;

/// <summary>The trained sentiment model of short texts: how it reaches the document's sentiment, and where it does not.</summary>
public sealed class SentimentModelTests
{
    private static LocalTextAnalyzer CreateSut() => new(LocalAnalyzerResources.Default);

    [Fact]
    public void EmbeddedModel_IsLoaded()
    {
        var model = LocalAnalyzerResources.Default.SentimentModel;

        Assert.NotNull(model);
        Assert.True(model.FeatureCount > 1000);
    }

    [Theory]
    [InlineData("Boring as hell", "negative")]
    [InlineData("LMAO, AMAZING!", "positive")]
    [InlineData("outstanding!", "positive")]
    [InlineData("Stupid rain. Stupid treadmill hell.", "negative")]
    public void Analyze_ShortPostOfEnglishWords_IsEnglishAndPolar(string text, string label)
    {
        var result = CreateSut().Analyze(text);

        Assert.Equal("en", result.Language);
        Assert.Equal(label, result.Sentiment.Label);
    }

    [Fact]
    public void Analyze_ShortText_DocumentScoreIsTheModels()
    {
        const string text = "The service was slow, but the food was really good and the staff were friendly.";
        var withModel = CreateSut().Analyze(text).Sentiment;
        var rulesOnly = new LocalTextAnalyzer(LocalAnalyzerResources.Default, LocalAnalyzerResources.Default.EntityTagger, sentimentModel: null).Analyze(text).Sentiment;

        Assert.NotEqual(rulesOnly, withModel);
        Assert.Equal(1, withModel.Positive + withModel.Neutral + withModel.Negative, 2);
    }

    [Fact]
    public void Analyze_ModelThatAlwaysSaysGlad_DecidesShortTextsOnly()
    {
        // A model with only a large bias: every short text it scores comes out strongly positive.
        var glad = new SentimentModel(new Dictionary<ulong, float> { [EntityFeatures.Mix(1, 0)] = 0.9f });
        var sut = new LocalTextAnalyzer(LocalAnalyzerResources.Default, LocalAnalyzerResources.Default.EntityTagger, glad);

        var headline = sut.Analyze("Floods killed twelve people and destroyed hundreds of homes.").Sentiment;
        var article = sut.Analyze(TestArticles.MintText).Sentiment;

        Assert.Equal(new SentimentScores("positive", 0.9, 0.1, 0), headline);
        Assert.Equal("negative", article.Label);
    }

    [Fact]
    public void Analyze_StrongSentencesBothWays_StayMixedWhateverTheModelSays()
    {
        var glad = new SentimentModel(new Dictionary<ulong, float> { [EntityFeatures.Mix(1, 0)] = 0.9f });
        var sut = new LocalTextAnalyzer(LocalAnalyzerResources.Default, LocalAnalyzerResources.Default.EntityTagger, glad);

        var result = sut.Analyze("The rescue was a wonderful triumph and families were overjoyed. But the earlier attack was a horrific tragedy that killed dozens.");

        Assert.Equal("mixed", result.Sentiment.Label);
    }

    [Theory]
    [InlineData(0.05, "positive", "neutral")]
    [InlineData(0.15, "positive", "positive")]
    [InlineData(0.15, "neutral", "neutral")]
    [InlineData(-0.15, "positive", "neutral")]
    [InlineData(-0.3, "neutral", "negative")]
    public void ToScores_LabelNeedsAClearScoreOrTheRulesAgreement(double score, string rulesLabel, string expected)
    {
        var scores = SentimentModel.ToScores(score, rulesLabel);

        Assert.Equal(expected, scores.Label);
        Assert.Equal(Math.Round(score, 2), scores.Positive - scores.Negative, 2);
    }

    [Fact]
    public void Read_NotAModel_ThrowsClearError()
    {
        using var stream = new MemoryStream();
        using (var gzip = new System.IO.Compression.GZipStream(stream, System.IO.Compression.CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write([1, 2, 3, 4, 5, 6, 7, 8]);
        }

        stream.Position = 0;
        Assert.Throws<InvalidDataException>(() => SentimentModel.Read(stream));
    }

    [Fact]
    public void WriteThenRead_KeepsWeightsAbovePrune()
    {
        var weights = new Dictionary<ulong, float> { [1] = 0.5f, [ulong.MaxValue - 3] = -0.25f, [42] = 0.0001f };
        using var stream = new MemoryStream();
        SentimentModel.Write(stream, weights, prune: 0.001f);
        stream.Position = 0;

        var model = SentimentModel.Read(stream);

        Assert.Equal(2, model.FeatureCount);
        Assert.Equal(0.25, model.Predict([new(1, 1), new(ulong.MaxValue - 3, 1), new(42, 1)]), 5);
    }
}
