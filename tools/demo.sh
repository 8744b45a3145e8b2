#!/usr/bin/env bash
# The main job on the embedded default: no Azure account needed. Builds azsync, syncs the example site to a
# local folder (out/site), then syncs again to show that an unchanged tree transfers nothing — even after
# every source file's modification time changed, as on a fresh CI checkout.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet build src/AzSync -c Release -nologo -clp:ErrorsOnly >/dev/null
azsync() { dotnet "$root/src/AzSync/bin/Release/net10.0/azsync.dll" "$@"; }

rm -rf out/site
echo "== first sync: everything is new"
azsync sync --manifest examples/site/azsync.yaml
echo "== touch every source file, then sync again: nothing to send"
find examples/site/public -type f -exec touch {} +
azsync sync --manifest examples/site/azsync.yaml
echo "== the plan says why"
azsync plan --manifest examples/site/azsync.yaml --detailed-exitcode && echo "(exit 0: no changes)"
