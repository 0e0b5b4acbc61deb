#!/usr/bin/env bash
# Writes the job's GitHub OIDC token (audience api://AzureADTokenExchange) to a file
# and exports AZURE_FEDERATED_TOKEN_FILE to the following steps, for `synclens fetch`
# with Microsoft Entra workload identity federation. Needs `permissions: id-token:
# write`. The token is short-lived: run this right before `synclens fetch`.
set -euo pipefail

: "${ACTIONS_ID_TOKEN_REQUEST_URL:?no OIDC token available: add permissions: id-token: write}"
: "${ACTIONS_ID_TOKEN_REQUEST_TOKEN:?no OIDC token available: add permissions: id-token: write}"
file="${RUNNER_TEMP:-${TMPDIR:-/tmp}}/azure-federated-token"

umask 077
curl -sSf -H "Authorization: bearer $ACTIONS_ID_TOKEN_REQUEST_TOKEN" \
  "$ACTIONS_ID_TOKEN_REQUEST_URL&audience=api://AzureADTokenExchange" |
  python3 -c 'import json, sys; sys.stdout.write(json.load(sys.stdin)["value"])' > "$file"
test -s "$file"
echo "AZURE_FEDERATED_TOKEN_FILE=$file" >> "${GITHUB_ENV:?GITHUB_ENV is not set}"
