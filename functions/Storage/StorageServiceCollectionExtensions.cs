using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using Azure.Identity;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace NewsMonitor.Storage;

internal static class StorageServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="NewsStorage"/> from the <see cref="SettingNames.StorageConnection"/> setting: a connection
    /// string locally, or the identity-based <c>__blobServiceUri</c>/<c>__queueServiceUri</c>/<c>__tableServiceUri</c>
    /// form in Azure (the same shape the Functions host reads for its own connection).
    /// </summary>
    public static IServiceCollection AddNewsStorage(this IServiceCollection services)
    {
        services.TryAddSingleton(provider =>
            Create(provider.GetRequiredService<IConfiguration>(), SettingNames.StorageConnection));
        return services;
    }

    /// <param name="configuration">Where the connection setting is read.</param>
    /// <param name="connectionName">The setting's name.</param>
    /// <param name="policy">A pipeline policy added to every client (per retry); only newsmon's storage fault test hook passes one.</param>
    public static NewsStorage Create(IConfiguration configuration, string connectionName, HttpPipelinePolicy? policy = null)
    {
        var connectionString = configuration[connectionName];
        // Queue messages are Base64 because the queue trigger decodes Base64 by default (host.json messageEncoding).
        var queueOptions = WithPolicy(new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 }, policy);
        var blobOptions = WithPolicy(new BlobClientOptions(), policy);
        var tableOptions = WithPolicy(new TableClientOptions(), policy);
        if (!string.IsNullOrWhiteSpace(connectionString))
        {
            return new NewsStorage(
                new BlobServiceClient(connectionString, blobOptions),
                new QueueServiceClient(connectionString, queueOptions),
                new TableServiceClient(connectionString, tableOptions));
        }

        var section = configuration.GetSection(connectionName);
        var credential = CreateCredential(section);
        return new NewsStorage(
            new BlobServiceClient(RequiredUri(section, "blobServiceUri"), credential, blobOptions),
            new QueueServiceClient(RequiredUri(section, "queueServiceUri"), credential, queueOptions),
            new TableServiceClient(RequiredUri(section, "tableServiceUri"), credential, tableOptions));
    }

    private static T WithPolicy<T>(T options, HttpPipelinePolicy? policy)
        where T : ClientOptions
    {
        if (policy is not null)
        {
            options.AddPolicy(policy, HttpPipelinePosition.PerRetry);
        }

        return options;
    }

    private static Uri RequiredUri(IConfigurationSection section, string key)
    {
        var value = section[key];
        if (string.IsNullOrWhiteSpace(value) || !Uri.TryCreate(value, UriKind.Absolute, out var uri))
        {
            throw new InvalidOperationException(
                $"Storage connection '{section.Path}' is not configured: set '{section.Path}' to a connection string " +
                $"or '{section.Path}__{key}' to the service URI.");
        }

        return uri;
    }

    private static TokenCredential CreateCredential(IConfigurationSection section)
    {
        var clientId = section["clientId"];
        return string.Equals(section["credential"], "managedidentity", StringComparison.OrdinalIgnoreCase)
            ? new ManagedIdentityCredential(string.IsNullOrEmpty(clientId)
                ? ManagedIdentityId.SystemAssigned
                : ManagedIdentityId.FromUserAssignedClientId(clientId))
            : new DefaultAzureCredential(new DefaultAzureCredentialOptions { ManagedIdentityClientId = clientId });
    }
}
