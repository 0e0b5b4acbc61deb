//! F603 invalid-scoping-regex: a REGEX MATCH / NOT REGEX MATCH value that .NET would
//! refuse to compile — judged by .NET's rules ([`dotnet_regex`]), since .NET is what
//! the service runs.

use crate::dotnet_regex;
use crate::validate::context::{Context, Sink};
use crate::validate::finding::Severity;
use crate::validate::rule::RuleMeta;

/// Registry entry.
pub(crate) static META: RuleMeta = RuleMeta {
    code: "F603",
    name: "invalid-scoping-regex",
    severity: Severity::Error,
    summary: "A `REGEX MATCH` or `NOT REGEX MATCH` clause's value is not a regular expression \
              .NET accepts (unbalanced parentheses, an unterminated `[` set, a quantifier \
              following nothing, an unknown escape such as `\\q`, …). Patterns .NET accepts are \
              never reported, including `^SystemMailbox{` and `\\0`, which other engines refuse.",
    why: "The service cannot evaluate the clause: the object mapping fails or, worse, the \
          clause is treated as false and objects leave scope and are deprovisioned.",
    example: "```json\n{\"operatorName\": \"REGEX MATCH\", \"sourceOperandName\": \"mail\",\n \
              \"targetOperand\": {\"values\": [\"(.*@contoso\\\\.com\"]}}\n```\n\nClose the \
              group: `(.*@contoso\\\\.com)`.",
};

pub(crate) fn check(cx: &Context<'_>, sink: &mut Sink) {
    let operators = &cx.catalogs.operators;
    for view in &cx.schemas {
        for site in view.object_mappings() {
            for (at, clause) in site.scoping_clauses() {
                let is_regex = clause
                    .operator_name
                    .as_str()
                    .and_then(|name| operators.exact(name))
                    .is_some_and(|operator| operator.regex);
                let Some(operand) = clause.target_operand.get().filter(|_| is_regex) else {
                    continue;
                };
                for (v, pattern) in operand.values.items().iter().enumerate() {
                    let Err(error) = dotnet_regex::check(pattern) else {
                        continue;
                    };
                    sink.report(
                        &META,
                        at.key("targetOperand").key("values").index(v),
                        format!(
                            ".NET rejects the regular expression `{pattern}`: {} at \
                             character {}",
                            error.message,
                            error.offset + 1
                        ),
                        "fix the pattern; remember that in JSON a backslash is written \
                         `\\\\`",
                    );
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn fires_on_its_fixture() {
        let findings = crate::validate::rules::fires_on_fixture(&super::META);
        assert!(findings.iter().any(|f| f.pointer == "/synchronizationRules/0/objectMappings/0/scope/groups/0/clauses/2/targetOperand/values/0"), "{findings:?}");
    }
}
