using System.ComponentModel.DataAnnotations;
using NewsMonitor.Subscriptions;

namespace NewsMonitor.Tests.Subscriptions;

public sealed class SubscriptionsOptionsTests
{
    [Theory]
    [InlineData("@Microsoft.KeyVault(SecretUri=https://kv-abc.vault.azure.net/secrets/subscriptions-token-signing-key)")]
    [InlineData("@Microsoft.KeyVault(VaultName=kv-abc;SecretName=subscriptions-token-signing-key)")]
    public void Validate_UnresolvedKeyVaultReference_IsRejected(string key)
    {
        var options = new SubscriptionsOptions { TokenSigningKey = key };

        var results = Validate(options);

        var result = Assert.Single(results);
        Assert.Contains("unresolved Key Vault reference", result.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_PreviousKeyUnresolved_IsRejected()
    {
        var options = new SubscriptionsOptions
        {
            TokenSigningKey = "a-resolved-secret-value-of-at-least-32-chars",
            PreviousTokenSigningKey = "@Microsoft.KeyVault(SecretUri=https://kv-abc.vault.azure.net/secrets/old)",
        };

        Assert.Contains(Validate(options), r => r.MemberNames.Contains(nameof(SubscriptionsOptions.PreviousTokenSigningKey)));
    }

    [Fact]
    public void Validate_ResolvedKey_Passes()
    {
        var options = new SubscriptionsOptions { TokenSigningKey = "a-resolved-secret-value-of-at-least-32-chars" };

        Assert.Empty(Validate(options));
    }

    private static List<ValidationResult> Validate(SubscriptionsOptions options)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);
        return results;
    }
}
