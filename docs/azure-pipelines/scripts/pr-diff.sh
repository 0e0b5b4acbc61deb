#!/usr/bin/env bash
# Semantic diff of the synchronization files an Azure Repos pull request changes, as
# one comment thread on the pull request, updated in place on every run; fails on
# breaking changes (after commenting). The Azure DevOps counterpart of
# docs/workflows/scripts/pr-diff.sh.
#
# Usage:  pr-diff.sh [PATH]...             (default: the whole repository)
#         Only changed `*.json` files below PATH are compared; other JSON files (e.g.
#         package.json) are skipped by synclens.
# Env:    SYSTEM_PULLREQUEST_TARGETBRANCH     set by Azure Pipelines in a pull request
#         SYSTEM_PULLREQUEST_PULLREQUESTID    build: the target branch and the pull
#                                             request (no comment when the id is empty)
#         SYSTEM_TEAMFOUNDATIONCOLLECTIONURI, SYSTEM_TEAMPROJECTID, BUILD_REPOSITORY_ID
#                                             set by Azure Pipelines: where the REST API is
#         SYSTEM_ACCESSTOKEN  the job's token (map it: `env: SYSTEM_ACCESSTOKEN:
#                             $(System.AccessToken)`); the build service needs
#                             "Contribute to pull requests" on the repository
#         SYNCLENS_FAIL_ON    breaking (default), needs-review or any
#         SYNCLENS_DIFF_DIR   work folder (default: $AGENT_TEMPDIRECTORY/synclens-pr-diff)
# Exit:   synclens diff's exit code: 1 when a change at the SYNCLENS_FAIL_ON level
#         exists, 2 when a file cannot be compared.
set -euo pipefail

target="${SYSTEM_PULLREQUEST_TARGETBRANCH:?SYSTEM_PULLREQUEST_TARGETBRANCH is not set (run as a pull request build)}"
base="${target#refs/heads/}"
fail_on="${SYNCLENS_FAIL_ON:-breaking}"
work="${SYNCLENS_DIFF_DIR:-${AGENT_TEMPDIRECTORY:-${TMPDIR:-/tmp}}/synclens-pr-diff}"
[ "$#" -gt 0 ] || set -- .

# The target branch must be known locally (checkout with fetchDepth: 0).
if ! git rev-parse --verify --quiet "refs/remotes/origin/$base" > /dev/null; then
  git fetch --no-tags --quiet origin "+refs/heads/$base:refs/remotes/origin/$base"
fi
# What the pull request changes: from where it left the target branch to HEAD (the
# merge commit Azure Pipelines builds).
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
    --output "$markdown" "$work/base" "$work/head" 2> "$work/stderr" || status=$?
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
# The Markdown on the run's summary page too.
echo "##vso[task.uploadsummary]$markdown"

# One thread per pull request, updated on every run: the thread whose first comment
# carries the marker gets its comment replaced; a new thread is started only when
# there is something to say (so a push that undoes the changes turns the comment into
# "No changes"). The thread is active while the check fails and closed otherwise. A
# failed request is a warning, not the result.
warn() {
  echo "##vso[task.logissue type=warning]$*"
}
api() {
  # api METHOD PATH [BODY_FILE]: the JSON answer on stdout.
  local method=$1 path=$2
  local url="${SYSTEM_TEAMFOUNDATIONCOLLECTIONURI%/}/$SYSTEM_TEAMPROJECTID/_apis/git/repositories/$BUILD_REPOSITORY_ID/pullRequests/$SYSTEM_PULLREQUEST_PULLREQUESTID/$path"
  local args=(-fsS --retry 3 -X "$method" -H "Authorization: Bearer $SYSTEM_ACCESSTOKEN"
    -H "Accept: application/json")
  if [ "$#" -gt 2 ]; then
    args+=(-H "Content-Type: application/json" --data-binary "@$3")
  fi
  curl "${args[@]}" "$url?api-version=7.1"
}
if [ -n "${SYSTEM_PULLREQUEST_PULLREQUESTID:-}" ]; then
  if [ -z "${SYSTEM_ACCESSTOKEN:-}" ]; then
    warn "SYSTEM_ACCESSTOKEN is not set: map it into the step (env: SYSTEM_ACCESSTOKEN: \$(System.AccessToken)) to comment"
  else
    marker="<!-- synclens-pr-diff -->"
    thread_status=closed
    if [ "$status" -ne 0 ]; then
      thread_status=active
    fi
    comment="$work/comment.md"
    { cat "$markdown"; echo; echo "$marker"; } > "$comment"
    # "<thread id> <comment id>" of the last thread that carries the marker; without
    # the list nothing is posted (it could duplicate the thread).
    existing=""
    listed=true
    if threads="$(api GET threads)"; then
      existing="$(jq -r --arg marker "$marker" '[.value[]
        | select(.isDeleted != true and ((.comments[0].content // "") | contains($marker)))
        | "\(.id) \(.comments[0].id)"] | last // ""' <<< "$threads")"
    else
      listed=false
      warn "could not read the threads of pull request $SYSTEM_PULLREQUEST_PULLREQUESTID: no comment"
    fi
    if [ "$listed" = false ]; then
      :
    elif [ -n "$existing" ]; then
      read -r thread_id comment_id <<< "$existing"
      jq -Rs '{content: .}' "$comment" > "$work/comment.json"
      jq -n --arg status "$thread_status" '{status: $status}' > "$work/thread.json"
      if ! api PATCH "threads/$thread_id/comments/$comment_id" "$work/comment.json" > /dev/null ||
        ! api PATCH "threads/$thread_id" "$work/thread.json" > /dev/null; then
        warn "could not update the comment on pull request $SYSTEM_PULLREQUEST_PULLREQUESTID"
      fi
    elif [ "$seen" -ne 0 ]; then
      jq -Rs --arg status "$thread_status" \
        '{comments: [{parentCommentId: 0, content: ., commentType: "text"}], status: $status}' \
        "$comment" > "$work/thread.json"
      if ! api POST threads "$work/thread.json" > /dev/null; then
        warn "could not comment on pull request $SYSTEM_PULLREQUEST_PULLREQUESTID"
      fi
    fi
  fi
fi
if [ "$status" -eq 1 ]; then
  echo "##vso[task.logissue type=error]synclens diff found changes at the '$fail_on' level (see the pull request comment)"
elif [ "$status" -ge 2 ]; then
  echo "##vso[task.logissue type=error]synclens could not compare the changed files (see the log)"
fi
exit "$status"
