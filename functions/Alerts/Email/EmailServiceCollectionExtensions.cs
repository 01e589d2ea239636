using Azure.Core;
using Azure.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace NewsMonitor.Alerts.Email;

internal static class EmailServiceCollectionExtensions
{
    /// <summary>Registers <see cref="EmailOptions"/>, the transport chosen by <c>Email:Transport</c> and <see cref="EmailDelivery"/>.</summary>
    public static IServiceCollection AddEmail(this IServiceCollection services)
    {
        if (services.Any(descriptor => descriptor.ServiceType == typeof(EmailDelivery)))
        {
            return services;
        }

        services.AddOptions<EmailOptions>()
            .BindConfiguration(EmailOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<MimeMessageFactory>();
        services.TryAddSingleton<OutboxEmailSender>();
        services.TryAddSingleton<SmtpEmailSender>();
        services.TryAddSingleton<TokenCredential>(provider =>
        {
            var clientId = provider.GetRequiredService<IOptions<EmailOptions>>().Value.AcsManagedIdentityClientId;
            return new DefaultAzureCredential(new DefaultAzureCredentialOptions { ManagedIdentityClientId = clientId });
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
        services.TryAddSingleton<EmailDelivery>();
        return services;
    }
}
