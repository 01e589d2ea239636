namespace NewsMonitor.Storage;

/// <summary>Names of the app settings the code and the bindings read; infra/ provides each one.</summary>
internal static class SettingNames
{
    /// <summary>
    /// The storage connection for the host, the triggers and the app's own clients. Locally a connection string
    /// ("UseDevelopmentStorage=true"); in Azure the identity-based form
    /// (<c>AzureWebJobsStorage__blobServiceUri</c>, <c>__queueServiceUri</c>, <c>__tableServiceUri</c>,
    /// <c>__credential</c>, <c>__clientId</c>).
    /// </summary>
    public const string StorageConnection = "AzureWebJobsStorage";

    /// <summary>NCRONTAB schedule of FetchFeeds, bound as <c>%FetchSchedule%</c>.</summary>
    public const string FetchSchedule = "FetchSchedule";

    /// <summary>Default schedule: every five minutes (six-field NCRONTAB, UTC).</summary>
    public const string DefaultFetchSchedule = "0 */5 * * * *";

    /// <summary>NCRONTAB schedule of SendDigests (the daily digest), bound as <c>%DigestSchedule%</c>.</summary>
    public const string DigestSchedule = "DigestSchedule";

    /// <summary>Default digest schedule: once a day at 07:00 UTC.</summary>
    public const string DefaultDigestSchedule = "0 0 7 * * *";
}
