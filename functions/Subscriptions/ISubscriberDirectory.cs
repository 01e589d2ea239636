namespace NewsMonitor.Subscriptions;

/// <summary>What other stages need to know about subscribers; the Subscriptions stage implements it on the table.</summary>
internal interface ISubscriberDirectory
{
    /// <summary>Every keyword some confirmed subscriber watches (the watch list adds the global setting).</summary>
    Task<IReadOnlyCollection<string>> GetWatchedKeywordsAsync(CancellationToken cancellationToken = default);

    /// <summary>Confirmed subscribers of a keyword (case- and diacritics-insensitive match on the keyword).</summary>
    Task<IReadOnlyList<Subscriber>> GetConfirmedSubscribersAsync(string keyword, CancellationToken cancellationToken = default);

    /// <summary>Records that mail to this subscriber was rejected for good (e.g. SMTP 550); alerts skip bouncing subscribers.</summary>
    Task MarkBouncingAsync(string subscriberId, string reason, CancellationToken cancellationToken = default);
}

internal sealed record Subscriber
{
    public required string Id { get; init; }

    public required string Email { get; init; }

    public string? DisplayName { get; init; }

    public IReadOnlyList<string> Keywords { get; init; } = [];

    public bool Confirmed { get; init; }

    /// <summary>"instant" or "daily".</summary>
    public string Frequency { get; init; } = "instant";

    public bool Bouncing { get; init; }
}
