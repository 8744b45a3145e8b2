#!/usr/bin/env bash
# Builds pipelines-task/AzSync/dist/index.js: type-checks, then bundles the task and task-lib into one file so
# the task folder needs no npm install on the agent. The bundle is a build output (not committed).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$here"
[ -d node_modules/azure-pipelines-task-lib ] || npm ci --no-audit --no-fund
npx --no-install tsc -p tsconfig.json
rm -rf AzSync/dist
npx --no-install esbuild src/index.ts --bundle --platform=node --target=node20 --outfile=AzSync/dist/index.js --log-level=warning
# task-lib reads its own message catalogue next to the running script.
cp node_modules/azure-pipelines-task-lib/lib.json AzSync/dist/lib.json
cp -r node_modules/azure-pipelines-task-lib/Strings AzSync/dist/Strings 2>/dev/null || true
