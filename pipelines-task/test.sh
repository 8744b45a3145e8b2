#!/usr/bin/env bash
# The task's tests run with the Action's, against the one core: see wrappers/test.sh.
set -euo pipefail
exec bash "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/../wrappers/test.sh" "$@"
