using System.Globalization;
using System.Text;
using System.Text.Json;

namespace NewsMonitor.Cli.Demo;

/// <summary>A feed of the demo: a source with its format (rss, atom, rdf, jsonfeed) and its daily volume.</summary>
internal sealed record DemoSource(
    string Id,
    string Name,
    string Format,
    string Site,
    string Section,
    double PerDay,
    string Author,
    IReadOnlyList<string> Topics)
{
    public string FeedPath => $"/feeds/{Id}";
}

/// <summary>
/// One item as a feed carries it. A syndicated copy has its own guid and a tracking-decorated link (the same article);
/// an edited copy (<see cref="CopyOf"/>: the original's link) is another feed's own article of the same story.
/// </summary>
internal sealed record DemoItem(
    string SourceId,
    string Guid,
    string Title,
    string Link,
    string Summary,
    string? Content,
    DateTimeOffset Published,
    string Author,
    IReadOnlyList<string> Categories,
    bool IsSyndicatedCopy,
    string? CopyOf = null);

internal sealed record DemoSubscriber(string Email, string Name, string Keyword, int ExpectAlerts);

/// <summary>
/// The demo's news: the authored stories of <c>scenario.json</c> plus baseline items generated from
/// <c>templates.json</c> by a seeded generator (same seed, same news, every run) with a daily and weekly rhythm.
/// </summary>
internal sealed class DemoScenario
{
    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);

    private readonly Dictionary<string, List<DemoItem>> _itemsBySource;

    private DemoScenario(ScenarioFile file, IReadOnlyList<DemoItem> items)
    {
        Start = file.Start;
        End = file.End;
        ItemsPerFeed = file.ItemsPerFeed;
        Sources = file.Sources;
        Subscribers = file.Subscribers;
        Items = items;
        _itemsBySource = items.GroupBy(item => item.SourceId).ToDictionary(group => group.Key, group => group.ToList());
    }

    public DateTimeOffset Start { get; }

    public DateTimeOffset End { get; }

    public int ItemsPerFeed { get; }

    public IReadOnlyList<DemoSource> Sources { get; }

    public IReadOnlyList<DemoSubscriber> Subscribers { get; }

    /// <summary>Every item of every feed, oldest first.</summary>
    public IReadOnlyList<DemoItem> Items { get; }

    /// <summary>
    /// Distinct stories: syndicated copies share their original's link once tracking parameters go, edited copies are
    /// articles of their original's story.
    /// </summary>
    public int DistinctStories => Items.Count(item => !item.IsSyndicatedCopy && item.CopyOf is null);

    public static string DefaultFolder => Path.Combine(AppContext.BaseDirectory, "Demo", "Data");

    public static DemoScenario Load(string folder)
    {
        var file = Read<ScenarioFile>(Path.Combine(folder, "scenario.json"));
        var templates = Read<TemplateFile>(Path.Combine(folder, "templates.json"));
        var generator = new Generator(file, templates, folder);
        return new DemoScenario(file, generator.Generate());
    }

    /// <summary>What the feed shows at <paramref name="now"/>: its newest items published up to then, newest first.</summary>
    public IReadOnlyList<DemoItem> Visible(string sourceId, DateTimeOffset now) =>
        _itemsBySource.TryGetValue(sourceId, out var items)
            ? items.Where(item => item.Published <= now).OrderByDescending(item => item.Published).Take(ItemsPerFeed).ToList()
            : [];

    private static T Read<T>(string path) =>
        JsonSerializer.Deserialize<T>(File.ReadAllText(path), JsonOptions)
        ?? throw new InvalidDataException($"{path} is empty.");

    private sealed class Generator(ScenarioFile file, TemplateFile templates, string folder)
    {
        private readonly Random _random = new(file.Seed);
        private readonly Dictionary<string, Queue<int>> _recentTemplates = [];
        private int _serial;

        public List<DemoItem> Generate()
        {
            var items = new List<DemoItem>();
            var weightSum = file.HourWeights.Sum();
            var wireCount = 0;
            for (var hour = file.Start; hour < file.End; hour = hour.AddHours(1))
            {
                var factor = hour.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday ? file.WeekendFactor : 1.0;
                foreach (var source in file.Sources)
                {
                    var expected = source.PerDay * file.HourWeights[hour.Hour] / weightSum * factor;
                    for (var n = Poisson(expected); n > 0; n--)
                    {
                        var item = NewItem(source, hour.AddMinutes(_random.Next(60)));
                        items.Add(item);
                        if (source.Id == file.Sources[0].Id && ++wireCount % file.SyndicateEvery == 0)
                        {
                            var others = file.Sources.Where(other => other.Id != source.Id).ToList();
                            items.Add(SyndicatedCopy(item, others[wireCount / file.SyndicateEvery % others.Count]));
                        }
                    }
                }
            }

            foreach (var story in file.Stories)
            {
                var source = file.Sources.Single(candidate => candidate.Id == story.Source);
                var content = story.ContentFile is null ? null : File.ReadAllText(Path.Combine(folder, story.ContentFile)).Trim();
                var item = new DemoItem(
                    source.Id,
                    Link(source, story.Published, story.Slug ?? Slug(story.Title)),
                    story.Title,
                    Link(source, story.Published, story.Slug ?? Slug(story.Title)),
                    story.Summary,
                    content,
                    story.Published,
                    story.Author ?? source.Author,
                    story.Categories ?? [Capitalize(story.Topic)],
                    IsSyndicatedCopy: false);
                items.Add(item);
                foreach (var carrier in story.SyndicatedBy ?? [])
                {
                    items.Add(SyndicatedCopy(item, file.Sources.Single(candidate => candidate.Id == carrier)));
                }

                foreach (var copy in story.CarriedBy ?? [])
                {
                    items.Add(EditedCopy(item, file.Sources.Single(candidate => candidate.Id == copy.Source), copy));
                }
            }

            return items.Where(item => item.Published < file.End).OrderBy(item => item.Published).ThenBy(item => item.Guid, StringComparer.Ordinal).ToList();
        }

        private DemoItem NewItem(DemoSource source, DateTimeOffset published)
        {
            var candidates = Enumerable.Range(0, templates.Templates.Count)
                .Where(index => source.Topics.Count == 0 || source.Topics.Contains(templates.Templates[index].Topic))
                .ToList();
            var recent = _recentTemplates.TryGetValue(source.Id, out var queue) ? queue : _recentTemplates[source.Id] = new Queue<int>();
            var fresh = candidates.Where(index => !recent.Contains(index)).ToList();
            var chosen = (fresh.Count > 0 ? fresh : candidates)[_random.Next(fresh.Count > 0 ? fresh.Count : candidates.Count)];
            recent.Enqueue(chosen);
            if (recent.Count > Math.Min(12, candidates.Count / 2))
            {
                recent.Dequeue();
            }

            var template = templates.Templates[chosen];
            var values = new Dictionary<string, string>(StringComparer.Ordinal);
            var title = Fill(template.Title, values);
            var summary = Fill(template.Summary, values);
            var link = Link(source, published, $"{Slug(title)}-{++_serial:D4}");
            return new DemoItem(source.Id, link, title, link, summary, null, published, source.Author, [Capitalize(template.Topic)], IsSyndicatedCopy: false);
        }

        private static DemoItem SyndicatedCopy(DemoItem original, DemoSource carrier) => original with
        {
            SourceId = carrier.Id,
            Guid = $"{carrier.Site}/syndicated/{Slug(original.Title)}",
            // The carrier links to the original story with its own tracking parameters: the same article once canonical.
            Link = $"{original.Link}?utm_source={carrier.Id}&utm_medium=rss&utm_campaign=syndication",
            IsSyndicatedCopy = true,
        };

        private static DemoItem EditedCopy(DemoItem original, DemoSource carrier, CopyEntry copy)
        {
            if (copy.Published < original.Published)
            {
                throw new InvalidDataException($"The copy of \"{original.Title}\" in {carrier.Id} is published before the original.");
            }

            // The carrier's own page for the agency's report: its own link, headline and lede, the agency's facts.
            var link = Link(carrier, copy.Published, Slug(copy.Title));
            return original with
            {
                SourceId = carrier.Id,
                Guid = link,
                Title = copy.Title,
                Link = link,
                Summary = copy.Summary,
                Published = copy.Published,
                Author = carrier.Author,
                IsSyndicatedCopy = false,
                CopyOf = original.Link,
            };
        }

        private string Fill(string text, Dictionary<string, string> values)
        {
            var builder = new StringBuilder(text.Length + 32);
            var position = 0;
            while (position < text.Length)
            {
                var open = text.IndexOf('{', position);
                if (open < 0)
                {
                    builder.Append(text, position, text.Length - position);
                    break;
                }

                var close = text.IndexOf('}', open);
                builder.Append(text, position, open - position);
                var slot = text[(open + 1)..close];
                if (!values.TryGetValue(slot, out var value))
                {
                    var list = templates.Slots[slot.TrimEnd('0', '1', '2', '3', '4', '5', '6', '7', '8', '9')];
                    var taken = values.Values.ToHashSet(StringComparer.Ordinal);
                    var choices = list.Where(candidate => !taken.Contains(candidate)).ToList();
                    value = values[slot] = choices[_random.Next(choices.Count)];
                }

                builder.Append(value);
                position = close + 1;
            }

            return builder.ToString();
        }

        private int Poisson(double mean)
        {
            // Knuth's method: fine for the small per-hour means here.
            var limit = Math.Exp(-mean);
            var product = _random.NextDouble();
            var count = 0;
            while (product > limit)
            {
                count++;
                product *= _random.NextDouble();
            }

            return count;
        }

        private static string Link(DemoSource source, DateTimeOffset published, string slug) =>
            string.Create(CultureInfo.InvariantCulture, $"{source.Site}/{source.Section}/{published:yyyy/MM/dd}/{slug}");

        private static string Slug(string title)
        {
            var builder = new StringBuilder(title.Length);
            foreach (var c in title.Normalize(NormalizationForm.FormD).ToLowerInvariant())
            {
                if (char.IsAsciiLetterOrDigit(c))
                {
                    builder.Append(c);
                }
                else if (c is ' ' or '-' or '/' && builder.Length > 0 && builder[^1] != '-')
                {
                    builder.Append('-');
                }
            }

            var slug = builder.ToString().Trim('-');
            return slug.Length > 70 ? slug[..70].TrimEnd('-') : slug;
        }

        private static string Capitalize(string topic) =>
            topic.Length == 0 ? topic : char.ToUpperInvariant(topic[0]) + topic[1..];
    }

    private sealed record ScenarioFile(
        int Seed,
        DateTimeOffset Start,
        DateTimeOffset End,
        int ItemsPerFeed,
        double[] HourWeights,
        double WeekendFactor,
        int SyndicateEvery,
        IReadOnlyList<DemoSource> Sources,
        IReadOnlyList<DemoSubscriber> Subscribers,
        IReadOnlyList<StoryEntry> Stories);

    private sealed record StoryEntry(
        string Source,
        DateTimeOffset Published,
        string Topic,
        string Title,
        string Summary,
        string? Slug,
        string? ContentFile,
        string? Author,
        IReadOnlyList<string>? Categories,
        IReadOnlyList<string>? SyndicatedBy,
        IReadOnlyList<CopyEntry>? CarriedBy);

    /// <summary>A lightly edited copy of an agency story that another feed runs as its own article.</summary>
    private sealed record CopyEntry(string Source, DateTimeOffset Published, string Title, string Summary);

    private sealed record TemplateFile(IReadOnlyDictionary<string, string[]> Slots, IReadOnlyList<Template> Templates);

    private sealed record Template(string Topic, string Title, string Summary);
}
