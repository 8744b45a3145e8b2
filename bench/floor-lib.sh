# What bench/floor.sh needs from a set-up: the peers, a Release build, the deterministic tree and a free port.
# (bench/run has its own set-up in bench/bench.mjs; this stays small so floor.sh can be run on its own.)

prepare() { # repeats scale
  repeats="$1"
  work="$root/bench/work"; mkdir -p "$work"
  bash "$root/tools/install-deps.sh"
  dotnet build "$root/src/AzSync" -c Release -nologo -clp:ErrorsOnly >/dev/null
  azsync_dll="$root/src/AzSync/bin/Release/net10.0/azsync.dll"
  src="$work/tree"
  [ -d "$src" ] || node "$root/bench/gen-tree.mjs" "$src" "$2"
  port=$((20000 + RANDOM % 20000))
}

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

wait_for_port() {
  for _ in $(seq 300); do (exec 3<>/dev/tcp/127.0.0.1/"$1") 2>/dev/null && return 0; sleep 0.2; done; return 1
}

# Azurite's and the emulator's well-known development key (public, documented by Azurite): not a secret.
dev_key='Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=='
