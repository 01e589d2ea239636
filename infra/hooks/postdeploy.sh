#!/bin/sh
# azd postdeploy hook (also runnable by hand after a code deploy): subscribes the AnalyzeArticle function's Event Grid
# blob trigger to BlobCreated events of the articles container by deploying infra/eventgrid.bicep with the app's
# blobs_extension system key. The key exists only once the deployed code's blob trigger has started, so this waits
# for it. Idempotent: re-running updates the same subscription.
#
# Reads AZURE_FUNCTION_APP_NAME, RESOURCE_GROUP and STORAGE_SYSTEM_TOPIC_NAME (azd exports the main.bicep outputs).
set -eu
cd "$(dirname "$0")/../.."

: "${AZURE_FUNCTION_APP_NAME:?set AZURE_FUNCTION_APP_NAME (main.bicep output)}"
: "${RESOURCE_GROUP:?set RESOURCE_GROUP (main.bicep output)}"
: "${STORAGE_SYSTEM_TOPIC_NAME:?set STORAGE_SYSTEM_TOPIC_NAME (main.bicep output)}"
attempts=${POSTDEPLOY_KEY_ATTEMPTS:-30}
wait_seconds=${POSTDEPLOY_KEY_WAIT_SECONDS:-10}

command -v az >/dev/null || { echo "postdeploy: the Azure CLI (az) is required" >&2; exit 1; }

key=""
attempt=0
while [ "$attempt" -lt "$attempts" ]; do
  attempt=$((attempt + 1))
  # Listing the host keys also wakes a scaled-to-zero Flex Consumption app, which then indexes its functions.
  key=$(az functionapp keys list --name "$AZURE_FUNCTION_APP_NAME" --resource-group "$RESOURCE_GROUP" \
    --query "systemKeys.blobs_extension" --output tsv 2>/dev/null || true)
  if [ -n "$key" ]; then
    break
  fi
  echo "postdeploy: waiting for the blobs_extension key ($attempt/$attempts)"
  sleep "$wait_seconds"
done
if [ -z "$key" ]; then
  echo "postdeploy: no blobs_extension key on $AZURE_FUNCTION_APP_NAME; is the code deployed and the app running?" >&2
  exit 1
fi

# The key goes in a private parameters file, not on the command line (visible to other processes) nor in a log.
params=$(mktemp)
trap 'rm -f "$params"' EXIT
chmod 600 "$params"
printf '{"$schema":"https://schema.management.azure.com/schemas/2019-04-01/deploymentParameters.json#","contentVersion":"1.0.0.0","parameters":{"functionAppName":{"value":"%s"},"systemTopicName":{"value":"%s"},"blobsExtensionKey":{"value":"%s"}}}' \
  "$AZURE_FUNCTION_APP_NAME" "$STORAGE_SYSTEM_TOPIC_NAME" "$key" >"$params"

az deployment group create \
  --name "newsmonitor-eventgrid" \
  --resource-group "$RESOURCE_GROUP" \
  --template-file infra/eventgrid.bicep \
  --parameters "@$params" \
  --output none

echo "postdeploy: Event Grid subscription 'analyze-article' delivers BlobCreated (articles/) to AnalyzeArticleFunction"
