namespace NewsMonitor.Alerts.Rendering;

/// <summary>Everything an alert email shows, loaded once per alert and shared by every recipient's copy.</summary>
internal sealed record AlertContent
{
    public required SpikeAlert Alert { get; init; }

    /// <summary>One per story, the story with the newest copy first.</summary>
    public IReadOnlyList<Headline> Headlines { get; init; } = [];

    /// <summary>How many stories behind the spike the email does not list.</summary>
    public int MoreArticles { get; init; }

    public SentimentMix Sentiment { get; init; } = new(0, 0, 0, 0);

    public IReadOnlyList<EntityMention> Entities { get; init; } = [];

    /// <summary>Hourly counts of the keyword, oldest first, ending with the spike's last hour.</summary>
    public IReadOnlyList<HourlyCount> Counts { get; init; } = [];

    /// <summary>The chart of <see cref="Counts"/> as PNG; empty when it could not be drawn.</summary>
    public ReadOnlyMemory<byte> ChartPng { get; init; }
}

/// <summary>
/// One story of the spike: its first copy's headline, source and time, the other outlets that ran it
/// (<see cref="AlsoIn"/>) and a line of its lede. Feed text, untrusted: encode before use. <see cref="Link"/> is null
/// unless it is http(s).
/// </summary>
internal sealed record Headline(string Title, string Source, DateTimeOffset Published, Uri? Link)
{
    /// <summary>The other sources that carried the story, first carrier first.</summary>
    public IReadOnlyList<string> AlsoIn { get; init; } = [];

    /// <summary>One line of the lede; empty when the article has no text beyond its title.</summary>
    public string Snippet { get; init; } = string.Empty;
}

internal sealed record SentimentMix(int Positive, int Neutral, int Negative, int Mixed)
{
    public int Total => Positive + Neutral + Negative + Mixed;
}

internal sealed record EntityMention(string Text, string Category, int Articles);

internal sealed record HourlyCount(DateTimeOffset BucketStart, int Count);
