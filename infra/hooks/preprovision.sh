#!/bin/sh
# azd preprovision hook: says what can stop the provisioning before it starts. The Azure AI Language account
# (deployLanguage, default true) cannot be created on a subscription that has never accepted the Responsible AI
# terms: ARM fails it with ResourceKindRequireAcceptTerms and no template can accept them. Warns only; never fails.
# infra/hooks/preprovision.ps1 is the same for Windows.
set -eu

deploy_language=$(printf '%s' "${NEWSMONITOR_DEPLOY_LANGUAGE:-true}" | tr '[:upper:]' '[:lower:]')
if [ "$deploy_language" = "false" ]; then
  echo "preprovision: NEWSMONITOR_DEPLOY_LANGUAGE=false: no Language account; the app analyzes with the local analyzer."
  exit 0
fi

cat >&2 <<'MSG'
preprovision: WARNING: this deployment creates an Azure AI Language account (kind TextAnalytics).
  A subscription must accept the Responsible AI terms once before ARM can create one. If provisioning fails with
  ResourceKindRequireAcceptTerms, either
    - create one Language resource in the Azure portal in this subscription (the portal asks you to accept the
      terms), delete it if you like, and run 'azd provision' again; or
    - run 'azd env set NEWSMONITOR_DEPLOY_LANGUAGE false' and 'azd provision': no Language account, the app runs
      its local analyzer (Analysis__Analyzer=local).
MSG
