namespace NewsMonitor.Feeds.Parsing;

/// <summary>Collects one item's fields while the reader walks it; <see cref="Build"/> applies the fallbacks.</summary>
internal sealed class FeedItemBuilder
{
    private List<string>? _categories;
    private List<ParsedMedia>? _media;

    public string? Id { get; set; }

    public string? Title { get; set; }

    public string? Link { get; set; }

    /// <summary>The link is an Atom alternate declared as text/html: later alternates of other types do not replace it.</summary>
    public bool LinkIsHtml { get; set; }

    /// <summary>An RSS guid that is a permalink: the link when the item has no link of its own.</summary>
    public string? PermalinkGuid { get; set; }

    public DateTimeOffset? Published { get; set; }

    /// <summary>dc:date / Atom 0.3 created: the published time when the main element is missing.</summary>
    public DateTimeOffset? AlternatePublished { get; set; }

    public DateTimeOffset? Updated { get; set; }

    public string? Summary { get; set; }

    public string? Content { get; set; }

    public string? Author { get; set; }

    public void AddCategory(string? category)
    {
        if (string.IsNullOrEmpty(category))
        {
            return;
        }

        _categories ??= [];
        if (!_categories.Contains(category))
        {
            _categories.Add(category);
        }
    }

    public void AddMedia(string? url, string? type, long? length)
    {
        if (url is null)
        {
            return;
        }

        _media ??= [];
        foreach (var existing in _media)
        {
            if (existing.Url == url)
            {
                return;
            }
        }

        _media.Add(new ParsedMedia(url, string.IsNullOrWhiteSpace(type) ? null : type.Trim(), length));
    }

    public ParsedItem Build()
    {
        var link = Link ?? PermalinkGuid;
        var published = Published ?? AlternatePublished ?? Updated;
        return new ParsedItem
        {
            Id = Id ?? link,
            Title = Title,
            Link = link,
            Published = published,
            Updated = Updated,
            Summary = Summary,
            Content = Content,
            Author = Author,
            Categories = _categories is null ? [] : _categories,
            Media = _media is null ? [] : _media,
        };
    }
}
