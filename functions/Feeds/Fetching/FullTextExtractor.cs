using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using SmartReader;

namespace NewsMonitor.Feeds.Fetching;

/// <summary>The main text of an article page, or why there is none.</summary>
internal sealed record FullTextResult(FeedFetchStatus Status, string? Text, string? Error)
{
    public bool Succeeded => Status == FeedFetchStatus.Ok && Text is not null;
}

/// <summary>
/// Fetches an article page through the stage's client (same limits, SSRF guard) and extracts its main text with
/// SmartReader (a port of Mozilla Readability), then drops the boilerplate paragraphs readability keeps.
/// </summary>
internal partial class FullTextExtractor(FeedHttpClient http, IOptions<FeedsOptions> options)
{
    /// <summary>Paragraphs this short that match <see cref="Boilerplate"/> are prompts, not reporting.</summary>
    private const int MaxBoilerplateLength = 300;

    public virtual async Task<FullTextResult> ExtractAsync(Uri url, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(url);
        var response = await http.GetAsync(url, FeedHttpClient.PageAccept, cancellationToken: cancellationToken);
        if (response.Status != FeedFetchStatus.Ok)
        {
            return new FullTextResult(response.Status, null, response.Error);
        }

        if (response.MediaType is { } mediaType && !mediaType.Contains("html", StringComparison.OrdinalIgnoreCase))
        {
            return new FullTextResult(FeedFetchStatus.WrongContentType, null, $"Content-Type {mediaType} is not a web page.");
        }

        using var body = response.OpenBody();
        using var reader = new Reader((response.FinalUrl ?? url).AbsoluteUri, body);
        var article = await reader.GetArticleAsync(cancellationToken);
        var text = article.IsReadable ? RemoveBoilerplate(article.TextContent) : string.Empty;
        return text.Length >= options.Value.MinFullTextLength
            ? new FullTextResult(FeedFetchStatus.Ok, text, null)
            : new FullTextResult(FeedFetchStatus.ParseError, null, $"No readable main text ({text.Length} characters).");
    }

    /// <summary>Trims each paragraph, collapses blank runs and drops short newsletter, sharing and advert prompts.</summary>
    internal static string RemoveBoilerplate(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return string.Empty;
        }

        var paragraphs = text.Replace("\r\n", "\n", StringComparison.Ordinal)
            .Split('\n')
            .Select(paragraph => Whitespace().Replace(paragraph, " ").Trim())
            .Where(paragraph => paragraph.Length > 0
                && !(paragraph.Length <= MaxBoilerplateLength && Boilerplate().IsMatch(paragraph)));
        return string.Join("\n\n", paragraphs);
    }

    [GeneratedRegex(@"[ \t\u00A0]+")]
    private static partial Regex Whitespace();

    [GeneratedRegex(
        @"newsletter|subscrib|sign[ -]?up|enter a valid e-?mail|your e-?mail|advertisement|^\s*(also read|read more|related|recommended|more on this)\b|follow us|click here|download (the|our) .*app|share (this|on)|all rights reserved|^\s*(©|copyright)|cookie",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Boilerplate();
}
