#!/usr/bin/env bash
# Drift check: fetches the live configuration of each service principal with
# `synclens fetch` and diffs it against the committed exports.
#
# Usage:  drift.sh SERVICE_PRINCIPAL_ID...
# Env:    EXPORTS             committed exports, laid out as `synclens fetch` writes them:
#                             <EXPORTS>/<service principal>/jobs/<job id>/schema.json, ...
#                             (default: exports)
#         SYNCLENS_FAIL_ON    any (default), needs-review or breaking
#         AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_FEDERATED_TOKEN_FILE (workload
#         identity, see oidc-token.sh) or AZURE_CLIENT_SECRET: read by synclens fetch
#         GITHUB_OUTPUT, GITHUB_STEP_SUMMARY   set by GitHub
# Exit:   0 no drift, 1 drift, 2 a fetch or diff failed.
set -euo pipefail

if [ "$#" -eq 0 ]; then
  echo "usage: drift.sh SERVICE_PRINCIPAL_ID..." >&2
  exit 2
fi
exports="${EXPORTS:-exports}"
fail_on="${SYNCLENS_FAIL_ON:-any}"
live="$(mktemp -d "${RUNNER_TEMP:-${TMPDIR:-/tmp}}/synclens-live.XXXXXX")"
report="$live/drift.md"

status=0
: > "$report"
for sp in "$@"; do
  synclens fetch --service-principal "$sp" --out "$live"
  # The human diff for the log, the Markdown one for the summary.
  synclens diff --color always --labels committed,live "$exports/$sp" "$live/$sp" || true
  code=0
  {
    echo "### Service principal \`$sp\`"
    echo
  } >> "$report"
  synclens diff --format markdown --fail-on "$fail_on" --labels committed,live \
    "$exports/$sp" "$live/$sp" >> "$report" || code=$?
  echo >> "$report"
  if [ "$code" -gt "$status" ]; then
    status=$code
  fi
done

if [ -n "${GITHUB_STEP_SUMMARY:-}" ]; then
  cat "$report" >> "$GITHUB_STEP_SUMMARY"
fi
if [ -n "${GITHUB_OUTPUT:-}" ]; then
  {
    echo "report=$report"
    echo "drift=$([ "$status" -eq 1 ] && echo true || echo false)"
  } >> "$GITHUB_OUTPUT"
fi
if [ "$status" -eq 1 ]; then
  echo "::error::the live configuration differs from the committed exports (see the job summary)"
fi
exit "$status"
