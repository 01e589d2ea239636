# azd preprovision hook for Windows (pwsh): the same warning as infra/hooks/preprovision.sh. The Azure AI Language
# account cannot be created on a subscription that has never accepted the Responsible AI terms
# (ResourceKindRequireAcceptTerms); no template can accept them. Warns only; never fails.
$deployLanguage = if ($env:NEWSMONITOR_DEPLOY_LANGUAGE) { $env:NEWSMONITOR_DEPLOY_LANGUAGE.ToLowerInvariant() } else { 'true' }
if ($deployLanguage -eq 'false') {
    Write-Host 'preprovision: NEWSMONITOR_DEPLOY_LANGUAGE=false: no Language account; the app analyzes with the local analyzer.'
    exit 0
}

Write-Warning @'
preprovision: this deployment creates an Azure AI Language account (kind TextAnalytics).
  A subscription must accept the Responsible AI terms once before ARM can create one. If provisioning fails with
  ResourceKindRequireAcceptTerms, either
    - create one Language resource in the Azure portal in this subscription (the portal asks you to accept the
      terms), delete it if you like, and run 'azd provision' again; or
    - run 'azd env set NEWSMONITOR_DEPLOY_LANGUAGE false' and 'azd provision': no Language account, the app runs
      its local analyzer (Analysis__Analyzer=local).
'@
exit 0
