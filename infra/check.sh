#!/usr/bin/env bash
# Compiles and lints every Bicep template with the Bicep CLI restored by NuGet (Azure.Bicep.CommandLine.linux-x64,
# referenced by tests/NewsMonitor.Tests.csproj) and fails on any error or warning. The CLI exits 0 on warnings, so
# its diagnostics are counted here. Run after `dotnet restore` (CI runs it after the build).
set -euo pipefail
cd "$(dirname "$0")/.."

package=azure.bicep.commandline.linux-x64
version=$(sed -n 's/.*PackageVersion Include="Azure.Bicep.CommandLine.linux-x64" Version="\([^"]*\)".*/\1/p' Directory.Packages.props)
if [ -z "$version" ]; then
  echo "check.sh: no Azure.Bicep.CommandLine.linux-x64 version in Directory.Packages.props" >&2
  exit 1
fi

packages=${NUGET_PACKAGES:-$(dotnet nuget locals global-packages --list | sed -n 's/^global-packages: *//p')}
bicep="${packages%/}/$package/$version/tools/bicep"
if [ ! -f "$bicep" ]; then
  echo "check.sh: $bicep not found; run 'dotnet restore NewsMonitor.sln' first" >&2
  exit 1
fi
# NuGet extracts files without their execute bit on some systems.
[ -x "$bicep" ] || chmod +x "$bicep"
echo "bicep: $("$bicep" --version)"

out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

status=0
for template in infra/*.bicep; do
  log="$out/$(basename "$template").log"
  set +e
  "$bicep" build "$template" --outdir "$out" >"$log" 2>&1
  build_rc=$?
  "$bicep" lint "$template" >>"$log" 2>&1
  lint_rc=$?
  set -e
  # Diagnostics look like "path(line,col) : Warning rule: message"; modules are reported through their parent.
  problems=$(grep -cE ' : (Error|Warning) ' "$log" || true)
  if [ "$build_rc" -ne 0 ] || [ "$lint_rc" -ne 0 ] || [ "$problems" -ne 0 ]; then
    echo "FAIL $template (build exit $build_rc, lint exit $lint_rc, $problems diagnostics)"
    sort -u "$log"
    status=1
  else
    echo "ok   $template"
  fi
done

exit "$status"
