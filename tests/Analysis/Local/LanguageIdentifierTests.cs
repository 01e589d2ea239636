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

    [Theory]
    [InlineData("")]
    [InlineData("12345 !!! ...")]
    [InlineData("Hi there")]
    public void Detect_TooFewLetters_IsUnknown(string text)
    {
        Assert.Equal(LanguageIdentifier.Unknown, CreateSut().Detect(text).Language);
    }
}
