using System.Text.Json;
using Azure;
using Azure.Data.Tables;

namespace NewsMonitor.Subscriptions;

/// <summary>Everything stored about one subscriber (the admin view; <see cref="Subscriber"/> is what other stages see).</summary>
internal sealed record SubscriberRecord
{
    public required string Id { get; init; }

    public required string Email { get; init; }

    /// <summary>Keywords alerts go out for (confirmed).</summary>
    public IReadOnlyList<string> Keywords { get; init; } = [];

    /// <summary>Keywords asked for and waiting for the address owner to confirm (double opt-in).</summary>
    public IReadOnlyList<string> PendingKeywords { get; init; } = [];

    public string Frequency { get; init; } = SubscriberFrequency.Instant;

    public bool Confirmed { get; init; }

    public bool Bouncing { get; init; }

    /// <summary>The subscriber paused alerts on the manage page: kept, but no alert or digest goes out until resumed.</summary>
    public bool Paused { get; init; }

    public string? BounceReason { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset? ConfirmedAt { get; init; }

    public DateTimeOffset? LastConfirmationSentAt { get; init; }

    public Subscriber ToSubscriber() => new()
    {
        Id = Id,
        Email = Email,
        Keywords = Keywords,
        Confirmed = Confirmed,
        Frequency = Frequency,
        Bouncing = Bouncing,
    };
}

internal static class SubscriberFrequency
{
    public const string Instant = "instant";
    public const string Daily = "daily";

    public static bool IsValid(string? value) => value is Instant or Daily;
}

/// <summary>The subscriber's row: PK <see cref="SubscriberStore.Partition"/>, RK <c>id|{subscriberId}</c>.</summary>
internal sealed class SubscriberEntity : ITableEntity
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public string PartitionKey { get; set; } = SubscriberStore.Partition;

    public string RowKey { get; set; } = string.Empty;

    public DateTimeOffset? Timestamp { get; set; }

    public ETag ETag { get; set; }

    public string SubscriberId { get; set; } = string.Empty;

    public string Email { get; set; } = string.Empty;

    public string Keywords { get; set; } = "[]";

    public string PendingKeywords { get; set; } = "[]";

    public string Frequency { get; set; } = SubscriberFrequency.Instant;

    public bool Confirmed { get; set; }

    public bool Bouncing { get; set; }

    public bool Paused { get; set; }

    public string? BounceReason { get; set; }

    public DateTimeOffset? BouncedAt { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? ConfirmedAt { get; set; }

    public DateTimeOffset? LastConfirmationSentAt { get; set; }

    public SubscriberRecord ToRecord() => new()
    {
        Id = SubscriberId,
        Email = Email,
        Keywords = Read(Keywords),
        PendingKeywords = Read(PendingKeywords),
        Frequency = Frequency,
        Confirmed = Confirmed,
        Bouncing = Bouncing,
        Paused = Paused,
        BounceReason = BounceReason,
        CreatedAt = CreatedAt,
        ConfirmedAt = ConfirmedAt,
        LastConfirmationSentAt = LastConfirmationSentAt,
    };

    public static string Write(IEnumerable<string> keywords) => JsonSerializer.Serialize(keywords.ToArray(), Json);

    public static IReadOnlyList<string> Read(string? json) =>
        string.IsNullOrEmpty(json) ? [] : JsonSerializer.Deserialize<string[]>(json, Json) ?? [];
}

/// <summary>The keyword index row: PK <see cref="SubscriberStore.Partition"/>, RK <c>kw|{keywordKey}|{subscriberId}</c>.</summary>
internal sealed class KeywordIndexEntity : ITableEntity
{
    public string PartitionKey { get; set; } = SubscriberStore.Partition;

    public string RowKey { get; set; } = string.Empty;

    public DateTimeOffset? Timestamp { get; set; }

    public ETag ETag { get; set; }

    public string SubscriberId { get; set; } = string.Empty;

    public string Keyword { get; set; } = string.Empty;
}
