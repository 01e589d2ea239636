// Key Vault (RBAC authorization, no access policies) holding the only two secrets the app has: the token signing key
// and, with the SMTP transport, the SMTP password. The app reads them through Key Vault references resolved with its
// user-assigned identity, so neither value ever appears in app settings or deployment outputs.

param name string
param location string
param tags object

param tokenSigningKeySecretName string

@secure()
param subscriptionsTokenSigningKey string

param smtpPasswordSecretName string

@secure()
param smtpPassword string

@description('Store smtpPassword (emailTransport = smtp).')
param storeSmtpPassword bool

resource vault 'Microsoft.KeyVault/vaults@2026-05-15' = {
  name: name
  location: location
  tags: tags
  properties: {
    tenantId: tenant().tenantId
    sku: { family: 'A', name: 'standard' }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 7
    publicNetworkAccess: 'Enabled'
  }
}

resource tokenSigningKey 'Microsoft.KeyVault/vaults/secrets@2026-05-15' = {
  parent: vault
  name: tokenSigningKeySecretName
  properties: {
    value: subscriptionsTokenSigningKey
    contentType: 'text/plain'
  }
}

resource smtpPasswordSecret 'Microsoft.KeyVault/vaults/secrets@2026-05-15' = if (storeSmtpPassword) {
  parent: vault
  name: smtpPasswordSecretName
  properties: {
    value: smtpPassword
    contentType: 'text/plain'
  }
}

output name string = vault.name
