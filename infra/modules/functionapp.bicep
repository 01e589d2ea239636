// The Functions app on Flex Consumption (FC1), .NET isolated, running as a user-assigned identity. Every setting
// here is either plain configuration or an identity-based connection; the two secrets are Key Vault references.

param name string
param planName string
param location string
param tags object
param identityName string
param storageAccountName string
param deploymentContainerName string
param applicationInsightsName string

@allowed([512, 2048, 4096])
param instanceMemoryMB int

@minValue(1)
@maxValue(1000)
param maximumInstanceCount int

param fetchSchedule string
param digestSchedule string
param keywords string

@allowed(['acs', 'smtp'])
param emailTransport string
param communicationHostName string
param acsEmailSender string
param smtpHost string
param smtpPort int
param smtpUserName string
param smtpEmailSender string

@description('Email__MaxPerMinute: the sending rate the app keeps to.')
param emailsPerMinute int

@description('Email__MaxPerHour.')
param emailsPerHour int

@description('Endpoint of the Language account; empty when none is deployed (the app then analyzes locally).')
param languageEndpoint string
param keyVaultName string
param tokenSigningKeySecretName string
param smtpPasswordSecretName string

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2024-11-30' existing = {
  name: identityName
}

resource storage 'Microsoft.Storage/storageAccounts@2025-01-01' existing = {
  name: storageAccountName
}

resource applicationInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: applicationInsightsName
}

resource vault 'Microsoft.KeyVault/vaults@2026-05-15' existing = {
  name: keyVaultName
}

resource plan 'Microsoft.Web/serverfarms@2025-03-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'functionapp'
  sku: {
    name: 'FC1'
    tier: 'FlexConsumption'
  }
  properties: {
    reserved: true
  }
}

resource site 'Microsoft.Web/sites@2025-03-01' = {
  name: name
  location: location
  tags: tags
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: { '${identity.id}': {} }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    // Key Vault references resolve with this identity (it holds Key Vault Secrets User on the vault).
    keyVaultReferenceIdentity: identity.id
    siteConfig: {
      minTlsVersion: '1.2'
      ftpsState: 'Disabled'
    }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${storage.properties.primaryEndpoints.blob}${deploymentContainerName}'
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: identity.id
          }
        }
      }
      scaleAndConcurrency: {
        instanceMemoryMB: instanceMemoryMB
        maximumInstanceCount: maximumInstanceCount
      }
      runtime: {
        name: 'dotnet-isolated'
        version: '10.0'
      }
    }
  }
}

// Publishing with user name and password is off: azd and `az functionapp deployment` use Entra ID.
resource ftpCredentials 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2025-03-01' = {
  parent: site
  name: 'ftp'
  properties: { allow: false }
}

resource scmCredentials 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2025-03-01' = {
  parent: site
  name: 'scm'
  properties: { allow: false }
}

// Versionless secret URIs: the reference follows the secret's latest version.
var keyVaultReference = '@Microsoft.KeyVault(SecretUri={0}secrets/{1})'

// Flex Consumption manages FUNCTIONS_WORKER_RUNTIME, FUNCTIONS_EXTENSION_VERSION and the content/package settings
// itself (functionAppConfig): setting them here is rejected.
var hostSettings = {
  // AzureWebJobsStorage is the connection of the host and of every trigger (Connection = "AzureWebJobsStorage").
  AzureWebJobsStorage__blobServiceUri: storage.properties.primaryEndpoints.blob
  AzureWebJobsStorage__queueServiceUri: storage.properties.primaryEndpoints.queue
  AzureWebJobsStorage__tableServiceUri: storage.properties.primaryEndpoints.table
  AzureWebJobsStorage__credential: 'managedidentity'
  AzureWebJobsStorage__clientId: identity.properties.clientId
  // Not a secret: an ingestion endpoint and a resource id; with local auth disabled it grants nothing by itself.
  APPLICATIONINSIGHTS_CONNECTION_STRING: applicationInsights.properties.ConnectionString
  APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'ClientId=${identity.properties.clientId};Authorization=AAD'
  // The trends dashboard is the site's root page (host.json's route prefix is empty), not the host's own landing page.
  AzureWebJobsDisableHomepage: 'true'
}

var appSettings = {
  FetchSchedule: fetchSchedule
  DigestSchedule: digestSchedule
  Analysis__Keywords: keywords
  Subscriptions__TokenSigningKey: format(keyVaultReference, vault.properties.vaultUri, tokenSigningKeySecretName)
  // The app appends /api/<route> to build confirm and unsubscribe links, and /manage for the manage page.
  Subscriptions__PublicBaseUrl: 'https://${site.properties.defaultHostName}'
  Email__MaxPerMinute: string(emailsPerMinute)
  Email__MaxPerHour: string(emailsPerHour)
}

// Each client builds its credential from its own setting (Analysis__ManagedIdentityClientId here,
// Email__AcsManagedIdentityClientId below): no process-wide AZURE_CLIENT_ID for one client to depend on by accident.
var azureAnalyzerSettings = {
  Analysis__Analyzer: 'azure'
  Analysis__Endpoint: languageEndpoint
  Analysis__ManagedIdentityClientId: identity.properties.clientId
}

// No Language account (Responsible AI terms not accepted, or not wanted): the local analyzer, which needs nothing.
var localAnalyzerSettings = {
  Analysis__Analyzer: 'local'
}

// Names follow EmailOptions (functions/Alerts/Email/EmailOptions.cs).
var acsEmailSettings = {
  Email__Transport: 'acs'
  Email__AcsEndpoint: 'https://${communicationHostName}'
  Email__AcsManagedIdentityClientId: identity.properties.clientId
  Email__Sender: acsEmailSender
}

var smtpEmailSettings = {
  Email__Transport: 'smtp'
  Email__SmtpHost: smtpHost
  Email__SmtpPort: string(smtpPort)
  Email__SmtpUserName: smtpUserName
  Email__SmtpPassword: format(keyVaultReference, vault.properties.vaultUri, smtpPasswordSecretName)
  Email__Sender: smtpEmailSender
}

resource settings 'Microsoft.Web/sites/config@2025-03-01' = {
  parent: site
  name: 'appsettings'
  properties: union(
    hostSettings,
    appSettings,
    empty(languageEndpoint) ? localAnalyzerSettings : azureAnalyzerSettings,
    emailTransport == 'smtp' ? smtpEmailSettings : acsEmailSettings
  )
}

output name string = site.name
output url string = 'https://${site.properties.defaultHostName}'
