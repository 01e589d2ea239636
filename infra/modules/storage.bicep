// The app's storage account: host storage, the app's containers/tables/queues, the deployment package container and
// the Event Grid system topic that turns blob writes into AnalyzeArticle triggers. Keys are off: every client uses
// Entra ID, so no connection string exists to leak.

@description('Storage account name (3-24 lowercase letters and digits).')
param name string
param location string
param tags object

@description('Name of the Event Grid system topic on this account.')
param systemTopicName string

@description('Resource id of the user-assigned identity the system topic dead-letters with (it holds Storage Blob Data Owner here).')
param identityId string

// Names from functions/Storage/StorageNames.cs (tests/Infrastructure proves they agree).
var containers = ['articles', 'analysis', 'config']
var tables = [
  'Feeds'
  'Mentions'
  'MentionHours'
  'Spikes'
  'Subscribers'
  'Deliveries'
  'ArticleIndex'
  'Stories'
  // The story index's band rows, one table per band (StorageNames.StoryBandTables).
  'StoryBand0'
  'StoryBand1'
  'StoryBand2'
  'StoryBand3'
  'StoryBand4'
  'StoryBand5'
  'StoryBand6'
  'StoryBand7'
]
var queues = ['alerts', 'alerts-poison']
var deploymentContainerName = 'deployment-package'
// BlobCreated events Event Grid could not deliver after its retries (infra/eventgrid.bicep): kept for inspection
// and replay instead of being dropped, so an article never analyzed can be found.
var deadLetterContainerName = 'eventgrid-deadletter'

resource account 'Microsoft.Storage/storageAccounts@2025-01-01' = {
  name: name
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: { name: 'Standard_LRS' }
  properties: {
    accessTier: 'Hot'
    allowSharedKeyAccess: false
    allowBlobPublicAccess: false
    allowCrossTenantReplication: false
    defaultToOAuthAuthentication: true
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    publicNetworkAccess: 'Enabled'
    networkAcls: {
      defaultAction: 'Allow'
      bypass: 'AzureServices'
    }
  }
}

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2025-01-01' = {
  parent: account
  name: 'default'
  properties: {
    deleteRetentionPolicy: { enabled: true, days: 7 }
    containerDeleteRetentionPolicy: { enabled: true, days: 7 }
  }
}

resource appContainers 'Microsoft.Storage/storageAccounts/blobServices/containers@2025-01-01' = [
  for container in containers: {
    parent: blobService
    name: container
    properties: { publicAccess: 'None' }
  }
]

resource deploymentContainer 'Microsoft.Storage/storageAccounts/blobServices/containers@2025-01-01' = {
  parent: blobService
  name: deploymentContainerName
  properties: { publicAccess: 'None' }
}

resource deadLetterContainer 'Microsoft.Storage/storageAccounts/blobServices/containers@2025-01-01' = {
  parent: blobService
  name: deadLetterContainerName
  properties: { publicAccess: 'None' }
}

resource tableService 'Microsoft.Storage/storageAccounts/tableServices@2025-01-01' = {
  parent: account
  name: 'default'
}

resource appTables 'Microsoft.Storage/storageAccounts/tableServices/tables@2025-01-01' = [
  for table in tables: {
    parent: tableService
    name: table
  }
]

resource queueService 'Microsoft.Storage/storageAccounts/queueServices@2025-01-01' = {
  parent: account
  name: 'default'
}

resource appQueues 'Microsoft.Storage/storageAccounts/queueServices/queues@2025-01-01' = [
  for queue in queues: {
    parent: queueService
    name: queue
  }
]

// The topic only; its subscription to the AnalyzeArticle webhook needs the function's blobs_extension key, which
// exists after the code is deployed (infra/eventgrid.bicep, run by the azd postdeploy hook).
resource systemTopic 'Microsoft.EventGrid/systemTopics@2025-02-15' = {
  name: systemTopicName
  location: location
  tags: tags
  // Shared keys are off on the account, so dead-lettering writes blobs with this identity.
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: { '${identityId}': {} }
  }
  properties: {
    source: account.id
    topicType: 'Microsoft.Storage.StorageAccounts'
  }
}

output name string = account.name
output deploymentContainerName string = deploymentContainer.name
output systemTopicName string = systemTopic.name
output deadLetterContainerName string = deadLetterContainer.name
