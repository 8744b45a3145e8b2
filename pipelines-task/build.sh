#!/usr/bin/env bash
# The task is built from the wrappers' one core, with the Action: see wrappers/build.sh.
set -euo pipefail
exec bash "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/../wrappers/build.sh" "$@"
