// Least-privilege data-plane roles. The app's identity gets what the host and each stage need, scoped to the one
// resource it touches; the deploying principal optionally gets data roles for local debugging against Azure.

@description('Name of the function app\'s user-assigned identity.')
param identityName string
param storageAccountName string
param applicationInsightsName string
@description('Name of the Language account; empty when none is deployed (no Language roles then).')
param languageAccountName string
param communicationServiceName string
param keyVaultName string

@description('Object id of the deploying user or service principal; empty grants nothing.')
param principalId string

@allowed(['User', 'ServicePrincipal', 'Group'])
param principalType string

// Built-in role definition ids (stable across clouds and tenants).
var roleIds = {
  // Host storage (leases, timer singletons, deployment package) and the app's blobs.
  storageBlobDataOwner: 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b'
  storageBlobDataContributor: 'ba92f5b4-2d11-453d-a403-e96b0029c9fe'
  // The alerts queue: send, peek, process, delete (queue trigger + poison queue).
  storageQueueDataContributor: '974c5e8b-45b9-4653-ba55-5f855dd0fb88'
  // Feeds, Mentions, Spikes, Subscribers, Deliveries, ArticleIndex.
  storageTableDataContributor: '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'
  // Entra-authenticated telemetry to an Application Insights resource with local auth disabled.
  monitoringMetricsPublisher: '3913510d-42f4-4e42-8a64-420c390055eb'
  // Data action Microsoft.CognitiveServices/accounts/Language/analyze-text/action without listKeys, unlike
  // Cognitive Services User (which also grants every data action on every Cognitive Services kind).
  cognitiveServicesLanguageReader: '7628b7b8-a8b2-4cdc-b46f-e9b35248918e'
  // Sending email with an Entra identity needs Microsoft.Communication/CommunicationServices/Read+Write and
  // EmailServices/write; this is the narrowest built-in role with them (Contributor is the documented alternative).
  communicationAndEmailServiceOwner: '09976791-48a7-449e-bb21-39d1a415f350'
  // Read secret values (Key Vault references); not list/write.
  keyVaultSecretsUser: '4633458b-17de-408a-b874-0445c86b69e6'
}

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2024-11-30' existing = {
  name: identityName
}

var identityPrincipalId = identity.properties.principalId
var hasLanguage = !empty(languageAccountName)

resource storageAccount 'Microsoft.Storage/storageAccounts@2025-01-01' existing = {
  name: storageAccountName
}

resource applicationInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: applicationInsightsName
}

resource languageAccount 'Microsoft.CognitiveServices/accounts@2025-06-01' existing = if (hasLanguage) {
  name: languageAccountName
}

resource communicationService 'Microsoft.Communication/communicationServices@2025-05-01' existing = {
  name: communicationServiceName
}

resource vault 'Microsoft.KeyVault/vaults@2026-05-15' existing = {
  name: keyVaultName
}

var appStorageRoles = [
  roleIds.storageBlobDataOwner
  roleIds.storageQueueDataContributor
  roleIds.storageTableDataContributor
]

resource appStorage 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for roleId in appStorageRoles: {
    name: guid(storageAccount.id, identity.id, roleId)
    scope: storageAccount
    properties: {
      principalId: identityPrincipalId
      principalType: 'ServicePrincipal'
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleId)
    }
  }
]

resource appMonitoring 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(applicationInsights.id, identity.id, roleIds.monitoringMetricsPublisher)
  scope: applicationInsights
  properties: {
    principalId: identityPrincipalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleIds.monitoringMetricsPublisher)
  }
}

resource appLanguage 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (hasLanguage) {
  name: guid(languageAccount.id, identity.id, roleIds.cognitiveServicesLanguageReader)
  scope: languageAccount
  properties: {
    principalId: identityPrincipalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId(
      'Microsoft.Authorization/roleDefinitions',
      roleIds.cognitiveServicesLanguageReader
    )
  }
}

resource appEmail 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(communicationService.id, identity.id, roleIds.communicationAndEmailServiceOwner)
  scope: communicationService
  properties: {
    principalId: identityPrincipalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId(
      'Microsoft.Authorization/roleDefinitions',
      roleIds.communicationAndEmailServiceOwner
    )
  }
}

resource appSecrets 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(vault.id, identity.id, roleIds.keyVaultSecretsUser)
  scope: vault
  properties: {
    principalId: identityPrincipalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleIds.keyVaultSecretsUser)
  }
}

// Local debugging against the deployed resources (newsmon or `func start` with DefaultAzureCredential): data access
// only, no management rights beyond what the deploying principal already has.
var developerStorageRoles = empty(principalId)
  ? []
  : [
      roleIds.storageBlobDataContributor
      roleIds.storageQueueDataContributor
      roleIds.storageTableDataContributor
    ]

resource developerStorage 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for roleId in developerStorageRoles: {
    name: guid(storageAccount.id, principalId, roleId)
    scope: storageAccount
    properties: {
      principalId: principalId
      principalType: principalType
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleId)
    }
  }
]

resource developerLanguage 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (hasLanguage && !empty(principalId)) {
  name: guid(languageAccount.id, principalId, roleIds.cognitiveServicesLanguageReader)
  scope: languageAccount
  properties: {
    principalId: principalId
    principalType: principalType
    roleDefinitionId: subscriptionResourceId(
      'Microsoft.Authorization/roleDefinitions',
      roleIds.cognitiveServicesLanguageReader
    )
  }
}

resource developerSecrets 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (!empty(principalId)) {
  name: guid(vault.id, principalId, roleIds.keyVaultSecretsUser)
  scope: vault
  properties: {
    principalId: principalId
    principalType: principalType
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleIds.keyVaultSecretsUser)
  }
}
