// Second step, after the code is deployed: subscribe the AnalyzeArticle blob trigger (Event Grid source) to
// BlobCreated events of the articles container. The webhook needs the app's blobs_extension system key, which the
// Functions host creates only once the deployed code's blob trigger has started; infra/hooks/postdeploy.sh fetches it
// and runs this template (azd postdeploy hook), or run it yourself after `func azure functionapp publish`.

@description('Name of the function app (output AZURE_FUNCTION_APP_NAME).')
param functionAppName string

@description('Name of the storage account\'s Event Grid system topic (output STORAGE_SYSTEM_TOPIC_NAME).')
param systemTopicName string

@secure()
@description('The app\'s blobs_extension system key (az functionapp keys list --query systemKeys.blobs_extension).')
param blobsExtensionKey string

@description('Name of the user-assigned identity the system topic dead-letters with (output AZURE_MANAGED_IDENTITY_NAME).')
param identityName string

@description('Container for events that could not be delivered (output EVENTGRID_DEADLETTER_CONTAINER).')
param deadLetterContainerName string = 'eventgrid-deadletter'

@description('Function name of the blob trigger: [Function(nameof(AnalyzeArticle))] in functions/Analysis/AnalyzeArticleFunction.cs.')
param functionName string = 'AnalyzeArticle'

@description('Container whose new blobs trigger the function (StorageNames.ArticlesContainer).')
param containerName string = 'articles'

resource site 'Microsoft.Web/sites@2025-03-01' existing = {
  name: functionAppName
}

resource systemTopic 'Microsoft.EventGrid/systemTopics@2025-02-15' existing = {
  name: systemTopicName
}

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2024-11-30' existing = {
  name: identityName
}

resource subscription 'Microsoft.EventGrid/systemTopics/eventSubscriptions@2025-02-15' = {
  parent: systemTopic
  name: 'analyze-article'
  properties: {
    destination: {
      endpointType: 'WebHook'
      properties: {
        endpointUrl: 'https://${site.properties.defaultHostName}/runtime/webhooks/blobs?functionName=Host.Functions.${functionName}&code=${blobsExtensionKey}'
        maxEventsPerBatch: 1
        preferredBatchSizeInKilobytes: 64
      }
    }
    filter: {
      includedEventTypes: ['Microsoft.Storage.BlobCreated']
      subjectBeginsWith: '/blobServices/default/containers/${containerName}/'
    }
    eventDeliverySchema: 'EventGridSchema'
    retryPolicy: {
      maxDeliveryAttempts: 30
      eventTimeToLiveInMinutes: 1440
    }
    // After the retries (or the TTL) an event is written here rather than dropped: the article stays findable.
    deadLetterWithResourceIdentity: {
      identity: {
        type: 'UserAssigned'
        userAssignedIdentity: identity.id
      }
      deadLetterDestination: {
        endpointType: 'StorageBlob'
        properties: {
          resourceId: systemTopic.properties.source
          blobContainerName: deadLetterContainerName
        }
      }
    }
  }
}

output EVENT_SUBSCRIPTION_NAME string = subscription.name
