#!/usr/bin/env bash
# Blob benchmark: azsync, azcopy and rclone side by side against one Azurite, each through a counting proxy
# (requests and bytes sent are measured the same way for all three). Scenarios: see scenarios() in lib.sh.
# Usage: bash bench/azure.sh [REPEATS=3] [SCALE=1]   (TOOLS="azsync rclone" limits it; results: bench/work/azure-results.md)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$root/bench/lib.sh"
prepare "${1:-3}" "${2:-1}"
serve "$root/tools/node/node_modules/.bin/azurite-blob" --blobHost 127.0.0.1 --blobPort "$port" --location "$work/azurite" \
  --disableTelemetry --silent

reset_target() { # tool: an empty container per tool
  node -e "
    const { BlobServiceClient } = require('$root/tools/node/node_modules/@azure/storage-blob');
    const c = BlobServiceClient.fromConnectionString('DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=$dev_key;BlobEndpoint=http://127.0.0.1:$port/devstoreaccount1;').getContainerClient('c-$1');
    c.deleteIfExists().then(() => new Promise(r => setTimeout(r, 300))).then(() => c.create());"
}

tool_command() { # tool
  local container="c-$1" url sas
  sas="$(node "$root/bench/make-sas.mjs" blob "$container")"
  url="http://127.0.0.1:$proxy/devstoreaccount1/$container"
  case "$1" in
    azsync) echo "dotnet '$azsync_dll' sync '$src' '$url?$sas' --destination-type blob --quiet" ;;
    azcopy) echo "'$azcopy' sync '$src' '$url?$sas' --compare-hash=MD5 --put-md5 --from-to LocalBlob --recursive --delete-destination=false" ;;
    rclone) echo "RCLONE_CONFIG_AZ_TYPE=azureblob RCLONE_CONFIG_AZ_SAS_URL='$url?$sas' rclone sync --checksum '$src' 'az:$container'" ;;
  esac
}

results="$work/azure-results.md"
table_header "Blob benchmark on Azurite 3.35.0"
tools="${TOOLS:-azsync azcopy rclone}"
for tool in $tools; do scenarios "$tool"; done

# The floor under every no-change re-sync: Azurite answering one List Blobs for the whole tree with nobody else on
# the CPU (straight to Azurite, not through the proxy; median of 5). No tool can re-sync faster on this bench.
list_url="http://127.0.0.1:$port/devstoreaccount1/c-${tools%% *}?restype=container&comp=list&maxresults=5000&$(node "$root/bench/make-sas.mjs" blob "c-${tools%% *}")"
for _ in 1 2 3 4 5; do
  node --input-type=module -e "const t = performance.now();
    const r = await fetch(process.argv[1], { headers: { 'x-ms-version': '2025-11-05' } }); await r.arrayBuffer();
    console.log((performance.now() - t) / 1000);" "$list_url"
done | median | xargs printf '\nOne List Blobs of the whole tree, Azurite alone (median of 5): %.2f s\n' >> "$results"
cat "$results"
