// Azure AI Language (kind TextAnalytics). Keys are disabled, so the app must call it with an Entra token, and Entra
// tokens only work on a custom subdomain endpoint (https://<subdomain>.cognitiveservices.azure.com).

param name string
param location string
param tags object

@allowed(['F0', 'S'])
param sku string

resource account 'Microsoft.CognitiveServices/accounts@2025-06-01' = {
  name: name
  location: location
  tags: tags
  kind: 'TextAnalytics'
  sku: { name: sku }
  properties: {
    customSubDomainName: name
    disableLocalAuth: true
    publicNetworkAccess: 'Enabled'
  }
}

output name string = account.name
output endpoint string = account.properties.endpoint
