#!/usr/bin/env bash
# Blob benchmark: azsync, azcopy and rclone side by side against one Azurite, each through a counting proxy
# (requests and bytes sent are measured the same way for all three). Scenarios: initial upload; re-sync after
# touching every file; 1% of files changed; 64 bytes changed inside a 32 MiB file; one byte inserted at its start.
# Usage: bash bench/azure.sh [REPEATS=3] [SCALE=1]   (results: bench/work/azure-results.md)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
repeats="${1:-3}"; scale="${2:-1}"
work="$root/bench/work"; mkdir -p "$work"
bash "$root/tools/install-deps.sh"
dotnet build "$root/src/AzSync" -c Release -nologo -clp:ErrorsOnly >/dev/null
azsync_dll="$root/src/AzSync/bin/Release/net10.0/azsync.dll"
azcopy="$root/tools/node/node_modules/@azure-tools/azcopy-linux/dist/bin/azcopy_linux_amd64"
export AZCOPY_LOG_LOCATION="$work/azcopy-logs" AZCOPY_JOB_PLAN_LOCATION="$work/azcopy-plans" AZCOPY_DISABLE_SYSLOG=true

src="$work/tree"
[ -d "$src" ] || node "$root/bench/gen-tree.mjs" "$src" "$scale"
big="$(find "$src" -type f -size +30M | sort | head -1)"

port=$((20000 + RANDOM % 20000)); proxy=$((port + 1))
"$root/tools/node/node_modules/.bin/azurite-blob" --blobHost 127.0.0.1 --blobPort "$port" --location "$work/azurite" \
  --disableTelemetry --silent >/dev/null 2>&1 &
azurite_pid=$!
trap 'kill $azurite_pid 2>/dev/null || true' EXIT
for _ in $(seq 50); do (exec 3<>/dev/tcp/127.0.0.1/$port) 2>/dev/null && break; sleep 0.2; done

create_container() {
  node -e "
    const { BlobServiceClient } = require('$root/tools/node/node_modules/@azure/storage-blob');
    const c = BlobServiceClient.fromConnectionString('DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;BlobEndpoint=http://127.0.0.1:$port/devstoreaccount1;').getContainerClient('$1');
    c.deleteIfExists().then(() => new Promise(r => setTimeout(r, 300))).then(() => c.create());"
}

run_tool() { # tool container -> prints "wall user sys maxrss requests bytes"
  local tool="$1" container="$2" sas url stats="$work/proxy-$$.json"
  sas="$(node "$root/bench/make-sas.mjs" "$container")"
  url="http://127.0.0.1:$proxy/devstoreaccount1/$container"
  node "$root/bench/count-proxy.mjs" "$proxy" "$port" "$stats" & local ppid=$!
  sleep 0.3
  local t="$work/time-$$.txt"
  case "$tool" in
    azsync) /usr/bin/time -o "$t" -f "%e %U %S %M" dotnet "$azsync_dll" sync "$src" "$url?$sas" --destination-type blob --quiet >/dev/null ;;
    azcopy) /usr/bin/time -o "$t" -f "%e %U %S %M" "$azcopy" sync "$src" "$url?$sas" --compare-hash=MD5 --put-md5 --from-to LocalBlob --recursive --delete-destination=false >/dev/null ;;
    rclone) RCLONE_CONFIG_AZ_TYPE=azureblob RCLONE_CONFIG_AZ_SAS_URL="$url?$sas" \
            /usr/bin/time -o "$t" -f "%e %U %S %M" rclone sync --checksum "$src" "az:$container" >/dev/null 2>&1 ;;
  esac
  kill -TERM "$ppid"; wait "$ppid" 2>/dev/null || true
  echo "$(cat "$t") $(node -e "const s=require('$stats');console.log(s.requests+' '+s.bytesSent)")"
}

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

results="$work/azure-results.md"
{
  echo "# Blob benchmark, $(date -u +%Y-%m-%d), $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(free -g | awk '/Mem:/{print $2}') GiB"
  echo "Medians of $repeats runs. Tree: $(find "$src" -type f | wc -l) files, $(du -sm "$src" | cut -f1) MB. Azurite 3.35.0 on loopback."
  echo
  echo "| scenario | tool | wall s | cpu s | peak RSS MB | requests | MB sent |"
  echo "|---|---|---:|---:|---:|---:|---:|"
} > "$results"

record() { # scenario tool lines...
  local scenario="$1" tool="$2" file="$3"
  local wall cpu rss req bytes
  wall=$(awk '{print $1}' "$file" | median); cpu=$(awk '{print $2+$3}' "$file" | median)
  rss=$(awk '{print $4/1024}' "$file" | median); req=$(awk '{print $5}' "$file" | median)
  bytes=$(awk '{print $6/1048576}' "$file" | median)
  printf '| %s | %s | %.2f | %.2f | %.0f | %.0f | %.1f |\n' "$scenario" "$tool" "$wall" "$cpu" "$rss" "$req" "$bytes" >> "$results"
}

for tool in ${TOOLS:-azsync azcopy rclone}; do
  : > "$work/initial.txt"
  for r in $(seq "$repeats"); do create_container "c-$tool"; run_tool "$tool" "c-$tool" >> "$work/initial.txt"; done
  record "initial upload" "$tool" "$work/initial.txt"

  : > "$work/touched.txt"
  for r in $(seq "$repeats"); do find "$src" -type f -exec touch {} +; run_tool "$tool" "c-$tool" >> "$work/touched.txt"; done
  record "touched, unchanged" "$tool" "$work/touched.txt"

  : > "$work/onepct.txt"
  for r in $(seq "$repeats"); do
    find "$src" -type f -size -64k | sort | awk -v r="$r" 'NR % 100 == r' | while read -r f; do printf 'edit %s %s' "$tool" "$r" >> "$f"; done
    run_tool "$tool" "c-$tool" >> "$work/onepct.txt"
  done
  record "1% of files changed" "$tool" "$work/onepct.txt"

  : > "$work/bytes64.txt"
  for r in $(seq "$repeats"); do
    printf '%064d' "$r$RANDOM" | dd of="$big" bs=1 seek=$((16 * 1048576 + r * 4096)) conv=notrunc status=none
    run_tool "$tool" "c-$tool" >> "$work/bytes64.txt"
  done
  record "64 bytes changed in 32 MiB" "$tool" "$work/bytes64.txt"

  : > "$work/insert.txt"
  for r in $(seq "$repeats"); do
    { printf 'X'; cat "$big"; } > "$big.new" && mv "$big.new" "$big"
    run_tool "$tool" "c-$tool" >> "$work/insert.txt"
  done
  record "1 byte inserted at start of 32 MiB" "$tool" "$work/insert.txt"
done
cat "$results"
