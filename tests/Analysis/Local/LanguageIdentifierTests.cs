using NewsMonitor.Analysis.Local;

namespace NewsMonitor.Tests.Analysis.Local;

public sealed class LanguageIdentifierTests
{
    private static LanguageIdentifier CreateSut() => new(LocalAnalyzerResources.Default);

    [Theory]
    [InlineData("The government announced new measures on Tuesday to support farmers hit by the drought.", "en")]
    [InlineData("Le gouvernement a annoncé mardi de nouvelles mesures pour soutenir les agriculteurs touchés par la sécheresse.", "fr")]
    [InlineData("Die Regierung hat am Dienstag neue Maßnahmen angekündigt, um die von der Dürre betroffenen Landwirte zu unterstützen.", "de")]
    [InlineData("Il governo ha annunciato martedì nuove misure per sostenere gli agricoltori colpiti dalla siccità.", "it")]
    [InlineData("O governo anunciou na terça-feira novas medidas para apoiar os agricultores afetados pela seca, que já dura há três meses e não tem fim à vista, segundo os técnicos.", "pt")]
    [InlineData("De regering heeft dinsdag nieuwe maatregelen aangekondigd om boeren te steunen die door de droogte zijn getroffen.", "nl")]
    [InlineData("Правительство объявило во вторник о новых мерах поддержки фермеров, пострадавших от засухи.", "ru")]
    [InlineData("أعلنت الحكومة يوم الثلاثاء عن إجراءات جديدة لدعم المزارعين المتضررين من الجفاف.", "ar")]
    [InlineData("政府周二宣布了支持受干旱影响农民的新措施。", "zh")]
    [InlineData("Η κυβέρνηση ανακοίνωσε την Τρίτη νέα μέτρα για τη στήριξη των αγροτών.", "el")]
    public void Detect_Paragraph_FindsItsLanguage(string text, string expected)
    {
        var detected = CreateSut().Detect(text);

        Assert.Equal(expected, detected.Language);
        Assert.InRange(detected.Confidence, 0.01, 1);
    }

    // Tables of results are mostly names and numbers; their few other words tell the language. The English table
    // came out Afrikaans ("af") while its names' trigrams counted.
    private const string EnglishTable = """
        TENNIS - RESULTS AT THE HAMBURG OPEN .
        HAMBURG , Germany 1996-05-02
        Results of second round matches at the Hamburg Open on Thursday ( prefix number denotes seeding ) :
        1 - Monica Seles ( U.S. ) beat Anke Huber ( Germany ) 6-4 6-2
        Iva Majoli ( Croatia ) beat 4 - Conchita Martinez ( Spain ) 7-5 3-6 6-3
        SOCCER - ENGLISH PREMIER LEAGUE RESULTS .
        LONDON 1996-05-04
        Results of English premier league matches on Saturday :
        Arsenal 2 Newcastle 1
        Leeds 0 Everton 3
        Aston Villa 1 Sheffield Wednesday 1
        CRICKET - PAKISTAN V ENGLAND SCOREBOARD .
        M. Atherton c Inzamam b Wasim 64
        N. Hussain lbw b Mushtaq 12
        """;

    private const string SpanishTable = """
        Resultados de la jornada de la Liga española :
        Real Madrid 2 Barcelona 1
        Atlético de Madrid 0 Sevilla 0
        Valencia 3 Real Sociedad 1
        Los goles del Real Madrid fueron de Karim Benzema y Vinícius Júnior , y el de Barcelona de Robert Lewandowski .
        """;

    [Theory]
    [InlineData(EnglishTable, "en")]
    [InlineData(SpanishTable, "es")]
    public void Detect_TableOfNames_FindsTheLanguageOfItsOtherWords(string text, string expected)
    {
        Assert.Equal(expected, CreateSut().Detect(text).Language);
    }

    [Fact]
    public void Analyze_EnglishTableOfResults_ReportsItsNames()
    {
        var result = new LocalTextAnalyzer(LocalAnalyzerResources.Default).Analyze(EnglishTable);

        Assert.Equal("en", result.Language);
        Assert.Contains(result.Entities, e => e.Text == "Monica Seles" && e.Category == "Person");
        Assert.Contains(result.Entities, e => e.Text == "HAMBURG" && e.Category == "Location");
    }

    [Theory]
    // Names joined by two or three English words: the profiles said Uyghur and every entity was lost.
    [InlineData("Blinken met Qatar's Prime Minister Sheikh Mohammed bin Abdulrahman Al Thani in Doha.", "en")]
    // The same shape in other languages keeps its language: its few other words are not English.
    [InlineData("Rutte sprak met Macron in Parijs over de NAVO.", "nl")]
    [InlineData("Merkel traf Macron und Johnson in Berlin.", "de")]
    [InlineData("Sánchez se reunió con Macron en París el lunes.", "es")]
    public void Analyze_ShortSentenceOfNames_TakesTheLanguageOfItsOtherWords(string text, string expected)
    {
        var result = new LocalTextAnalyzer(LocalAnalyzerResources.Default).Analyze(text);

        Assert.Equal(expected, result.Language);
        Assert.Equal(expected == "en", result.Entities.Any(e => e.Category == "Person"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("12345 !!! ...")]
    [InlineData("Hi there")]
    public void Detect_TooFewLetters_IsUnknown(string text)
    {
        Assert.Equal(LanguageIdentifier.Unknown, CreateSut().Detect(text).Language);
    }
}
