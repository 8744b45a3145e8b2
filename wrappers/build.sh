#!/usr/bin/env bash
# Builds both entry points from the one core: type-checks, then bundles each with its dependencies into one file,
# so neither needs an npm install where it runs.
#   action/dist/index.js               the GitHub Action (node24); committed, as JavaScript actions are
#   pipelines-task/AzSync/dist/        the Pipelines task; a build output, packed into the VSIX
# --check builds the Action into a temporary folder and fails if the committed bundle differs from it.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/.." && pwd)"
cd "$here"
[ -d node_modules/esbuild ] || npm ci --no-audit --no-fund
npx --no-install tsc -p tsconfig.json
# The tool version the wrappers install unless told otherwise: the one built from the same commit.
version="$(sed -n 's:.*<Version>\(.*\)</Version>.*:\1:p' "$repo/Directory.Build.props" | head -n1)"
[ -n "$version" ] || { echo "no <Version> in Directory.Build.props" >&2; exit 1; }
bundle() {
  npx --no-install esbuild "$1" --bundle --platform=node --target="$2" --outfile="$3" --log-level=warning \
    --define:AZSYNC_PINNED_VERSION="\"$version\"" --legal-comments=none
}

action_out="$repo/action/dist/index.js"
if [ "${1:-}" = "--check" ]; then
  tmp="$(mktemp -d)"; trap 'rm -rf "$tmp"' EXIT
  bundle src/action/main.ts node24 "$tmp/index.js"
  if ! cmp -s "$tmp/index.js" "$action_out"; then
    echo "action/dist/index.js is not built from the current sources: run 'bash wrappers/build.sh' and commit it." >&2
    exit 1
  fi
  exit 0
fi
# --task: only the task, for the tests, which run the committed Action bundle as it is shipped.
[ "${1:-}" = "--task" ] || bundle src/action/main.ts node24 "$action_out"

task_dist="$repo/pipelines-task/AzSync/dist"
rm -rf "$task_dist"
bundle src/task/main.ts node20 "$task_dist/index.js"
# task-lib reads its own message catalogue next to the running script.
cp node_modules/azure-pipelines-task-lib/lib.json "$task_dist/lib.json"
cp -r node_modules/azure-pipelines-task-lib/Strings "$task_dist/Strings" 2>/dev/null || true
