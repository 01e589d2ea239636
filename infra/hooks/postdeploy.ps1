# azd postdeploy hook for Windows (pwsh): the same steps as infra/hooks/postdeploy.sh. Subscribes the AnalyzeArticle
# function's Event Grid blob trigger once the deployed app has its blobs_extension system key.
$ErrorActionPreference = 'Stop'
Set-Location (Join-Path $PSScriptRoot '../..')

foreach ($name in 'AZURE_SUBSCRIPTION_ID', 'AZURE_FUNCTION_APP_NAME', 'RESOURCE_GROUP', 'STORAGE_SYSTEM_TOPIC_NAME', 'AZURE_MANAGED_IDENTITY_NAME') {
    if (-not [Environment]::GetEnvironmentVariable($name)) { throw "postdeploy: set $name (main.bicep output)" }
}
if (-not (Get-Command az -ErrorAction SilentlyContinue)) { throw 'postdeploy: the Azure CLI (az) is required' }

$attempts = if ($env:POSTDEPLOY_KEY_ATTEMPTS) { [int]$env:POSTDEPLOY_KEY_ATTEMPTS } else { 12 }
$waitSeconds = if ($env:POSTDEPLOY_KEY_WAIT_SECONDS) { [int]$env:POSTDEPLOY_KEY_WAIT_SECONDS } else { 10 }
$permanent = 'az login|AuthorizationFailed|SubscriptionNotFound|ResourceGroupNotFound|ResourceNotFound|could not be found|InvalidSubscriptionId'

$key = ''
$lastError = ''
for ($attempt = 1; $attempt -le $attempts; $attempt++) {
    # Listing the host keys also wakes a scaled-to-zero Flex Consumption app, which then indexes its functions.
    $output = az functionapp keys list --subscription $env:AZURE_SUBSCRIPTION_ID --name $env:AZURE_FUNCTION_APP_NAME `
        --resource-group $env:RESOURCE_GROUP --query 'systemKeys.blobs_extension' --output tsv 2>&1
    if ($LASTEXITCODE -eq 0) {
        $key = "$output".Trim()
        if ($key) { break }
        Write-Host "postdeploy: the app has no blobs_extension key yet ($attempt/$attempts)"
    }
    else {
        $lastError = "$output"
        if ($lastError -match $permanent) { throw "postdeploy: az functionapp keys list failed: $lastError" }
        Write-Warning "postdeploy: az functionapp keys list failed ($attempt/$attempts): $lastError"
    }
    Start-Sleep -Seconds $waitSeconds
}
if (-not $key) {
    throw "postdeploy: no blobs_extension key on $($env:AZURE_FUNCTION_APP_NAME) after $attempts attempts; is the code deployed and the app running? Re-run with 'azd hooks run postdeploy'. $lastError"
}

# The key goes in a private parameters file, not on the command line (visible to other processes) nor in a log.
$params = New-TemporaryFile
try {
    @{
        '$schema'      = 'https://schema.management.azure.com/schemas/2019-04-01/deploymentParameters.json#'
        contentVersion = '1.0.0.0'
        parameters     = @{
            functionAppName   = @{ value = $env:AZURE_FUNCTION_APP_NAME }
            systemTopicName   = @{ value = $env:STORAGE_SYSTEM_TOPIC_NAME }
            identityName      = @{ value = $env:AZURE_MANAGED_IDENTITY_NAME }
            blobsExtensionKey = @{ value = $key }
        }
    } | ConvertTo-Json -Depth 5 | Set-Content -Path $params -Encoding utf8
    az deployment group create --subscription $env:AZURE_SUBSCRIPTION_ID --name 'newsmonitor-eventgrid' `
        --resource-group $env:RESOURCE_GROUP --template-file infra/eventgrid.bicep --parameters "@$params" --output none
    if ($LASTEXITCODE -ne 0) { throw 'postdeploy: az deployment group create failed (its error is above)' }
}
finally {
    Remove-Item $params -ErrorAction SilentlyContinue
}

Write-Host "postdeploy: Event Grid subscription 'analyze-article' delivers BlobCreated (articles/) to the AnalyzeArticle function"
