#!/usr/bin/env bash
# The long integrity trials of issue 15 (fault rates, lying listings, kill -9, secret scans, concurrent writers) against
# Azurite and the Files emulator, through the built tool. Usage: bash tools/trials.sh [RUNS]  (seeds per trial, default 3)
# Writes the results table into tests/TRIALS.md; exits 1 when a trial found a defect.
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-3}"
[ -x tools/node/node_modules/.bin/azurite-blob ] || bash tools/install-deps.sh
dotnet build src/AzSync -c Release -nologo -clp:ErrorsOnly
dotnet build tests/AzSync.Trials -c Release -nologo -clp:ErrorsOnly
results="$(mktemp)"
status=0
dotnet tests/AzSync.Trials/bin/Release/net10.0/AzSync.Trials.dll "$runs" "$results" || status=$?
# Keep the hand-written part of tests/TRIALS.md (above the marker) and replace the last results below it.
marker='<!-- results: written by tools/trials.sh -->'
{ awk -v m="$marker" '{ print } $0 == m { exit }' tests/TRIALS.md; cat "$results"; } > tests/TRIALS.md.new
mv tests/TRIALS.md.new tests/TRIALS.md
rm -f "$results"
exit "$status"
