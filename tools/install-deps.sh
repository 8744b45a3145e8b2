#!/usr/bin/env bash
# Installs the real peers that the tests and benchmarks use: Azurite, azcopy and the official JS SDKs from
# npm (pinned in tools/node/package-lock.json), and rclone / libsecret / fuse3 / python3-fusepy from Debian.
# Safe to run repeatedly.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

if [ ! -x "$root/tools/node/node_modules/.bin/azurite-blob" ] || [ "$root/tools/node/package-lock.json" -nt "$root/tools/node/node_modules/.package-lock.json" ]; then
  (cd "$root/tools/node" && npm ci --no-audit --no-fund --loglevel=error)
fi
chmod +x "$root/tools/node/node_modules/@azure-tools/azcopy-linux/dist/bin/azcopy_linux_amd64"

need=()
command -v rclone >/dev/null 2>&1 || need+=(rclone)
dpkg -s libsecret-1-0 >/dev/null 2>&1 || need+=(libsecret-1-0)
# The case-insensitive destination tests mount tests/fuse/ci_passthrough.py.
command -v fusermount3 >/dev/null 2>&1 || need+=(fuse3)
[ -f /usr/lib/python3/dist-packages/fusepy.py ] || need+=(python3-fusepy)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then sudo=""; else sudo="sudo"; fi
  $sudo apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${need[@]}" >/dev/null
fi
