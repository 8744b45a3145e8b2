#!/usr/bin/env bash
# Local-folder benchmark: azsync against rclone (sync --checksum) on the same generated tree, in one session.
# Scenarios: first sync to an empty folder; re-sync after touching every source file (as a fresh CI checkout);
# re-sync after changing 1% of the files. Prints a Markdown table of medians (bench/work/local-results.md).
# Usage: bash bench/local.sh [REPEATS=5] [SCALE=1]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
repeats="${1:-5}"; scale="${2:-1}"
work="$root/bench/work"; mkdir -p "$work"
command -v rclone >/dev/null || bash "$root/tools/install-deps.sh"
dotnet build "$root/src/AzSync" -c Release -nologo -clp:ErrorsOnly >/dev/null
azsync=(dotnet "$root/src/AzSync/bin/Release/net10.0/azsync.dll")
src="$work/tree"
[ -d "$src" ] || node "$root/bench/gen-tree.mjs" "$src" "$scale"

timed() { /usr/bin/time -o "$work/t" -f "%e %U %S %M" "$@" >/dev/null 2>&1; cat "$work/t"; }
run() { # tool dest
  case "$1" in
    azsync) timed "${azsync[@]}" sync "$src" "$2" --quiet ;;
    rclone) timed rclone sync --checksum "$src" "$2" ;;
  esac
}
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
row() { # scenario tool file
  printf '| %s | %s | %.2f | %.2f | %.0f |\n' "$1" "$2" "$(awk '{print $1}' "$3" | median)" \
    "$(awk '{print $2+$3}' "$3" | median)" "$(awk '{print $4/1024}' "$3" | median)"
}

results="$work/local-results.md"
{
  echo "# Local benchmark, $(date -u +%Y-%m-%d), $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(free -g | awk '/Mem:/{print $2}') GiB"
  echo "Medians of $repeats runs. Tree: $(find "$src" -type f | wc -l) files, $(du -sm "$src" | cut -f1) MB."
  echo; echo "| scenario | tool | wall s | cpu s | peak RSS MB |"; echo "|---|---|---:|---:|---:|"
} > "$results"
for tool in azsync rclone; do
  dest="$work/dest-$tool"
  : > "$work/first"; for r in $(seq "$repeats"); do rm -rf "$dest"; run "$tool" "$dest" >> "$work/first"; done
  row "first sync" "$tool" "$work/first" >> "$results"
  : > "$work/touch"; for r in $(seq "$repeats"); do find "$src" -type f -exec touch {} +; run "$tool" "$dest" >> "$work/touch"; done
  row "touched, unchanged" "$tool" "$work/touch" >> "$results"
  : > "$work/pct"
  for r in $(seq "$repeats"); do
    find "$src" -type f -size -64k | sort | awk -v r="$r" 'NR % 100 == r' | while read -r f; do printf 'edit %s' "$r" >> "$f"; done
    run "$tool" "$dest" >> "$work/pct"
  done
  row "1% changed" "$tool" "$work/pct" >> "$results"
done
cat "$results"
