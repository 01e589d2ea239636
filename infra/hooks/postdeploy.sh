#!/bin/sh
# azd postdeploy hook (also runnable by hand after a code deploy): subscribes the AnalyzeArticle function's Event Grid
# blob trigger to BlobCreated events of the articles container by deploying infra/eventgrid.bicep with the app's
# blobs_extension system key. The key exists only once the deployed code's blob trigger has started, so this waits
# for it. Idempotent: re-running updates the same subscription. infra/hooks/postdeploy.ps1 is the same for Windows.
#
# Reads AZURE_SUBSCRIPTION_ID, AZURE_FUNCTION_APP_NAME, RESOURCE_GROUP, STORAGE_SYSTEM_TOPIC_NAME and
# AZURE_MANAGED_IDENTITY_NAME (azd exports the main.bicep outputs). Every az call names the subscription: the one
# `az account show` has selected may not be the one azd deployed to.
set -eu
cd "$(dirname "$0")/../.."

: "${AZURE_SUBSCRIPTION_ID:?set AZURE_SUBSCRIPTION_ID (main.bicep output)}"
: "${AZURE_FUNCTION_APP_NAME:?set AZURE_FUNCTION_APP_NAME (main.bicep output)}"
: "${RESOURCE_GROUP:?set RESOURCE_GROUP (main.bicep output)}"
: "${STORAGE_SYSTEM_TOPIC_NAME:?set STORAGE_SYSTEM_TOPIC_NAME (main.bicep output)}"
: "${AZURE_MANAGED_IDENTITY_NAME:?set AZURE_MANAGED_IDENTITY_NAME (main.bicep output)}"
attempts=${POSTDEPLOY_KEY_ATTEMPTS:-12}
wait_seconds=${POSTDEPLOY_KEY_WAIT_SECONDS:-10}

command -v az >/dev/null || { echo "postdeploy: the Azure CLI (az) is required" >&2; exit 1; }

errors=$(mktemp)
params=$(mktemp)
trap 'rm -f "$errors" "$params"' EXIT

key=""
attempt=0
while [ "$attempt" -lt "$attempts" ]; do
  attempt=$((attempt + 1))
  # Listing the host keys also wakes a scaled-to-zero Flex Consumption app, which then indexes its functions.
  if key=$(az functionapp keys list --subscription "$AZURE_SUBSCRIPTION_ID" --name "$AZURE_FUNCTION_APP_NAME" \
    --resource-group "$RESOURCE_GROUP" --query "systemKeys.blobs_extension" --output tsv 2>"$errors"); then
    if [ -n "$key" ]; then
      break
    fi
    echo "postdeploy: the app has no blobs_extension key yet ($attempt/$attempts)"
  else
    # Sign-in, subscription, permission and missing-resource errors do not heal by waiting: report them now.
    if grep -qiE "az login|AuthorizationFailed|SubscriptionNotFound|ResourceGroupNotFound|ResourceNotFound|could not be found|InvalidSubscriptionId" "$errors"; then
      echo "postdeploy: az functionapp keys list failed:" >&2
      cat "$errors" >&2
      exit 1
    fi
    echo "postdeploy: az functionapp keys list failed ($attempt/$attempts): $(tr '\n' ' ' <"$errors")" >&2
  fi
  key=""
  sleep "$wait_seconds"
done
if [ -z "$key" ]; then
  echo "postdeploy: no blobs_extension key on $AZURE_FUNCTION_APP_NAME after $attempts attempts; is the code deployed and the app running? Re-run with 'azd hooks run postdeploy'." >&2
  if [ -s "$errors" ]; then
    echo "postdeploy: last error:" >&2
    cat "$errors" >&2
  fi
  exit 1
fi

# The key goes in a private parameters file, not on the command line (visible to other processes) nor in a log.
chmod 600 "$params"
printf '{"$schema":"https://schema.management.azure.com/schemas/2019-04-01/deploymentParameters.json#","contentVersion":"1.0.0.0","parameters":{"functionAppName":{"value":"%s"},"systemTopicName":{"value":"%s"},"identityName":{"value":"%s"},"blobsExtensionKey":{"value":"%s"}}}' \
  "$AZURE_FUNCTION_APP_NAME" "$STORAGE_SYSTEM_TOPIC_NAME" "$AZURE_MANAGED_IDENTITY_NAME" "$key" >"$params"

# No 2>/dev/null: az's own error message is the one the user needs.
az deployment group create \
  --subscription "$AZURE_SUBSCRIPTION_ID" \
  --name "newsmonitor-eventgrid" \
  --resource-group "$RESOURCE_GROUP" \
  --template-file infra/eventgrid.bicep \
  --parameters "@$params" \
  --output none

echo "postdeploy: Event Grid subscription 'analyze-article' delivers BlobCreated (articles/) to the AnalyzeArticle function"
