#!/usr/bin/env bash
# Runs `azsync sync` from the action's inputs. Secrets are masked before anything else can print them; inputs
# become flags, credentials become the environment variables the tool reads. The tool itself writes the step
# outputs, the job summary and ::error annotations (--output github), so nothing here parses its output.
set -euo pipefail

# 1. Mask first. The runner hides masked values in every later log line, including this step's.
# A workflow command ends at a newline, so a multi-line value is masked line by line (never echoed whole).
mask() {
  local line
  while IFS= read -r line || [ -n "$line" ]; do
    line="${line%$'\r'}"
    if [ -n "$line" ]; then echo "::add-mask::$line"; fi
  done <<< "$1"
}
# A SAS, wherever it comes from: the whole token and its signature, which is the part that grants access.
mask_sas() {
  local token="${1#\?}"
  mask "$token"
  if [[ "$token" == *sig=* ]]; then local sig="${token#*sig=}"; mask "${sig%%&*}"; fi
}
mask_sas "${INPUT_SAS_TOKEN:-}"
mask "${INPUT_ACCOUNT_KEY:-}"
mask "${INPUT_CONNECTION_STRING:-}"
# A connection string's key or SAS may also show up on its own.
IFS=';' read -r -a parts <<< "${INPUT_CONNECTION_STRING:-}"
for part in ${parts[@]+"${parts[@]}"}; do
  case "$part" in
    AccountKey=*) mask "${part#AccountKey=}" ;;
    SharedAccessSignature=*) mask_sas "${part#SharedAccessSignature=}" ;;
  esac
done
# A destination URL may carry a SAS (…?sv=…&sig=…).
destination="${INPUT_DESTINATION:-}"
if [[ "$destination" == *\?*sig=* ]]; then mask_sas "${destination#*\?}"; fi

fail() { echo "::error title=azsync action::$1"; exit 1; }

# 2. Inputs to flags.
# Sets $flag to true, false or "" (not given); anything else is a usage error.
bool() {
  case "$(printf '%s' "$2" | tr '[:upper:]' '[:lower:]')" in
    true|yes|1) flag=true ;; false|no|0) flag=false ;; "") flag="" ;;
    *) fail "Input '$1' is '$2'; expected true or false." ;;
  esac
}
flags=(--output github)
manifest="${INPUT_MANIFEST:-}"
source="${INPUT_SOURCE:-}"
if [ -n "$manifest" ]; then
  [ -z "$source" ] || fail "Give either 'manifest' or 'source', not both: a manifest names its own sources."
  flags+=(--manifest "$manifest")
fi
# include/exclude: one glob a line; blank lines are skipped, surrounding spaces trimmed.
globs() {
  local option="$1" line
  while IFS= read -r line; do
    line="${line%$'\r'}"
    line="${line#"${line%%[![:space:]]*}"}"; line="${line%"${line##*[![:space:]]}"}"
    if [ -n "$line" ]; then flags+=("$option" "$line"); fi
  done <<< "$2"
}
globs --include "${INPUT_INCLUDE:-}"
globs --exclude "${INPUT_EXCLUDE:-}"
bool delete "${INPUT_DELETE:-}"
case "$flag" in true) flags+=(--delete) ;; false) flags+=(--delete false) ;; esac
if [ -n "${INPUT_MAX_DELETE:-}" ]; then flags+=(--max-delete "$INPUT_MAX_DELETE"); fi
if [ -n "${INPUT_SHARD:-}" ]; then flags+=(--shard "$INPUT_SHARD"); fi
bool dry-run "${INPUT_DRY_RUN:-}"
if [ "$flag" = true ]; then flags+=(--dry-run); fi

# Extra flags, split like a shell would split them (quotes and backslashes) but never evaluated.
args="${INPUT_ARGS:-}"
if [ -n "${args//[[:space:]]/}" ]; then
  split="$(mktemp)"
  if ! printf "%s" "$args" | xargs printf '%s\0' > "$split" 2>/dev/null; then
    rm -f "$split"; fail "Input 'args' could not be split into flags: check its quotes."
  fi
  while IFS= read -r -d '' arg; do flags+=("$arg"); done < "$split"
  rm -f "$split"
fi

positional=()
if [ -n "$source" ]; then positional+=("$source"); fi
if [ -n "$destination" ]; then
  # Without a source (and without a manifest, where a lone argument is the destination) the tool would read a
  # lone argument as SOURCE; the action's source defaults to the folder.
  [ -n "$source" ] || [ -n "$manifest" ] || positional+=(".")
  positional+=("$destination")
fi

# 3. Credentials to the environment the tool reads; an empty input leaves the workflow's own value alone.
export_if() { if [ -n "$2" ]; then export "$1=$2"; fi; }
export_if AZURE_STORAGE_SAS_TOKEN "${INPUT_SAS_TOKEN:-}"
export_if AZURE_STORAGE_CONNECTION_STRING "${INPUT_CONNECTION_STRING:-}"
export_if AZURE_STORAGE_KEY "${INPUT_ACCOUNT_KEY:-}"
export_if AZURE_CLIENT_ID "${INPUT_CLIENT_ID:-}"
export_if AZURE_TENANT_ID "${INPUT_TENANT_ID:-}"
export_if AZSYNC_AUTH "${INPUT_AUTH:-}"

if [ -n "${INPUT_WORKING_DIRECTORY:-}" ]; then
  cd "$INPUT_WORKING_DIRECTORY" || fail "Input 'working-directory' is '$INPUT_WORKING_DIRECTORY', which is not a folder."
fi

exe="${AZSYNC_EXE:-azsync}"
# Flags are printed, never the destination: it may hold a SAS (masked above, but the log stays clean anyway).
echo "azsync sync ${flags[*]}"
exec "$exe" sync ${positional[@]+"${positional[@]}"} "${flags[@]}"
