#!/usr/bin/env bash
# Azure Files benchmark: azsync and azcopy side by side against our Files emulator (Azure Files has no public
# emulator; ours is proven against the official SDK and azcopy), each through the counting proxy. Debian's
# rclone predates its azurefiles backend, so it is not in this table. Scenarios: see scenarios() in lib.sh.
# Usage: bash bench/files.sh [REPEATS=3] [SCALE=1]   (TOOLS="azsync" limits it; results: bench/work/files-results.md)
# RTT_MS=N makes the emulator hold every answer N ms, as an account in another region would.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$root/bench/lib.sh"
prepare "${1:-3}" "${2:-1}"
dotnet build "$root/tests/AzSync.FilesEmulator" -c Release -nologo -clp:ErrorsOnly >/dev/null
serve dotnet "$root/tests/AzSync.FilesEmulator/bin/Release/net10.0/AzSync.FilesEmulator.dll" --port "$port" --response-delay-ms "${RTT_MS:-0}"

reset_target() { # tool: an empty share per tool
  node -e "
    const { ShareServiceClient } = require('$root/tools/node/node_modules/@azure/storage-file-share');
    const s = ShareServiceClient.fromConnectionString('DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=$dev_key;FileEndpoint=http://127.0.0.1:$port/devstoreaccount1;').getShareClient('s-$1');
    s.deleteIfExists().then(() => s.create());"
}

tool_command() { # tool
  local share="s-$1" url sas
  sas="$(node "$root/bench/make-sas.mjs" file "$share")"
  url="http://127.0.0.1:$proxy/devstoreaccount1/$share"
  case "$1" in
    azsync) echo "dotnet '$azsync_dll' sync '$src' '$url?$sas' --destination-type file --quiet" ;;
    # azcopy cannot tell a path-style loopback URL is Files: the direction is given.
    azcopy) echo "'$azcopy' sync '$src' '$url?$sas' --compare-hash=MD5 --put-md5 --from-to LocalFile --recursive --delete-destination=false" ;;
  esac
}

results="$work/files-results.md"
table_header "Azure Files benchmark on the azsync Files emulator${RTT_MS:+, answers held $RTT_MS ms}"
for tool in ${TOOLS:-azsync azcopy}; do scenarios "$tool"; done
cat "$results"
