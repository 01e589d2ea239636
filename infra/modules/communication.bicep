// Azure Communication Services with an Email Communication Service and its Azure-managed domain
// (<guid>.azurecomm.net, verified by Azure; no DNS work). The app sends through the REST API with its identity.

param communicationServiceName string
param emailServiceName string
param dataLocation string
param tags object

resource emailService 'Microsoft.Communication/emailServices@2025-05-01' = {
  name: emailServiceName
  location: 'global'
  tags: tags
  properties: {
    dataLocation: dataLocation
  }
}

resource managedDomain 'Microsoft.Communication/emailServices/domains@2025-05-01' = {
  parent: emailService
  name: 'AzureManagedDomain'
  location: 'global'
  tags: tags
  properties: {
    domainManagement: 'AzureManaged'
    userEngagementTracking: 'Disabled'
  }
}

resource communicationService 'Microsoft.Communication/communicationServices@2025-05-01' = {
  name: communicationServiceName
  location: 'global'
  tags: tags
  properties: {
    dataLocation: dataLocation
    // No access keys: the app authenticates with its managed identity.
    disableLocalAuth: true
    linkedDomains: [managedDomain.id]
  }
}

output communicationServiceName string = communicationService.name
output hostName string = communicationService.properties.hostName
output mailFromSenderDomain string = managedDomain.properties.mailFromSenderDomain
