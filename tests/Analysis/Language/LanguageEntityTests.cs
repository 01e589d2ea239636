using NewsMonitor.Analysis.Language;

namespace NewsMonitor.Tests.Analysis.Language;

/// <summary>Azure's entities carry the local analyzer's category and subcategory, whichever API version answered.</summary>
public sealed class LanguageEntityTests
{
    [Theory]
    [InlineData(null, null, "City", "Location|GPE|City", "Location", "GPE")]
    [InlineData(null, null, "CountryRegion", "Location|GPE|CountryRegion", "Location", "GPE")]
    [InlineData(null, null, "Person", "Person", "Person", null)]
    [InlineData(null, null, "Organization", "Organization", "Organization", null)]
    [InlineData(null, null, "Date", "DateTime|Date", "DateTime", "Date")]
    [InlineData(null, null, "Percentage", "Quantity|Number|Percentage", "Quantity", "Number")]
    [InlineData(null, null, "SportsEvent", "Event|SportsEvent", "Event", "SportsEvent")]
    [InlineData("Location", null, "City", "Location|GPE|City", "Location", "GPE")]
    [InlineData("Location", "GPE", null, null, "Location", "GPE")]
    [InlineData("Person", null, null, null, "Person", null)]
    public void Classify_TypeAndTagsOrCategory_LocalCategoryAndSubcategory(
        string? category, string? subcategory, string? type, string? tags, string expectedCategory, string? expectedSubcategory)
    {
        var entity = new LanguageEntity(
            "x", category, subcategory, 0, 1, 0.9, type, tags?.Split('|').Select(t => new LanguageEntityTag(t, 0.9)).ToList());

        Assert.Equal((expectedCategory, expectedSubcategory), entity.Classify());
    }
}
