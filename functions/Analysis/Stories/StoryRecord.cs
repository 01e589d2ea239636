namespace NewsMonitor.Analysis.Stories;

/// <summary>
/// A story as its member rows describe it: the first headline and when it was first seen, the sources that carried
/// it and its articles (first published first), and how many copies appeared each hour.
/// </summary>
internal sealed record StoryRecord(
    string StoryId,
    string FirstHeadline,
    DateTimeOffset FirstSeen,
    IReadOnlyList<string> Sources,
    IReadOnlyList<StoryMember> Articles,
    IReadOnlyList<StorySize> SizeByHour)
{
    public static StoryRecord From(string storyId, IEnumerable<StoryMember> members)
    {
        var ordered = members.OrderBy(member => member.Published).ThenBy(member => member.ArticleId, StringComparer.Ordinal).ToList();
        var sizes = new List<StorySize>();
        var total = 0;
        foreach (var hour in ordered.GroupBy(member => MentionKeys.BucketStart(member.Published)))
        {
            total += hour.Count();
            sizes.Add(new StorySize(hour.Key, hour.Count(), total));
        }

        return new StoryRecord(
            storyId,
            ordered[0].Title,
            ordered[0].Published,
            ordered.Select(member => member.Source).Distinct(StringComparer.OrdinalIgnoreCase).ToList(),
            ordered,
            sizes);
    }
}

/// <summary>One article of a story.</summary>
internal sealed record StoryMember(string ArticleId, string Title, string Source, string? Url, DateTimeOffset Published);

/// <summary>The articles a story gained in one UTC hour, and its size at the end of it.</summary>
internal sealed record StorySize(DateTimeOffset HourStart, int Added, int Total);
