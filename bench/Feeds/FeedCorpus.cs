using System.ServiceModel.Syndication;
using System.Xml;
using NewsMonitor.Feeds.Parsing;

namespace NewsMonitor.Bench.Feeds;

/// <summary>One feed of the benchmark corpus, with what each parser made of it.</summary>
internal sealed record CorpusFile(string Name, byte[] Bytes, int Items, string? SyndicationError);

/// <summary>
/// The corpus under bench/Corpus/feeds (made by bench/Corpus/generate.py) plus the parser's test feeds, loaded once
/// per process. The host process uses it for the throughput columns, the benchmark process for the work itself.
/// </summary>
internal static class FeedCorpus
{
    private static readonly Lazy<IReadOnlyList<CorpusFile>> Loaded = new(() => Load("bench/Corpus/feeds", "Corpus/feeds"));
    private static readonly Lazy<IReadOnlyList<CorpusFile>> TestFeeds = new(() => Load("tests/Feeds/Parsing/TestData", null));

    public static IReadOnlyList<CorpusFile> All => Loaded.Value;

    /// <summary>The files both parsers read: the fair ground for the ratio.</summary>
    public static IReadOnlyList<CorpusFile> Common => [.. All.Where(file => file.SyndicationError is null)];

    public static IReadOnlyList<CorpusFile> Tests => TestFeeds.Value;

    public static int ParseWithFeedParser(byte[] bytes)
    {
        using var stream = new MemoryStream(bytes, writable: false);
        return new FeedParser().Parse(stream, new FeedSource()).Items.Count;
    }

    public static int ParseWithSyndicationFeed(byte[] bytes)
    {
        using var stream = new MemoryStream(bytes, writable: false);
        using var reader = XmlReader.Create(stream);
        return SyndicationFeed.Load(reader).Items.Count();
    }

    /// <summary>One line per file SyndicationFeed rejects, with its reason and what our parser read from it.</summary>
    public static IEnumerable<string> RejectionReport()
    {
        foreach (var file in All.Concat(Tests).Where(file => file.SyndicationError is not null))
        {
            var ours = file.Items >= 0 ? $"{file.Items} items" : "rejected too";
            yield return $"{file.Name}: SyndicationFeed: {file.SyndicationError} | FeedParser: {ours}";
        }
    }

    private static IReadOnlyList<CorpusFile> Load(string fromRepositoryRoot, string? fromOutput)
    {
        var folder = Locate(fromRepositoryRoot, fromOutput);
        if (folder is null)
        {
            return [];
        }

        return [.. Directory.EnumerateFiles(folder).Order(StringComparer.Ordinal).Select(path => Describe(Path.GetFileName(path), File.ReadAllBytes(path)))];
    }

    private static CorpusFile Describe(string name, byte[] bytes)
    {
        int items;
        try
        {
            items = ParseWithFeedParser(bytes);
        }
        catch (FeedParseException)
        {
            items = -1;
        }

        string? syndicationError = null;
        try
        {
            ParseWithSyndicationFeed(bytes);
        }
#pragma warning disable CA1031 // The point is to record whatever SyndicationFeed throws on a file.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            syndicationError = $"{exception.GetType().Name}: {exception.Message.Split('\n')[0].Trim()}";
        }

        return new CorpusFile(name, bytes, items, syndicationError);
    }

    /// <summary>Walks up from the running assembly (BenchmarkDotNet runs it from a generated folder) to find the data.</summary>
    private static string? Locate(string fromRepositoryRoot, string? fromOutput)
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, fromRepositoryRoot);
            if (Directory.Exists(candidate))
            {
                return candidate;
            }

            if (fromOutput is not null && Directory.Exists(Path.Combine(directory.FullName, fromOutput)))
            {
                return Path.Combine(directory.FullName, fromOutput);
            }
        }

        return null;
    }
}
