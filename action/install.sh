#!/usr/bin/env bash
# Installs the pinned azsync tool into the runner's tool cache (once per version), using the runner's own dotnet.
# Inputs (environment): INPUT_VERSION (empty: action/version.txt), INPUT_NUGET_SOURCE (optional feed or folder).
# Writes: output `exe` (the tool's path), the tool folder to $GITHUB_PATH, DOTNET_ROOT to $GITHUB_ENV when unset.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

fail() { echo "::error title=azsync action::$1"; exit 1; }

if [ "${RUNNER_OS:-}" = "Windows" ]; then
  fail "The azsync action runs on Linux and macOS runners. On Windows, install the tool with 'dotnet tool install --global AzSync' and run 'azsync sync' in a pwsh step."
fi

version="${INPUT_VERSION:-}"
[ -n "$version" ] || version="$(tr -d ' \r\n' < "$here/version.txt")"
# The version becomes part of a folder path: accept only what NuGet versions look like.
[[ "$version" =~ ^[0-9]+\.[0-9]+\.[0-9]+(-[0-9A-Za-z.-]+)?$ ]] || fail "Input 'version' is '$version'; expected a version such as 1.2.3 or 1.2.3-beta.1."

setup_hint="Add this step before the azsync action: '- uses: actions/setup-dotnet@v4' with 'dotnet-version: 10.0.x'."
command -v dotnet >/dev/null 2>&1 || fail "dotnet was not found on PATH; azsync needs the .NET 10 runtime or newer. $setup_hint"

# The tool is built for .NET 10 with RollForward=Major, so any runtime from 10 up runs it.
runtimes="$(dotnet --list-runtimes 2>/dev/null || true)"
runtime_dir=""
best=""
while read -r name ver dir; do
  [ "$name" = "Microsoft.NETCore.App" ] || continue
  major="${ver%%.*}"
  if [[ "$major" =~ ^[0-9]+$ ]] && [ "$major" -ge 10 ]; then best="$ver"; runtime_dir="${dir#[}"; runtime_dir="${runtime_dir%]}"; fi
done <<< "$runtimes"
if [ -z "$best" ]; then
  found="$(grep '^Microsoft.NETCore.App ' <<< "$runtimes" | cut -d' ' -f2 | tr '\n' ' ' || true)"
  fail "azsync needs the .NET runtime 10.0 or newer, but this runner's dotnet has only: ${found:-no .NET runtime}. $setup_hint"
fi

# The tool's launcher finds the runtime through DOTNET_ROOT; derive it from the runtime we found so that a
# dotnet on PATH outside the default install locations (setup-dotnet, a user folder) works too.
if [ -z "${DOTNET_ROOT:-}" ] && [ -n "$runtime_dir" ]; then
  DOTNET_ROOT="$(cd "$runtime_dir/../.." && pwd)"
  export DOTNET_ROOT
  if [ -n "${GITHUB_ENV:-}" ]; then echo "DOTNET_ROOT=$DOTNET_ROOT" >> "$GITHUB_ENV"; fi
fi

cache="${RUNNER_TOOL_CACHE:-${RUNNER_TEMP:-${TMPDIR:-/tmp}}}"
dir="$cache/azsync/$version"
exe="$dir/azsync"

installed=""
if [ -x "$exe" ]; then installed="$("$exe" --version 2>/dev/null | tr -d '\r' | head -n1 || true)"; fi
if [ "$installed" = "$version" ]; then
  echo "azsync $version found in the tool cache ($dir)."
else
  # Install beside the cache folder and move it into place, so a job that is cancelled half-way, or another job
  # on the same self-hosted runner, never sees a half-written tool. The tool's launcher finds its files by a
  # relative path, so the folder can move.
  staging="$cache/azsync/.install-$version-$$"
  rm -rf "$staging"
  mkdir -p "$cache/azsync"
  args=(tool install AzSync --version "$version" --tool-path "$staging")
  if [ -n "${INPUT_NUGET_SOURCE:-}" ]; then args+=(--source "$INPUT_NUGET_SOURCE"); fi
  echo "Installing azsync $version into $dir"
  if ! dotnet "${args[@]}"; then
    rm -rf "$staging"
    fail "Installing azsync $version failed (dotnet ${args[*]}). Check that the version exists on ${INPUT_NUGET_SOURCE:-the configured NuGet feeds}."
  fi
  # What is there failed the version check above: another version or a broken install.
  rm -rf "$dir"
  mv "$staging" "$dir"
  installed="$("$exe" --version 2>/dev/null | tr -d '\r' | head -n1 || true)"
  [ "$installed" = "$version" ] || fail "azsync was installed into $dir but reports version '$installed' instead of $version."
fi

if [ -n "${GITHUB_PATH:-}" ]; then echo "$dir" >> "$GITHUB_PATH"; fi
if [ -n "${GITHUB_OUTPUT:-}" ]; then echo "exe=$exe" >> "$GITHUB_OUTPUT"; fi
