using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace NewsMonitor.Analysis;

/// <summary>Picks an analyzer by name (<c>newsmon analyze --analyzer local|azure</c>) or the configured one.</summary>
internal interface ITextAnalyzerSelector
{
    /// <summary>The analyzer named "local" or "azure"; null or empty means <see cref="AnalysisOptions.Analyzer"/>.</summary>
    ITextAnalyzer Get(string? name = null);

    /// <summary>
    /// The analyzer for one article of the pipeline: the configured one, except that with the "azure" analyzer and
    /// <see cref="AnalysisOptions.AzureScope"/> "watched" an article that mentions no watched keyword goes to "local".
    /// </summary>
    ITextAnalyzer ForArticle(bool mentionsWatchedKeyword);
}

/// <summary>Resolves the analyzers registered as keyed <see cref="ITextAnalyzer"/> services ("local", "azure").</summary>
internal sealed class TextAnalyzerSelector(IServiceProvider services, IOptions<AnalysisOptions> options) : ITextAnalyzerSelector
{
    public ITextAnalyzer Get(string? name = null)
    {
        var key = string.IsNullOrWhiteSpace(name) ? options.Value.Analyzer : name.Trim().ToLowerInvariant();
        if (key is not (AnalyzerNames.Local or AnalyzerNames.Azure))
        {
            throw new ArgumentException($"Unknown analyzer '{name}': use '{AnalyzerNames.Local}' or '{AnalyzerNames.Azure}'.", nameof(name));
        }

        return services.GetKeyedService<ITextAnalyzer>(key)
            ?? throw new InvalidOperationException($"The '{key}' analyzer is not registered.");
    }

    public ITextAnalyzer ForArticle(bool mentionsWatchedKeyword)
    {
        var settings = options.Value;
        return settings.Analyzer == AnalyzerNames.Azure && settings.AzureScope == AzureScopes.Watched && !mentionsWatchedKeyword
            ? Get(AnalyzerNames.Local)
            : Get();
    }
}
