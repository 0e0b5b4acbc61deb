#!/usr/bin/env bash
# Scaffolds a change code of `synclens diff`: its row in the change table
# (src/diff/change.rs) and its case testdata/diff/<CODE>-<name>/{old,new}.json (two
# copies of a valid schema, to edit until the diff reports the code). The test
# `every_change_code_has_a_case_that_triggers_it` fails until a differ records it: that
# is the next step. See CONTRIBUTING.md, "Add a change code".
#
#   scripts/new-change.sh CODE NAME IMPACT
#   scripts/new-change.sh T612 scoping-clause-reordered compatible
set -euo pipefail

if [ $# -ne 3 ]; then
    echo "usage: scripts/new-change.sh CODE NAME IMPACT   (e.g. T612 scoping-clause-reordered compatible)" >&2
    exit 2
fi
code=$1 name=$2 impact=$3
cd "$(dirname "$0")/.."

[[ $code =~ ^[A-Z][0-9]{3}$ ]] || { echo "CODE is a letter and three digits, e.g. T612" >&2; exit 2; }
[[ $name =~ ^[a-z][a-z0-9]*(-[a-z0-9]+)*$ ]] || { echo "NAME is kebab-case, e.g. scoping-clause-reordered" >&2; exit 2; }
case $impact in
    breaking) variant=Breaking ;;
    needs-review) variant=NeedsReview ;;
    compatible) variant=Compatible ;;
    *) echo "IMPACT is breaking, needs-review or compatible" >&2; exit 2 ;;
esac
if grep -rqE "code: \"$code\"|= \"$code\" " src/validate/rules src/diff/change.rs; then
    echo "$code is taken (rule and change codes share one space)" >&2
    exit 1
fi
case_folder=testdata/diff/$code-$name
[ ! -e "$case_folder" ] || { echo "$case_folder exists" >&2; exit 1; }
constant=$(echo "${name//-/_}" | tr '[:lower:]' '[:upper:]')

python3 - "$constant" "$code" "$name" "$variant" <<'PY'
import sys
constant, code, name, impact = sys.argv[1:]
path = "src/diff/change.rs"
text = open(path, encoding="utf-8").read()
start = text.index("changes! {\n")
# New codes go before the catch-all X901 other-change.
anchor = text.index("    OTHER_CHANGE = ", start)
row = (
    f'    {constant} = "{code}" "{name}" {impact} false\n'
    f'        "TODO: a few words for the review"\n'
    f'        "TODO: why this change has this impact.";\n'
)
open(path, "w", encoding="utf-8").write(text[:anchor] + row + text[anchor:])
PY

mkdir -p "$case_folder"
cp testdata/valid/small-schema.json "$case_folder/old.json"
cp testdata/valid/small-schema.json "$case_folder/new.json"

cat <<NEXT
added $constant ($code $name) to src/diff/change.rs; created $case_folder/{old,new}.json
next:
  1. record it where the differ sees the change: self.record(&change::$constant, …)
     in src/diff/{schema,mapping,scope,job,template}.rs;
  2. edit $case_folder/new.json so the diff reports it:
     cargo run -- diff --format json $case_folder/old.json $case_folder/new.json
  3. cargo test --test it diff (then review the new snapshot: cargo insta review)
  4. cargo run -- explain --changes > docs/changes.md
  5. a CHANGELOG.md line under [Unreleased] naming $code $name
NEXT
