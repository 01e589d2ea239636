using Microsoft.Extensions.DependencyInjection;

namespace NewsMonitor.Hosting;

/// <summary>
/// Makes every <c>Add&lt;Stage&gt;()</c> idempotent: stages add the stages they depend on, and the composition root
/// adds them all, so the same extension runs several times. A second run must not bind and validate options again
/// or stack another resilience handler on a typed HttpClient.
/// </summary>
internal static class ServiceRegistration
{
    /// <summary>True the first time <paramref name="feature"/> is added to <paramref name="services"/>; false after.</summary>
    public static bool FirstTime(this IServiceCollection services, string feature)
    {
        if (services.Any(descriptor => descriptor.ServiceType == typeof(FeatureMarker) && Equals(descriptor.ServiceKey, feature)))
        {
            return false;
        }

        services.AddKeyedSingleton(feature, new FeatureMarker(feature));
        return true;
    }

    /// <summary>
    /// Binds <typeparamref name="TOptions"/> to <paramref name="sectionName"/>, validated (attributes and
    /// IValidatableObject) when the host starts; once, however often it is called.
    /// </summary>
    public static IServiceCollection AddValidatedOptions<TOptions>(this IServiceCollection services, string sectionName)
        where TOptions : class
    {
        if (services.FirstTime("options:" + typeof(TOptions).FullName))
        {
            services.AddOptions<TOptions>()
                .BindConfiguration(sectionName)
                .ValidateDataAnnotations()
                .ValidateOnStart();
        }

        return services;
    }
}

/// <summary>Records that a feature's services are registered (see <see cref="ServiceRegistration.FirstTime"/>).</summary>
internal sealed record FeatureMarker(string Feature);
