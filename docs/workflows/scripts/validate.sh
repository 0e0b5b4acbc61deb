#!/usr/bin/env bash
# Validates exported provisioning configuration for GitHub: a SARIF file for code
# scanning, then workflow-command annotations (shown on the pull request's changed
# lines and in the run's log).
#
# Usage:  validate.sh [PATH]...            (default: exports)
# Env:    SARIF_FILE     where to write SARIF (default: synclens.sarif)
#         GITHUB_OUTPUT  set by GitHub: outputs `sarif` and `exit-code`
# Exit:   synclens validate's exit code (1 when there are errors, 2 when it cannot run).
set -uo pipefail

[ "$#" -gt 0 ] || set -- exports
sarif="${SARIF_FILE:-synclens.sarif}"

synclens validate --format sarif "$@" > "$sarif"
status=$?
# The same findings as annotations; the exit code is already known.
synclens validate --format github "$@" || true

if [ -n "${GITHUB_OUTPUT:-}" ]; then
  {
    echo "sarif=$sarif"
    echo "exit-code=$status"
  } >> "$GITHUB_OUTPUT"
fi
exit "$status"
