//! E501 expression-syntax, E502 unknown-function, E503 wrong-argument-count, E504
//! expression-tree-mismatch, E506 expression-too-long and E507 unknown-signature: an
//! attribute mapping's
//! expression text against the parser, the function catalog and its structured
//! tree. Findings point into the expression (line and column of the offending
//! character inside the JSON string).

use super::source_nodes;
use crate::expr::{self, Consistency, MismatchKind, ProblemKind};
use crate::model::AttributeMappingSourceType;
use crate::validate::context::{Context, Sink};
use crate::validate::finding::Severity;
use crate::validate::registry::RuleMeta;

/// Registry entry of E501.
pub(crate) static SYNTAX: RuleMeta = RuleMeta {
    code: "E501",
    name: "expression-syntax",
    severity: Severity::Error,
    summary: "An attribute mapping's `source.expression` does not parse: an unclosed string or \
              bracket, a missing comma or parenthesis, a stray character.",
    why: "Graph rejects the schema on PUT (or, for a text-only edit, the mapping never \
          evaluates). synclens finds it offline and says where.",
    example: "```text\nMid([givenName], 1 3)\n```\n\nA comma is missing: `Mid([givenName], 1, 3)`.",
};

/// Registry entry of E502.
pub(crate) static UNKNOWN_FUNCTION: RuleMeta = RuleMeta {
    code: "E502",
    name: "unknown-function",
    severity: Severity::Warning,
    summary: "A function that is in neither the built-in catalog (every function of the \
              expression docs, Cloud Sync's, legacy ones, `CRef` and `Contains`) nor a loaded \
              `/functions` response (`--functions`, or `functions.json` beside the document).",
    why: "Usually a misspelling (`ToLowerCase` for `ToLower`), which Graph rejects. But the \
          service adds functions before any page lists them, so a function synclens has never \
          seen may be a new one: a warning, not an error (`--deny E502` makes it one). A \
          captured `/functions` response of the tenant settles it.",
    example: "```text\nToLowerCase([mail])\n```\n\nThe function is `ToLower`.",
};

/// Registry entry of E503.
pub(crate) static ARGUMENTS: RuleMeta = RuleMeta {
    code: "E503",
    name: "wrong-argument-count",
    severity: Severity::Error,
    summary: "A function called with too few or too many arguments, or with a required \
              argument left empty. Parameters that real exports omit (IIF's value-if-false, \
              FormatDateTime's input format) are optional.",
    why: "Graph rejects the expression, or evaluates it with a missing value.",
    example: "```text\nLeft([displayName])\n```\n\n`Left` needs a length: `Left([displayName], 20)`.",
};

/// Registry entry of E507.
pub(crate) static UNKNOWN_SIGNATURE: RuleMeta = RuleMeta {
    code: "E507",
    name: "unknown-signature",
    severity: Severity::Warning,
    summary: "A call of a known function in a shape synclens has never seen: more arguments \
              than any signature it knows, or a tree parameter key that is none of the \
              function's parameters.",
    why: "The service adds parameters to functions over time (`FormatDateTime` gained \
          `dateTimeStyles`, which its trees key `dateTimeStyle`), so a shape synclens does not \
          know may be a newer one: a warning, never an error. A captured `/functions` response \
          (`--functions`, or `functions.json` beside the document) makes it known.",
    example: "```text\nMid([givenName], 1, 3, 4)\n```\n\n`Mid` takes a source, a start and a \
              length: `Mid([givenName], 1, 3)`.",
};

/// Registry entry of E504.
pub(crate) static TREE_MISMATCH: RuleMeta = RuleMeta {
    code: "E504",
    name: "expression-tree-mismatch",
    severity: Severity::Error,
    summary: "The expression text and the structured `source` tree (type, name, parameters) say \
              different things. Runtime placeholders (`%DomainFQDN%` filling an empty slot) \
              agree; constructs whose tree encoding is unknown are not judged.",
    why: "The service evaluates the tree while people (and the portal) read the text: a \
          hand-edited text or tree means the mapping does something else than it says.",
    example: "```json\n{\"expression\": \"[mail]\", \"type\": \"Attribute\", \"name\": \"userPrincipalName\"}\n```\n\n\
              Make both name the same attribute (edit one, regenerate the other).",
};

/// Registry entry of E506.
pub(crate) static TOO_LONG: RuleMeta = RuleMeta {
    code: "E506",
    name: "expression-too-long",
    severity: Severity::Error,
    summary: "An expression longer than 10,000 characters (a limit in Entra's documented known \
              issues).",
    why: "Entra does not accept it.",
    example: "A `Switch` with hundreds of cases: move the lookup into the source system, or \
              split it across attributes.",
};

pub(crate) fn check(cx: &Context<'_>, sink: &mut Sink) {
    let catalog = &cx.catalogs.functions;
    for view in &cx.schemas {
        for site in view.object_mappings() {
            for (index, mapping) in site.mapping.attribute_mappings().iter().enumerate() {
                let Some(source) = mapping.source.get() else {
                    continue;
                };
                let at = site.at.key("attributeMappings").index(index).key("source");
                let text_at = at.key("expression");
                let Some(text) = source.expression.as_str() else {
                    // No text: judge the tree's function names alone.
                    for (node, node_at) in source_nodes(source, &at) {
                        let is_function =
                            node.node_type() == Some(AttributeMappingSourceType::Function);
                        if let (true, Some(name)) = (is_function, node.name.as_str())
                            && catalog.lookup(name).is_none()
                        {
                            sink.report(
                                &UNKNOWN_FUNCTION,
                                node_at.key("name"),
                                format!("unknown function `{name}`"),
                                "use a function of the expression language (see `synclens expr`)",
                            );
                        }
                    }
                    continue;
                };
                if let Some(problem) = expr::check_length(text) {
                    sink.report(
                        &TOO_LONG,
                        text_at.clone(),
                        problem.kind.to_string(),
                        "shorten the expression",
                    );
                }
                let parsed = match expr::parse(text) {
                    Ok(parsed) => parsed,
                    Err(error) => {
                        sink.report(
                            &SYNTAX,
                            text_at.clone(),
                            format!("the expression does not parse: {error}"),
                            "fix the expression; `synclens expr parse` shows where it stops making sense",
                        )
                        .inside(error.offset());
                        continue;
                    }
                };
                for problem in catalog.check(&parsed) {
                    let meta = match problem.kind {
                        ProblemKind::UnknownFunction { .. } => &UNKNOWN_FUNCTION,
                        ProblemKind::TooManyArguments { .. } => &UNKNOWN_SIGNATURE,
                        ProblemKind::ExpressionTooLong { .. } => continue,
                        _ => &ARGUMENTS,
                    };
                    let help = match &problem.kind {
                        ProblemKind::UnknownFunction { name } => {
                            let names = catalog.functions().map(|f| f.name.as_str());
                            let hint = crate::validate::suggest::did_you_mean(name, names);
                            format!("use a function of the expression language{hint}")
                        }
                        ProblemKind::TooManyArguments { .. } => {
                            "if the function gained a parameter, load the tenant's `/functions` \
                             (`--functions`); else remove the extra arguments (`synclens expr \
                             parse` shows how the text is read)"
                                .to_owned()
                        }
                        _ => "give the function the arguments it takes (`synclens expr parse` \
                              shows how the text is read)"
                            .to_owned(),
                    };
                    let message = match &problem.kind {
                        ProblemKind::TooManyArguments {
                            function,
                            max,
                            given,
                        } => format!(
                            "{function} takes at most {max} argument{} that synclens knows of, \
                             {given} given",
                            if *max == 1 { "" } else { "s" }
                        ),
                        other => other.to_string(),
                    };
                    sink.report(meta, text_at.clone(), message, help)
                        .inside(problem.span.start);
                }
                if let Consistency::Differ(mismatch) = expr::check_consistency(source, catalog) {
                    let mut pointer = at.clone();
                    for token in mismatch.pointer.tokens() {
                        pointer = match token.parse::<usize>() {
                            Ok(index) => pointer.index(index),
                            Err(_) => pointer.key(&token),
                        };
                    }
                    if let MismatchKind::UnknownParameter { function, key } = &mismatch.kind {
                        sink.report(
                            &UNKNOWN_SIGNATURE,
                            pointer,
                            format!(
                                "the tree keys a parameter of {function} `{key}`, which is none \
                                 of the parameters synclens knows for it"
                            ),
                            "if the function gained a parameter, load the tenant's `/functions` \
                             (`--functions`); else make the text and the tree agree",
                        )
                        .related(text_at.clone(), "the expression text");
                        continue;
                    }
                    sink.report(
                        &TREE_MISMATCH,
                        pointer,
                        format!(
                            "the expression text and its tree differ: {}",
                            mismatch.message
                        ),
                        "make both say the same: edit the mapping in the portal (it rewrites \
                         both), or rebuild the tree from the text with `synclens expr parse \
                         --format json`, after writing any runtime placeholder the tree holds \
                         (such as `%DomainFQDN%`) into the text, or the rebuilt tree loses it",
                    )
                    .related(text_at.clone(), "the expression text");
                }
            }
        }
    }
}
