namespace NewsMonitor.Analysis.Mentions;

/// <summary>Column names of the <c>Mentions</c> table (besides PartitionKey and RowKey).</summary>
internal static class MentionColumns
{
    public const string Keyword = "Keyword";
    public const string Title = "Title";
    public const string Source = "Source";
    public const string Url = "Url";
    public const string Published = "Published";
    public const string FeedId = "FeedId";
    public const string BlobName = "BlobName";
    public const string Sentiment = "Sentiment";
    public const string Occurrences = "Occurrences";

    /// <summary>The article's story (<c>Stories</c>); the article's own id when it has none.</summary>
    public const string StoryId = "StoryId";
}
