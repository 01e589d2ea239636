targetScope = 'subscription'

metadata description = 'NewsMonitor: Functions app (Flex Consumption) with storage, Azure AI Language, Communication Services email, Key Vault and Application Insights. Every connection is identity-based.'

@minLength(1)
@maxLength(64)
@description('Name of the azd environment; names the resource group (rg-<name>) and seeds the unique resource token.')
param environmentName string

// Flex Consumption exists in these regions only (the list the Azure-Samples Flex Consumption azd templates allow,
// without the eastus2euap canary); elsewhere the plan is rejected after the other resources were created.
@minLength(1)
@description('Primary location of every regional resource. Restricted to regions with Flex Consumption.')
@allowed([
  'australiaeast'
  'centralindia'
  'centralus'
  'eastasia'
  'eastus'
  'eastus2'
  'francecentral'
  'germanywestcentral'
  'northcentralus'
  'northeurope'
  'southcentralus'
  'southeastasia'
  'swedencentral'
  'uksouth'
  'westcentralus'
  'westeurope'
  'westus2'
])
@metadata({ azd: { type: 'location' } })
param location string

@description('Object id of the deploying user or service principal: gets data-plane roles for local debugging. Leave empty to grant none.')
param principalId string = ''

@description('Type of principalId.')
@allowed(['User', 'ServicePrincipal', 'Group'])
param principalType string = 'User'

@description('Global watch list, \';\'-separated (Analysis__Keywords).')
param keywords string = 'Taliban;Afghanistan'

@description('Six-field NCRONTAB schedule (UTC) of the FetchFeeds timer (FetchSchedule).')
param fetchSchedule string = '0 */5 * * * *'

@description('Six-field NCRONTAB schedule (UTC) of the SendDigests timer, the daily digest (DigestSchedule).')
param digestSchedule string = '0 0 7 * * *'

@description('Sender mailbox name on the Azure-managed email domain. Azure-managed domains only send as DoNotReply; another name needs a custom domain.')
param senderUserName string = 'DoNotReply'

@description('Where alert emails go out: Azure Communication Services over REST with the managed identity (acs), or any SMTP server (smtp).')
@allowed(['acs', 'smtp'])
param emailTransport string = 'acs'

@description('SMTP host (emailTransport = smtp). Default: the Communication Services SMTP relay, which takes an Entra application\'s credentials.')
param smtpHost string = 'smtp.azurecomm.net'

@description('SMTP port (emailTransport = smtp); 587 uses STARTTLS.')
@minValue(1)
@maxValue(65535)
param smtpPort int = 587

@description('SMTP user name (emailTransport = smtp).')
param smtpUserName string = ''

@description('From address with the SMTP transport. Empty: the Communication Services sender (right for smtp.azurecomm.net).')
param smtpSender string = ''

@secure()
@description('SMTP password (emailTransport = smtp). Stored as a Key Vault secret; the app reads it through a Key Vault reference.')
param smtpPassword string = ''

@secure()
@minLength(32)
@description('Key that signs confirm/unsubscribe tokens. Stored as a Key Vault secret. Keep it stable across deployments: a new key invalidates every link already emailed. azd generates one on first provision and keeps it.')
@metadata({ azd: { type: 'generate', config: { length: 48, noSpecial: true } } })
param subscriptionsTokenSigningKey string

@description('Memory of each Flex Consumption instance, in MB.')
@allowed([512, 2048, 4096])
param instanceMemoryMB int = 2048

@description('Most instances the Flex Consumption app scales out to.')
@minValue(1)
@maxValue(1000)
param maximumInstanceCount int = 100

@description('Create the Azure AI Language account and analyze with it (Analysis__Analyzer=azure). false: no Language account, the app runs the local analyzer. Creating the account fails with ResourceKindRequireAcceptTerms on a subscription that never accepted the Responsible AI terms.')
param deployLanguage bool = true

@description('Pricing tier of the Azure AI Language account (F0 is free with a monthly quota; S is pay-as-you-go).')
@allowed(['F0', 'S'])
param languageSku string = 'S'

@description('Where Communication Services and Email store data at rest.')
param emailDataLocation string = 'United States'

@description('A domain you own to send from (e.g. news.example.org), created as a customer-managed Email domain. Empty: only the Azure-managed domain (a sandbox for trials: a few emails a minute and ten an hour).')
param customEmailDomain string = ''

@description('Send from customEmailDomain. Set it once the domain\'s DNS records (output EMAIL_DOMAIN_VERIFICATION_RECORDS) are verified: Communication Services links verified domains only.')
param useCustomEmailDomain bool = false

@description('Emails per minute the app sends at most (Email__MaxPerMinute); 0 takes the Communication Services default of the domain in use (Azure-managed 5, custom 30).')
@minValue(0)
param emailsPerMinute int = 0

@description('Emails per hour the app sends at most (Email__MaxPerHour); 0 takes the Communication Services default of the domain in use (Azure-managed 10, custom 100).')
@minValue(0)
param emailsPerHour int = 0

var abbrs = loadJsonContent('abbreviations.json')
var resourceToken = toLower(uniqueString(subscription().id, environmentName, location))
var tags = { 'azd-env-name': environmentName }

// Every name is derived from the token up front, so modules take names (known before deployment) rather than other
// modules' outputs, and what-if can predict every resource.
var names = {
  resourceGroup: '${abbrs.resourcesResourceGroups}${environmentName}'
  identity: '${abbrs.managedIdentityUserAssignedIdentities}${resourceToken}'
  storage: '${abbrs.storageStorageAccounts}${resourceToken}'
  systemTopic: '${abbrs.eventGridSystemTopics}${resourceToken}'
  logAnalytics: '${abbrs.operationalInsightsWorkspaces}${resourceToken}'
  applicationInsights: '${abbrs.insightsComponents}${resourceToken}'
  language: '${abbrs.cognitiveServicesTextAnalytics}${resourceToken}'
  communicationService: '${abbrs.communicationCommunicationServices}${resourceToken}'
  emailService: '${abbrs.communicationEmailServices}${resourceToken}'
  keyVault: '${abbrs.keyVaultVaults}${resourceToken}'
  plan: '${abbrs.webServerFarms}${resourceToken}'
  functionApp: '${abbrs.webSitesFunctions}${resourceToken}'
}

var secretNames = {
  tokenSigningKey: 'subscriptions-token-signing-key'
  smtpPassword: 'email-smtp-password'
}

resource rg 'Microsoft.Resources/resourceGroups@2025-04-01' = {
  name: names.resourceGroup
  location: location
  tags: tags
}

module identity 'modules/identity.bicep' = {
  name: 'identity'
  scope: rg
  params: {
    name: names.identity
    location: location
    tags: tags
  }
}

module storage 'modules/storage.bicep' = {
  name: 'storage'
  scope: rg
  params: {
    name: names.storage
    location: location
    tags: tags
    systemTopicName: names.systemTopic
    identityId: identity.outputs.id
  }
}

module monitoring 'modules/monitoring.bicep' = {
  name: 'monitoring'
  scope: rg
  params: {
    logAnalyticsName: names.logAnalytics
    applicationInsightsName: names.applicationInsights
    location: location
    tags: tags
  }
}

module language 'modules/language.bicep' = if (deployLanguage) {
  name: 'language'
  scope: rg
  params: {
    name: names.language
    location: location
    tags: tags
    sku: languageSku
  }
}

module communication 'modules/communication.bicep' = {
  name: 'communication'
  scope: rg
  params: {
    communicationServiceName: names.communicationService
    emailServiceName: names.emailService
    dataLocation: emailDataLocation
    tags: tags
    customDomainName: customEmailDomain
    linkCustomDomain: useCustomEmailDomain
  }
}

module keyVault 'modules/keyvault.bicep' = {
  name: 'keyvault'
  scope: rg
  params: {
    name: names.keyVault
    location: location
    tags: tags
    tokenSigningKeySecretName: secretNames.tokenSigningKey
    subscriptionsTokenSigningKey: subscriptionsTokenSigningKey
    smtpPasswordSecretName: secretNames.smtpPassword
    smtpPassword: smtpPassword
    storeSmtpPassword: emailTransport == 'smtp'
  }
}

module roles 'modules/roles.bicep' = {
  name: 'roles'
  scope: rg
  params: {
    identityName: names.identity
    storageAccountName: names.storage
    applicationInsightsName: names.applicationInsights
    languageAccountName: deployLanguage ? names.language : ''
    communicationServiceName: names.communicationService
    keyVaultName: names.keyVault
    principalId: principalId
    principalType: principalType
  }
  dependsOn: [identity, storage, monitoring, language, communication, keyVault]
}

var acsEmailSender = '${senderUserName}@${communication.outputs.mailFromSenderDomain}'
var sendsFromCustomDomain = !empty(customEmailDomain) && useCustomEmailDomain
// Communication Services service limits per subscription: Azure-managed domain 5/minute and 10/hour, custom domain
// 30/minute and 100/hour until a support request raises them.
var effectiveEmailsPerMinute = emailsPerMinute > 0 ? emailsPerMinute : (sendsFromCustomDomain ? 30 : 5)
var effectiveEmailsPerHour = emailsPerHour > 0 ? emailsPerHour : (sendsFromCustomDomain ? 100 : 10)

module functionApp 'modules/functionapp.bicep' = {
  name: 'functionapp'
  scope: rg
  params: {
    name: names.functionApp
    planName: names.plan
    location: location
    tags: union(tags, { 'azd-service-name': 'functions' })
    identityName: names.identity
    storageAccountName: names.storage
    deploymentContainerName: storage.outputs.deploymentContainerName
    applicationInsightsName: names.applicationInsights
    keyVaultName: names.keyVault
    tokenSigningKeySecretName: secretNames.tokenSigningKey
    smtpPasswordSecretName: secretNames.smtpPassword
    instanceMemoryMB: instanceMemoryMB
    maximumInstanceCount: maximumInstanceCount
    fetchSchedule: fetchSchedule
    digestSchedule: digestSchedule
    keywords: keywords
    languageEndpoint: deployLanguage ? language!.outputs.endpoint : ''
    emailTransport: emailTransport
    communicationHostName: communication.outputs.hostName
    acsEmailSender: acsEmailSender
    smtpHost: smtpHost
    smtpPort: smtpPort
    smtpUserName: smtpUserName
    smtpEmailSender: empty(smtpSender) ? acsEmailSender : smtpSender
    emailsPerMinute: effectiveEmailsPerMinute
    emailsPerHour: effectiveEmailsPerHour
  }
  // The app resolves its Key Vault references and storage connection as soon as it exists: grant its roles first.
  dependsOn: [roles, keyVault, monitoring]
}

output AZURE_LOCATION string = location
output AZURE_TENANT_ID string = tenant().tenantId
output AZURE_SUBSCRIPTION_ID string = subscription().subscriptionId
output RESOURCE_GROUP string = rg.name
output AZURE_RESOURCE_GROUP string = rg.name
output AZURE_FUNCTION_APP_NAME string = functionApp.outputs.name
output AZURE_FUNCTION_APP_URL string = functionApp.outputs.url
output AZURE_MANAGED_IDENTITY_CLIENT_ID string = identity.outputs.clientId
output AZURE_MANAGED_IDENTITY_NAME string = names.identity
output STORAGE_ACCOUNT_NAME string = storage.outputs.name
output STORAGE_SYSTEM_TOPIC_NAME string = storage.outputs.systemTopicName
output EVENTGRID_DEADLETTER_CONTAINER string = storage.outputs.deadLetterContainerName
output APPLICATION_INSIGHTS_NAME string = monitoring.outputs.applicationInsightsName
output LOG_ANALYTICS_WORKSPACE_NAME string = monitoring.outputs.logAnalyticsName
output LANGUAGE_ENDPOINT string = deployLanguage ? language!.outputs.endpoint : ''
output ANALYZER string = deployLanguage ? 'azure' : 'local'
output COMMUNICATION_SERVICE_NAME string = communication.outputs.communicationServiceName
output EMAIL_SENDER string = emailTransport == 'smtp' && !empty(smtpSender) ? smtpSender : acsEmailSender
output EMAIL_DOMAIN_VERIFICATION_RECORDS object = communication.outputs.customDomainVerificationRecords
output KEY_VAULT_NAME string = keyVault.outputs.name
