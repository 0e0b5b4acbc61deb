#!/usr/bin/env bash
# Scaffolds a validation rule: its file under src/validate/rules/ (registry entry, an
# empty check, the inline test that runs its fixture), its line in the rule table, and
# its fixture testdata/invalid/<CODE>-<name>.json (a copy of a valid schema, to edit
# until the rule fires on it). The new rule's test fails until the check reports on
# the fixture: that is the next step. See CONTRIBUTING.md, "Add a rule".
#
#   scripts/new-rule.sh CODE NAME SEVERITY
#   scripts/new-rule.sh M405 anchor-not-string warning
set -euo pipefail

if [ $# -ne 3 ]; then
    echo "usage: scripts/new-rule.sh CODE NAME SEVERITY   (e.g. M405 anchor-not-string warning)" >&2
    exit 2
fi
code=$1 name=$2 severity=$3
cd "$(dirname "$0")/.."

[[ $code =~ ^[A-Z][0-9]{3}$ ]] || { echo "CODE is a letter and three digits, e.g. M405" >&2; exit 2; }
[[ $name =~ ^[a-z][a-z0-9]*(-[a-z0-9]+)*$ ]] || { echo "NAME is kebab-case, e.g. anchor-not-string" >&2; exit 2; }
case $severity in
    error) variant=Error ;;
    warning) variant=Warning ;;
    info) variant=Info ;;
    *) echo "SEVERITY is error, warning or info" >&2; exit 2 ;;
esac
if grep -rqE "code: \"$code\"|= \"$code\" " src/validate/rules src/diff/change.rs; then
    echo "$code is taken (rule and change codes share one space)" >&2
    exit 1
fi
module=${name//-/_}
file=src/validate/rules/$module.rs
fixture=testdata/invalid/$code-$name.json
for path in "$file" "src/validate/rules/$module" "$fixture"; do
    [ ! -e "$path" ] || { echo "$path exists" >&2; exit 1; }
done

cat >"$file" <<RUST
//! $code $name: TODO one line saying what the rule finds.

use crate::validate::context::{Context, Sink};
use crate::validate::finding::Severity;
use crate::validate::rule::RuleMeta;

/// Registry entry.
pub(crate) static META: RuleMeta = RuleMeta {
    code: "$code",
    name: "$name",
    severity: Severity::$variant,
    summary: "TODO: what the rule finds, in one or two sentences.",
    why: "TODO: what goes wrong in the service when this is left as it is.",
    example: "\`\`\`json\n{}\n\`\`\`\n\nTODO: the fix.",
};

pub(crate) fn check(cx: &Context<'_>, sink: &mut Sink) {
    for view in &cx.schemas {
        for _site in view.object_mappings() {
            // TODO: report with sink.report(&META, pointer, message, help).
        }
    }
    let _ = sink;
}

#[cfg(test)]
mod tests {
    #[test]
    fn fires_on_its_fixture() {
        let findings = crate::validate::rules::fires_on_fixture(&super::META);
        assert!(!findings.is_empty(), "{findings:?}");
    }
}
RUST

cp testdata/valid/small-schema.json "$fixture"

python3 - "$module" <<'PY'
import sys
module = sys.argv[1]
path = "src/validate/rules/mod.rs"
text = open(path, encoding="utf-8").read()
start = text.index("rules! {\n")
end = text.index("\n}\n", start)
line = f"    {module} [{module}::META] {module}::check;"
open(path, "w", encoding="utf-8").write(text[:end] + "\n" + line + text[end:])
PY

cat <<NEXT
created $file, $fixture; listed $module in src/validate/rules/mod.rs
next:
  1. write the check and the documentation in $file;
  2. edit $fixture until the rule fires on it: cargo test --lib rules::$module
  3. cargo run -- explain --all > docs/rules.md
  4. a CHANGELOG.md line under [Unreleased] naming $code $name
NEXT
