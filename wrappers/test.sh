#!/usr/bin/env bash
# Builds both bundles and runs the wrappers' node tests (TAP on stdout; exit code non-zero on any failure).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
bash "$here/build.sh"
cd "$here"
if [ $# -gt 0 ]; then files=("$@"); else files=(test/*.test.mjs); fi
node --test --test-reporter=tap "${files[@]}"
