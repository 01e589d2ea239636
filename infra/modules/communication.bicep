// Azure Communication Services with an Email Communication Service and its Azure-managed domain
// (<guid>.azurecomm.net, verified by Azure; no DNS work). The app sends through the REST API with its identity.

param communicationServiceName string
param emailServiceName string
param dataLocation string
param tags object

@description('A customer-managed domain to create beside the Azure-managed one; empty: none.')
param customDomainName string = ''

@description('Link and send from the custom domain (it must be verified first: add the DNS records it outputs).')
param linkCustomDomain bool = false

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

// Customer-managed: Azure verifies ownership from DNS records (Domain TXT, SPF, DKIM, DKIM2) the owner adds, and
// links only a verified domain, so creating it and sending from it are two deployments.
resource customDomain 'Microsoft.Communication/emailServices/domains@2025-05-01' = if (!empty(customDomainName)) {
  parent: emailService
  name: empty(customDomainName) ? 'none' : customDomainName
  location: 'global'
  tags: tags
  properties: {
    domainManagement: 'CustomerManaged'
    userEngagementTracking: 'Disabled'
  }
}

var sendsFromCustomDomain = !empty(customDomainName) && linkCustomDomain

resource communicationService 'Microsoft.Communication/communicationServices@2025-05-01' = {
  name: communicationServiceName
  location: 'global'
  tags: tags
  properties: {
    dataLocation: dataLocation
    // No access keys: the app authenticates with its managed identity.
    disableLocalAuth: true
    linkedDomains: sendsFromCustomDomain ? [customDomain.id] : [managedDomain.id]
  }
}

output communicationServiceName string = communicationService.name
output hostName string = communicationService.properties.hostName
output mailFromSenderDomain string = sendsFromCustomDomain
  ? customDomain!.properties.mailFromSenderDomain
  : managedDomain.properties.mailFromSenderDomain
output customDomainVerificationRecords object = empty(customDomainName) ? {} : customDomain!.properties.verificationRecords
