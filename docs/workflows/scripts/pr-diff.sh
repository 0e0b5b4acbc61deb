#!/usr/bin/env bash
# Semantic diff of the synchronization files a pull request changes, as a Markdown
# comment on the pull request (one comment, updated on each push); fails on breaking
# changes (after commenting).
#
# Usage:  pr-diff.sh [PATH]...             (default: the whole repository)
#         Only changed `*.json` files below PATH are compared; other JSON files (e.g.
#         package.json) are skipped by synclens.
# Env:    GITHUB_BASE_REF     set by GitHub on pull_request: the base branch
#         PR_NUMBER           the pull request to comment on (no comment when empty)
#         GH_TOKEN            token for `gh pr comment` and `gh api` (GITHUB_TOKEN
#                             with `pull-requests: write`)
#         SYNCLENS_FAIL_ON    breaking (default), needs-review or any
#         SYNCLENS_DIFF_DIR   work folder (default: $RUNNER_TEMP/synclens-pr-diff)
#         GITHUB_OUTPUT, GITHUB_STEP_SUMMARY   set by GitHub
# Exit:   synclens diff's exit code: 1 when a change at the SYNCLENS_FAIL_ON level
#         exists, 2 when a file cannot be compared.
set -euo pipefail

base="${GITHUB_BASE_REF:?GITHUB_BASE_REF is not set (run on pull_request)}"
fail_on="${SYNCLENS_FAIL_ON:-breaking}"
work="${SYNCLENS_DIFF_DIR:-${RUNNER_TEMP:-${TMPDIR:-/tmp}}/synclens-pr-diff}"
[ "$#" -gt 0 ] || set -- .

# The base branch must be known locally (actions/checkout with fetch-depth: 0).
if ! git rev-parse --verify --quiet "refs/remotes/origin/$base" > /dev/null; then
  git fetch --no-tags --quiet origin "+refs/heads/$base:refs/remotes/origin/$base"
fi
# What the pull request changes: from where it left the base branch to HEAD.
merge_base="$(git merge-base "origin/$base" HEAD)"

rm -rf "$work"
mkdir -p "$work/base" "$work/head"
changed=0
while IFS= read -r -d '' file; do
  case "$file" in *.json) ;; *) continue ;; esac
  changed=$((changed + 1))
  mkdir -p "$work/base/$(dirname "$file")" "$work/head/$(dirname "$file")"
  # Materialise the base version; a file the pull request adds has none.
  if git cat-file -e "$merge_base:$file" 2> /dev/null; then
    git show "$merge_base:$file" > "$work/base/$file"
  fi
  # A file the pull request deletes has no head version.
  if [ -f "$file" ]; then
    cp "$file" "$work/head/$file"
  fi
done < <(git diff --name-only --no-renames -z "$merge_base" HEAD -- "$@")

markdown="$work/diff.md"
status=0
# Whether synclens sees any change (1) or cannot compare (2); 0 also when only JSON
# that is not a synchronization document changed.
seen=0
if [ "$changed" -eq 0 ]; then
  echo "No JSON files changed." > "$markdown"
else
  synclens diff --format json --fail-on any "$work/base" "$work/head" > /dev/null 2>&1 || seen=$?
  synclens diff --format markdown --fail-on "$fail_on" --labels "$base,pull request" \
    "$work/base" "$work/head" > "$markdown" 2> "$work/stderr" || status=$?
  if [ "$status" -ge 2 ]; then
    {
      echo "synclens could not compare the changed files:"
      echo
      echo '```text'
      cat "$work/stderr"
      echo '```'
    } > "$markdown"
  fi
  cat "$work/stderr" >&2
fi

cat "$markdown"
if [ -n "${GITHUB_STEP_SUMMARY:-}" ]; then
  cat "$markdown" >> "$GITHUB_STEP_SUMMARY"
fi
if [ -n "${GITHUB_OUTPUT:-}" ]; then
  {
    echo "markdown=$markdown"
    echo "exit-code=$status"
  } >> "$GITHUB_OUTPUT"
fi

# One comment per pull request, updated on every push: the comment carrying the
# marker is edited in place; a new one is posted only when there is something to say.
# (So a push that undoes the changes turns the comment into "no changes".) A failed
# comment (a pull request from a fork gets a read-only token) is a warning, not the
# result.
if [ -n "${PR_NUMBER:-}" ]; then
  marker="<!-- synclens-pr-diff -->"
  comment="$work/comment.md"
  { cat "$markdown"; echo; echo "$marker"; } > "$comment"
  existing="$(gh api "repos/{owner}/{repo}/issues/$PR_NUMBER/comments" --paginate \
    --jq ".[] | select(.body | contains(\"$marker\")) | .id" 2> /dev/null | tail -n 1 || true)"
  if [ -n "$existing" ]; then
    if ! gh api --method PATCH "repos/{owner}/{repo}/issues/comments/$existing" \
      -F "body=@$comment" > /dev/null; then
      echo "::warning::could not update the comment on pull request #$PR_NUMBER"
    fi
  elif [ "$seen" -ne 0 ]; then
    if ! gh pr comment "$PR_NUMBER" --body-file "$comment"; then
      echo "::warning::could not comment on pull request #$PR_NUMBER"
    fi
  fi
fi
exit "$status"
