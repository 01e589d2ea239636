namespace NewsMonitor.Feeds.Parsing;

/// <summary>Collects one item's fields while the reader walks it; <see cref="Build"/> applies the fallbacks.</summary>
internal sealed class FeedItemBuilder
{
    private List<string>? _categories;
    private List<string>? _fallbackCategories;
    private List<ParsedMedia>? _media;
    private Ranked _title;
    private Ranked _summary;
    private Ranked _author;

    public string? Id { get; set; }

    /// <summary>The core element's title (RSS/Atom title); see <see cref="OfferTitle"/> for the others.</summary>
    public string? Title
    {
        get => _title.Value;
        set => _title.Offer(value, 0);
    }

    public string? Link { get; set; }

    /// <summary>The link is an Atom alternate declared as text/html: later alternates of other types do not replace it.</summary>
    public bool LinkIsHtml { get; set; }

    /// <summary>An RSS guid that is a permalink: the link when the item has no link of its own.</summary>
    public string? PermalinkGuid { get; set; }

    public DateTimeOffset? Published { get; set; }

    /// <summary>dc:date / Atom 0.3 created: the published time when the main element is missing.</summary>
    public DateTimeOffset? AlternatePublished { get; set; }

    public DateTimeOffset? Updated { get; set; }

    public string? Summary
    {
        get => _summary.Value;
        set => _summary.Offer(value, 0);
    }

    public string? Content { get; set; }

    /// <summary>The second of an RSS item's description and summary: its content when it has no other.</summary>
    public string? SecondSummary { get; set; }

    public string? Author
    {
        get => _author.Value;
        set => _author.Offer(value, 0);
    }

    /// <summary>A title from an extension (dc:title 1, media:title 2): used only when no better one is given.</summary>
    public void OfferTitle(string? title, int rank) => _title.Offer(title, rank);

    /// <summary>A description from an extension (dc:description 1, itunes:summary 2, itunes:subtitle 3, media:description 4).</summary>
    public void OfferSummary(string? summary, int rank) => _summary.Offer(summary, rank);

    /// <summary>An author from an extension (itunes:author 1, dc:creator 2, dc:publisher 3).</summary>
    public void OfferAuthor(string? author, int rank) => _author.Offer(author, rank);

    /// <summary>
    /// RSS description and summary: the first one met is the summary (it is what readers show), the second is kept as
    /// the content for an item that has no content element.
    /// </summary>
    public void AddSummary(string? summary)
    {
        if (summary is null)
        {
            return;
        }

        if (_summary.Rank == 0 && _summary.Value is not null)
        {
            SecondSummary ??= summary;
        }
        else
        {
            Summary = summary;
        }
    }

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

    /// <summary>
    /// A category from an extension (itunes:category and keywords, media:category and keywords, RSS tags): used only when
    /// the item has no category, dc:subject or Atom category of its own.
    /// </summary>
    public void AddFallbackCategory(string? category)
    {
        if (!string.IsNullOrEmpty(category))
        {
            _fallbackCategories ??= [];
            if (!_fallbackCategories.Contains(category))
            {
                _fallbackCategories.Add(category);
            }
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

    /// <summary>Gives <paramref name="author"/> to every item that names no author of its own.</summary>
    public static void ApplyDefaultAuthor(List<ParsedItem> items, string? author)
    {
        if (author is null)
        {
            return;
        }

        for (var i = 0; i < items.Count; i++)
        {
            if (items[i].Author is null)
            {
                items[i] = items[i] with { Author = author };
            }
        }
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
            Content = Content ?? SecondSummary,
            Author = Author,
            Categories = _categories ?? _fallbackCategories ?? [],
            Media = _media is null ? [] : _media,
        };
    }

    /// <summary>A value and the rank of the element it came from: a lower rank replaces it, the same rank does not.</summary>
    private struct Ranked
    {
        public string? Value { get; private set; }

        public int Rank { get; private set; }

        public void Offer(string? value, int rank)
        {
            if (value is not null && (Value is null || rank < Rank))
            {
                Value = value;
                Rank = rank;
            }
        }
    }
}
