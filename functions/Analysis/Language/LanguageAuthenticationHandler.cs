using System.Net.Http.Headers;
using Azure.Core;
using Microsoft.Extensions.DependencyInjection;

namespace NewsMonitor.Analysis.Language;

/// <summary>
/// Authenticates each attempt (it sits inside the resilience handler, so a retry after a long Retry-After gets a fresh
/// token): the resource key when one is configured (local use), else an Entra ID bearer token.
/// </summary>
internal sealed class LanguageAuthenticationHandler(
    LanguageClientOptions options,
    [FromKeyedServices(LanguageClient.CredentialKey)] TokenCredential credential,
    TimeProvider timeProvider)
    : DelegatingHandler
{
    private static readonly TokenRequestContext TokenRequest = new([LanguageClientOptions.TokenScope]);

    // The factory recycles handlers every few minutes, so this cache is short-lived; it saves a credential call per
    // request for credentials that do not cache themselves (Azure CLI, environment).
    private AccessToken _token;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (options.Key is { } key)
        {
            request.Headers.Remove("Ocp-Apim-Subscription-Key");
            request.Headers.Add("Ocp-Apim-Subscription-Key", key);
        }
        else
        {
            var token = _token;
            if (token.Token is null || token.ExpiresOn <= timeProvider.GetUtcNow().AddMinutes(5))
            {
                token = await credential.GetTokenAsync(TokenRequest, cancellationToken);
                _token = token;
            }

            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token.Token);
        }

        return await base.SendAsync(request, cancellationToken);
    }
}
