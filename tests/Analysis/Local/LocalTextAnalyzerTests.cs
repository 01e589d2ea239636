using Microsoft.Extensions.DependencyInjection;
using NewsMonitor.Analysis;
using NewsMonitor.Analysis.Local;

namespace NewsMonitor.Tests.Analysis.Local;

public sealed class LocalTextAnalyzerTests
{
    private static readonly string MintArticle =
        File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "TestData", "Samples", "mint-2021-07-09-afghanistan.txt"));

    private const string PositiveBusinessStory =
        "Acme Corporation reported record profits on Tuesday, beating analysts' expectations as strong demand for its "
        + "electric vehicles lifted sales by 25%. Chief executive Maria Gonzalez said the company was delighted with the "
        + "excellent results and would hire 2,000 new workers in Texas. Shares rose 8% in New York, and investors "
        + "welcomed the upbeat outlook for next year.";

    private const string NeutralWeatherReport =
        "The Met Office said temperatures in London would reach 18 degrees on Saturday, with winds from the west. "
        + "Rain is expected in Scotland on Sunday evening, and forecasters said the weekend would be cooler than last week.";

    private const string FrenchParagraph =
        "Le gouvernement français a annoncé mardi de nouvelles mesures pour soutenir les agriculteurs touchés par la "
        + "sécheresse. Le ministre de l'Agriculture a déclaré que l'aide serait versée avant la fin du mois à Paris.";

    private const string GermanParagraph =
        "Die Bundesregierung hat am Dienstag neue Maßnahmen angekündigt, um die von der Dürre betroffenen Landwirte zu "
        + "unterstützen. Der Landwirtschaftsminister sagte in Berlin, die Hilfe werde noch vor Ende des Monats ausgezahlt.";

    private static LocalTextAnalyzer CreateSut() => new(LocalAnalyzerResources.Default);

    [Theory]
    [InlineData("Taliban")]
    [InlineData("Shanghai Cooperation Organisation")]
    [InlineData("Al Qaeda")]
    public void Analyze_MintArticle_FindsOrganization(string name)
    {
        var result = CreateSut().Analyze(MintArticle);

        Assert.Contains(result.Entities, e => e.Category == "Organization" && e.Text == name);
    }

    [Theory]
    [InlineData("Afghanistan")]
    [InlineData("India")]
    [InlineData("Russia")]
    [InlineData("Moscow")]
    [InlineData("Kabul")]
    [InlineData("Iran")]
    [InlineData("Pakistan")]
    public void Analyze_MintArticle_FindsLocation(string name)
    {
        var result = CreateSut().Analyze(MintArticle);

        Assert.Contains(result.Entities, e => e.Category == "Location" && e.Subcategory == "GPE" && e.Text == name);
    }

    [Theory]
    [InlineData("Sergei Lavrov")]
    [InlineData("Ashraf Ghani")]
    [InlineData("Joe Biden")]
    [InlineData("Osama bin Laden")]
    public void Analyze_MintArticle_FindsPerson(string name)
    {
        var result = CreateSut().Analyze(MintArticle);

        Assert.Contains(result.Entities, e => e.Category == "Person" && e.Text == name);
    }

    [Fact]
    public void Analyze_MintArticle_FindsJaishankarWithAndWithoutInitial()
    {
        var result = CreateSut().Analyze(MintArticle);

        Assert.Contains(result.Entities, e => e.Category == "Person" && e.Text == "S Jaishankar");
        Assert.True(result.Entities.Count(e => e.Category == "Person" && e.Text == "Jaishankar") >= 5);
    }

    [Fact]
    public void Analyze_MintArticle_FindsDatesAndQuantities()
    {
        var result = CreateSut().Analyze(MintArticle);

        Assert.Contains(result.Entities, e => e.Category == "Quantity" && e.Subcategory == "Percentage" && e.Text == "85%");
        Assert.Contains(result.Entities, e => e.Category == "DateTime" && e.Text == "11 September 2021");
        Assert.Contains(result.Entities, e => e.Category == "DateTime" && e.Text == "Thursday");
    }

    [Fact]
    public void Analyze_MintArticle_DoesNotLabelDemonymsOrSentenceOpenersAsEntities()
    {
        var result = CreateSut().Analyze(MintArticle);

        Assert.DoesNotContain(result.Entities, e => e.Text is "Indian" or "Russian" or "Afghan" or "Speaking" or "According" or "News");
    }

    [Fact]
    public void Analyze_MintArticle_IsEnglishAndNegativeOrMixed()
    {
        var result = CreateSut().Analyze(MintArticle);

        Assert.Equal("en", result.Language);
        Assert.True(result.Sentiment.Label is "negative" or "mixed", result.Sentiment.Label);
        Assert.Equal("local", result.Analyzer);
        Assert.Empty(result.Warnings);
    }

    [Fact]
    public void Analyze_MintArticle_KeyPhrasesNameTheTopics()
    {
        var result = CreateSut().Analyze(MintArticle);

        Assert.InRange(result.KeyPhrases.Count, 5, 10);
        Assert.Contains("Taliban", result.KeyPhrases.Take(3));
        Assert.Contains("Afghanistan", result.KeyPhrases.Take(3));
        Assert.Contains(result.KeyPhrases, p => p is "Sergei Lavrov" or "S Jaishankar");
        Assert.Equal(result.KeyPhrases.Count, result.KeyPhrases.Distinct(StringComparer.OrdinalIgnoreCase).Count());
    }

    [Fact]
    public void Analyze_MintArticle_SplitsIntoSentencesAtTheRightPlaces()
    {
        var result = CreateSut().Analyze(MintArticle);

        Assert.Equal(22, result.Sentences.Count);
        Assert.StartsWith("When asked if India", result.Sentences[1].Text, StringComparison.Ordinal);
        Assert.EndsWith("we are concerned.\"", result.Sentences[1].Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Analyze_PositiveBusinessStory_IsPositiveWithItsEntities()
    {
        var result = CreateSut().Analyze(PositiveBusinessStory);

        Assert.Equal("positive", result.Sentiment.Label);
        Assert.True(result.Sentiment.Positive > result.Sentiment.Negative);
        Assert.Contains(result.Entities, e => e.Category == "Organization" && e.Text == "Acme Corporation");
        Assert.Contains(result.Entities, e => e.Category == "Person" && e.Text == "Maria Gonzalez");
        Assert.Contains(result.Entities, e => e.Category == "Location" && e.Text == "Texas");
        Assert.Contains(result.Entities, e => e.Category == "Location" && e.Text == "New York");
        Assert.Contains(result.Entities, e => e.Category == "Quantity" && e.Text == "25%");
        Assert.Contains(result.KeyPhrases, p => p.Contains("profit", StringComparison.OrdinalIgnoreCase) || p == "Acme Corporation");
    }

    [Fact]
    public void Analyze_NeutralWeatherReport_IsNeutral()
    {
        var result = CreateSut().Analyze(NeutralWeatherReport);

        Assert.Equal("neutral", result.Sentiment.Label);
        Assert.All(result.Sentences, s => Assert.Equal("neutral", s.Label));
        Assert.Contains(result.Entities, e => e.Category == "Organization" && e.Text == "Met Office");
        Assert.Contains(result.Entities, e => e.Category == "Location" && e.Text == "London");
        Assert.Contains(result.Entities, e => e.Category == "Location" && e.Text == "Scotland");
    }

    [Theory]
    [InlineData("The results were not good at all.", "negative")]
    [InlineData("The results were very good.", "positive")]
    [InlineData("The flood killed twelve people and destroyed hundreds of homes.", "negative")]
    [InlineData("The plan was praised, but the rollout was a disaster and a terrible failure.", "negative")]
    [InlineData("The council meets on Tuesday to discuss the budget.", "neutral")]
    public void Analyze_ShortSentence_HasExpectedLabel(string text, string label)
    {
        var result = CreateSut().Analyze(text);

        Assert.Equal(label, result.Sentiment.Label);
    }

    [Fact]
    public void Analyze_StrongPositiveAndStrongNegativeSentences_IsMixed()
    {
        var result = CreateSut().Analyze(
            "The rescue was a wonderful triumph and families were overjoyed. But the earlier attack was a horrific tragedy that killed dozens.");

        Assert.Equal("mixed", result.Sentiment.Label);
    }

    [Fact]
    public void Analyze_NameThatIsASentimentWord_DoesNotColourTheSentence()
    {
        var result = CreateSut().Analyze("Joy Smith met Grace Jones in Boston on Monday.");

        Assert.Equal("neutral", result.Sentiment.Label);
        Assert.Contains(result.Entities, e => e.Category == "Person" && e.Text == "Joy Smith");
        Assert.Contains(result.Entities, e => e.Category == "Person" && e.Text == "Grace Jones");
    }

    [Theory]
    [InlineData(FrenchParagraph, "fr")]
    [InlineData(GermanParagraph, "de")]
    [InlineData("Правительство России объявило во вторник о новых мерах поддержки фермеров, пострадавших от засухи.", "ru")]
    [InlineData("El gobierno español anunció el martes nuevas medidas para apoyar a los agricultores afectados por la sequía.", "es")]
    public void Analyze_NonEnglishText_IsFlaggedNotMisanalyzed(string text, string language)
    {
        var result = CreateSut().Analyze(text);

        Assert.Equal(language, result.Language);
        Assert.Contains(result.Warnings, w => w.Code == LocalTextAnalyzer.UnsupportedLanguageWarning);
        Assert.Equal(SentimentScorer.Neutral, result.Sentiment);
        Assert.Empty(result.Entities);
        Assert.Empty(result.KeyPhrases);
        Assert.NotEmpty(result.Sentences);
    }

    [Theory]
    [InlineData("German Chancellor Angela Merkel met Emmanuel Macron in Paris on Monday.")]
    [InlineData("Hamid Karzai, the former Afghan president, left Kabul for Doha.")]
    [InlineData("so happy today, great game and awesome crowd lol")]
    public void Analyze_ShortEnglishTextFullOfNamesOrSlang_IsEnglish(string text)
    {
        var result = CreateSut().Analyze(text);

        Assert.Equal("en", result.Language);
        Assert.DoesNotContain(result.Warnings, w => w.Code == LocalTextAnalyzer.UnsupportedLanguageWarning);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   \n\t ")]
    public void Analyze_EmptyOrWhitespace_ReturnsEmptyNeutralResult(string text)
    {
        var result = CreateSut().Analyze(text);

        Assert.Equal("unknown", result.Language);
        Assert.Equal(SentimentScorer.Neutral, result.Sentiment);
        Assert.Empty(result.Sentences);
        Assert.Empty(result.Entities);
        Assert.Contains(result.Warnings, w => w.Code == LocalTextAnalyzer.EmptyDocumentWarning);
    }

    [Fact]
    public void Analyze_Null_Throws()
    {
        Assert.Throws<ArgumentNullException>(() => CreateSut().Analyze(null!));
    }

    [Theory]
    [InlineData(MintArticleMarker)]
    [InlineData(PositiveBusinessStory)]
    [InlineData(NeutralWeatherReport)]
    [InlineData("Emoji 🎉 before Moscow and “quotes” around Kabul’s streets; Sergei Lavrov said so.")]
    public void Analyze_AnyText_EntityAndSentenceOffsetsSliceBackToTheirText(string text)
    {
        text = text == MintArticleMarker ? MintArticle : text;

        var result = CreateSut().Analyze(text);

        Assert.NotEmpty(result.Entities);
        Assert.All(result.Entities, e => Assert.Equal(e.Text, text.Substring(e.Offset, e.Length)));
        Assert.All(result.Sentences, s => Assert.Equal(s.Text, text.Substring(s.Offset, s.Length)));
        Assert.All(result.Entities, e => Assert.InRange(e.Confidence, 0.01, 1));
    }

    [Theory]
    [InlineData(MintArticleMarker)]
    [InlineData(PositiveBusinessStory)]
    [InlineData(NeutralWeatherReport)]
    [InlineData("Terrible! Awful! The worst day ever!!!")]
    public void Analyze_AnyText_ScoresSumToOne(string text)
    {
        text = text == MintArticleMarker ? MintArticle : text;

        var result = CreateSut().Analyze(text);

        Assert.Equal(1, result.Sentiment.Positive + result.Sentiment.Neutral + result.Sentiment.Negative, 2);
        Assert.All(result.Sentences, s => Assert.Equal(1, s.Positive + s.Neutral + s.Negative, 2));
        Assert.All(result.Sentences, s => Assert.True(s.Label is "positive" or "neutral" or "negative", s.Label));
    }

    [Fact]
    public async Task AnalyzeBatchAsync_SeveralTexts_ResultsInInputOrder()
    {
        var sut = CreateSut();

        var results = await sut.AnalyzeBatchAsync([FrenchParagraph, PositiveBusinessStory, string.Empty]);

        Assert.Equal(["fr", "en", "unknown"], results.Select(r => r.Language));
    }

    [Fact]
    public async Task AnalyzeAsync_CancelledToken_Throws()
    {
        using var cancellation = new CancellationTokenSource();
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => CreateSut().AnalyzeAsync(MintArticle, cancellationToken: cancellation.Token));
    }

    [Fact]
    public void Analyze_ManyThreadsAtOnce_SameResultAsOneThread()
    {
        var sut = CreateSut();
        var expected = sut.Analyze(MintArticle);

        var results = new TextAnalysis[8];
        Parallel.For(0, results.Length, i => results[i] = sut.Analyze(MintArticle));

        Assert.All(results, r =>
        {
            Assert.Equal(expected.Entities, r.Entities);
            Assert.Equal(expected.KeyPhrases, r.KeyPhrases);
            Assert.Equal(expected.Sentiment, r.Sentiment);
        });
    }

    [Fact]
    public void AddLocalTextAnalyzer_Registered_ResolvesOneSingletonAsTextAnalyzer()
    {
        using var provider = new ServiceCollection().AddLocalTextAnalyzer().AddLocalTextAnalyzer().BuildServiceProvider();

        var analyzers = provider.GetServices<ITextAnalyzer>().ToList();

        var analyzer = Assert.Single(analyzers);
        Assert.Equal("local", analyzer.Name);
        Assert.Same(provider.GetRequiredService<LocalTextAnalyzer>(), analyzer);
    }

    private const string MintArticleMarker = "(the Mint article)";
}
