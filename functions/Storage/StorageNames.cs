namespace NewsMonitor.Storage;

/// <summary>Every container, table and queue the app uses, in one place (docs/storage.md; infra/modules/storage.bicep creates the same).</summary>
internal static class StorageNames
{
    public const string ArticlesContainer = "articles";
    public const string AnalysisContainer = "analysis";
    public const string ConfigContainer = "config";
    public const string FeedCatalogBlob = "feeds.json";

    public const string FeedsTable = "Feeds";
    public const string MentionsTable = "Mentions";
    public const string MentionHoursTable = "MentionHours";
    public const string SpikesTable = "Spikes";
    public const string SubscribersTable = "Subscribers";
    public const string DeliveriesTable = "Deliveries";
    public const string ArticleIndexTable = "ArticleIndex";
    public const string StoriesTable = "Stories";

    /// <summary>
    /// The story index's band rows, one table per band (<c>StoryBand0</c>..<c>StoryBand7</c>): Azurite keeps a table in
    /// one LokiJS collection whose every insert and update is linear in the collection's rows, and band rows were
    /// three quarters of <c>Stories</c> (README, "Scale and cost"). On Azure the split costs nothing.
    /// </summary>
    public static IReadOnlyList<string> StoryBandTables { get; } = [.. Enumerable.Range(0, 8).Select(band => $"StoryBand{band}")];

    public const string AlertsQueue = "alerts";
    public const string AlertsPoisonQueue = "alerts-poison";

    public static IReadOnlyList<string> Containers { get; } = [ArticlesContainer, AnalysisContainer, ConfigContainer];

    public static IReadOnlyList<string> Tables { get; } =
        [FeedsTable, MentionsTable, MentionHoursTable, SpikesTable, SubscribersTable, DeliveriesTable, ArticleIndexTable, StoriesTable, .. StoryBandTables];

    public static IReadOnlyList<string> Queues { get; } = [AlertsQueue, AlertsPoisonQueue];
}
