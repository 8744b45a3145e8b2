#!/usr/bin/env bash
# The whole test suite from a fresh machine: installs the test peers, builds, runs every test project and
# ends with one line "N passed, N failed" counted from the test results (so a run that ran nothing shows).
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

bash tools/install-deps.sh || { echo "installing the test peers failed"; exit 1; }

results="$root/artifacts/test-results"
rm -rf "$results"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet build Tool.sln -c Release -nologo -clp:ErrorsOnly || { echo "0 passed, 1 failed"; exit 1; }

status=0
dotnet test Tool.sln -c Release --no-build --nologo --logger "trx" --logger "console;verbosity=minimal" \
  --results-directory "$results" "$@" || status=$?

node tools/count-trx.mjs "$results" || status=1
exit $status
