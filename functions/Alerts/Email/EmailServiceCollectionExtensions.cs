using Azure.Core;
using Azure.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using NewsMonitor.Hosting;
using NewsMonitor.Storage;

namespace NewsMonitor.Alerts.Email;

internal static class EmailServiceCollectionExtensions
{
    /// <summary>Registers <see cref="EmailOptions"/>, the transport chosen by <c>Email:Transport</c>, the send-rate limiter and <see cref="EmailDelivery"/>.</summary>
    public static IServiceCollection AddEmail(this IServiceCollection services)
    {
        if (!services.FirstTime(nameof(AddEmail)))
        {
            return services;
        }

        services.AddValidatedOptions<EmailOptions>(EmailOptions.SectionName);

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<MimeMessageFactory>();
        services.TryAddSingleton<OutboxEmailSender>();
        services.TryAddSingleton<SmtpEmailSender>();
        // This client's own credential, from its own setting: the user-assigned identity infra names in
        // Email:AcsManagedIdentityClientId, whatever other clients (Language) use.
        services.TryAddKeyedSingleton<TokenCredential>(AcsEmailSender.CredentialKey, (provider, _) =>
        {
            var clientId = provider.GetRequiredService<IOptions<EmailOptions>>().Value.AcsManagedIdentityClientId;
            return new DefaultAzureCredential(new DefaultAzureCredentialOptions
            {
                ManagedIdentityClientId = string.IsNullOrWhiteSpace(clientId) ? null : clientId,
            });
        });

        // No resilience handler on this client: EmailDelivery's pipeline is the one retry layer of the email path.
        services.TryAddSingleton<AcsEmailSender>();
        services.AddHttpClient(AcsEmailSender.HttpClientName, (provider, client) =>
            client.Timeout = provider.GetRequiredService<IOptions<EmailOptions>>().Value.SendTimeout);

        services.TryAddSingleton<IEmailSender>(provider =>
            provider.GetRequiredService<IOptions<EmailOptions>>().Value.Transport.ToUpperInvariant() switch
            {
                "SMTP" => provider.GetRequiredService<SmtpEmailSender>(),
                "ACS" => provider.GetRequiredService<AcsEmailSender>(),
                _ => provider.GetRequiredService<OutboxEmailSender>(),
            });
        // Storage only when a rate is configured: the limiter's counters live in the Deliveries table.
        services.TryAddSingleton(provider => new EmailRateLimiter(
            () => provider.GetRequiredService<NewsStorage>(),
            provider.GetRequiredService<IOptions<EmailOptions>>(),
            provider.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton<EmailDelivery>();
        return services;
    }
}
