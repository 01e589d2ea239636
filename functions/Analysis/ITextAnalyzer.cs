namespace NewsMonitor.Analysis;

/// <summary>
/// The analyzer seam: Azure AI Language over REST, or the local analyzer. Both return the same model.
/// Implementations are thread-safe singletons.
/// </summary>
internal interface ITextAnalyzer
{
    /// <summary>"local" or "azure"; copied into <see cref="TextAnalysis.Analyzer"/>.</summary>
    string Name { get; }

    Task<TextAnalysis> AnalyzeAsync(string text, string? languageHint = null, CancellationToken cancellationToken = default);

    /// <summary>Analyzes many texts; results in input order.</summary>
    Task<IReadOnlyList<TextAnalysis>> AnalyzeBatchAsync(
        IReadOnlyList<string> texts,
        string? languageHint = null,
        CancellationToken cancellationToken = default);
}
