# Shared by bench/azure.sh (Blob on Azurite) and bench/files.sh (Files on our emulator): the set-up, the tree,
# the counting proxy, the five scenarios and the results table. The caller sets $root, calls prepare, starts its
# service on $port with serve (the tools connect to $proxy) and defines reset_target TOOL and tool_command TOOL.

prepare() { # repeats scale: peers, a Release build, the deterministic tree, ports
  repeats="$1"
  work="$root/bench/work"; mkdir -p "$work"
  bash "$root/tools/install-deps.sh"
  dotnet build "$root/src/AzSync" -c Release -nologo -clp:ErrorsOnly >/dev/null
  azsync_dll="$root/src/AzSync/bin/Release/net10.0/azsync.dll"
  azcopy="$root/tools/node/node_modules/@azure-tools/azcopy-linux/dist/bin/azcopy_linux_amd64"
  export AZCOPY_LOG_LOCATION="$work/azcopy-logs" AZCOPY_JOB_PLAN_LOCATION="$work/azcopy-plans" AZCOPY_DISABLE_SYSLOG=true
  src="$work/tree"
  [ -d "$src" ] || node "$root/bench/gen-tree.mjs" "$src" "$2"
  port=$((20000 + RANDOM % 20000)); proxy=$((port + 1))
}

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

# Runs one tool through the counting proxy; prints "wall user sys maxrss requests bytes". With no proxy (a real
# account over HTTPS, whose requests a TCP proxy cannot read) requests and bytes are "-".
measure() {
  local tool="$1" stats="$work/proxy-$$.json" t="$work/time-$$.txt" ppid=""
  if [ -n "$proxy" ]; then node "$root/bench/count-proxy.mjs" "$proxy" "$port" "$stats" "${proxy_rtt_ms:-0}" & ppid=$!; sleep 0.3; fi
  /usr/bin/time -o "$t" -f "%e %U %S %M" bash -c "$(tool_command "$tool")" >/dev/null 2>&1 || echo "  ($tool exited non-zero)" >&2
  if [ -z "$ppid" ]; then echo "$(tail -1 "$t") - -"; return; fi
  kill -TERM "$ppid"; wait "$ppid" 2>/dev/null || true
  echo "$(tail -1 "$t") $(node -e "const s=require('$stats');console.log(s.requests+' '+s.bytesSent)")"
}

table_header() { # title
  {
    echo "# $1, $(date -u +%Y-%m-%d), $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(free -g | awk '/Mem:/{print $2}') GiB"
    echo "Medians of $repeats runs. Tree: $(find "$src" -type f | wc -l) files, $(du -sm "$src" | cut -f1) MB."
    echo
    echo "| scenario | tool | wall s | cpu s | peak RSS MB | requests | MB sent |"
    echo "|---|---|---:|---:|---:|---:|---:|"
  } > "$results"
}

record() { # scenario tool file
  local wall cpu rss req bytes
  wall=$(awk '{print $1}' "$3" | median); cpu=$(awk '{print $2+$3}' "$3" | median)
  rss=$(awk '{print $4/1024}' "$3" | median)
  if [ "$(awk 'NR == 1 {print $5}' "$3")" = "-" ]; then req=-; bytes=-
  else req=$(awk '{print $5}' "$3" | median | xargs printf '%.0f'); bytes=$(awk '{print $6/1048576}' "$3" | median | xargs printf '%.1f'); fi
  printf '| %s | %s | %.2f | %.2f | %.0f | %s | %s |\n' "$1" "$2" "$wall" "$cpu" "$rss" "$req" "$bytes" >> "$results"
}

# Initial upload; touch every file; edit 1% of the small files; 64 bytes inside the 32 MiB file; one byte
# inserted at its start. The tree is changed in place, so every tool sees the same sequence of states.
scenarios() { # tool
  local tool="$1" big
  big="$(find "$src" -type f -size +30M | sort | head -1)"
  : > "$work/initial.txt"
  for r in $(seq "$repeats"); do reset_target "$tool"; measure "$tool" >> "$work/initial.txt"; done
  record "initial upload" "$tool" "$work/initial.txt"

  : > "$work/touched.txt"
  for r in $(seq "$repeats"); do find "$src" -type f -exec touch {} +; measure "$tool" >> "$work/touched.txt"; done
  record "touched, unchanged" "$tool" "$work/touched.txt"

  : > "$work/onepct.txt"
  for r in $(seq "$repeats"); do
    find "$src" -type f -size -64k | sort | awk -v r="$r" 'NR % 100 == r' | while read -r f; do printf 'edit %s %s' "$tool" "$r" >> "$f"; done
    measure "$tool" >> "$work/onepct.txt"
  done
  record "1% of files changed" "$tool" "$work/onepct.txt"

  : > "$work/bytes64.txt"
  for r in $(seq "$repeats"); do
    printf '%064d' "$r$RANDOM" | dd of="$big" bs=1 seek=$((16 * 1048576 + r * 4096)) conv=notrunc status=none
    measure "$tool" >> "$work/bytes64.txt"
  done
  record "64 bytes changed in 32 MiB" "$tool" "$work/bytes64.txt"

  : > "$work/insert.txt"
  for r in $(seq "$repeats"); do
    { printf 'X'; cat "$big"; } > "$big.new" && mv "$big.new" "$big"
    measure "$tool" >> "$work/insert.txt"
  done
  record "1 byte inserted at start of 32 MiB" "$tool" "$work/insert.txt"
}

# The development account the emulators serve; its key is published by Microsoft, not a secret.
dev_key='Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=='

serve() { # command...: runs the service in the background until the script exits; returns once $port answers
  "$@" >/dev/null 2>&1 &
  trap "kill $! 2>/dev/null || true" EXIT
  wait_for_port "$port"
}

wait_for_port() { for _ in $(seq 100); do (exec 3<>/dev/tcp/127.0.0.1/"$1") 2>/dev/null && return 0; sleep 0.2; done; return 1; }
