//! The expression rules: E501 expression-syntax, E502 unknown-function, E503
//! wrong-argument-count, E504 expression-tree-mismatch, E506 expression-too-long and
//! E507 unknown-signature: an attribute mapping's expression text against the parser,
//! the function catalog and its structured tree, in one pass over every source (the
//! text parsed once, by the context). Findings point into the expression (line and
//! column of the offending character inside the JSON string).

pub(crate) mod expression_syntax;
pub(crate) mod expression_too_long;
pub(crate) mod expression_tree_mismatch;
pub(crate) mod unknown_function;
pub(crate) mod unknown_signature;
pub(crate) mod wrong_argument_count;

use super::source_nodes;
use crate::expr::{self, Catalog, Consistency, MismatchKind, ProblemKind};
use crate::model::AttributeMappingSourceType;
use crate::pointer::JsonPointer;
use crate::validate::context::{Context, Sink, SourceSite};

pub(crate) fn check(cx: &Context<'_>, sink: &mut Sink) {
    let catalog = &cx.catalogs.functions;
    for view in &cx.schemas {
        for site in view.object_mappings() {
            for source in &site.sources {
                check_source(catalog, source, sink);
            }
        }
    }
}

fn check_source(catalog: &Catalog, site: &SourceSite<'_>, sink: &mut Sink) {
    let (source, at) = (site.source, &site.at);
    let text_at = at.key("expression");
    let Some((text, parsed)) = &site.expression else {
        // No text: judge the tree's function names alone.
        for (node, node_at) in source_nodes(source, at) {
            let is_function = node.node_type() == Some(AttributeMappingSourceType::Function);
            if let (true, Some(name)) = (is_function, node.name.as_str())
                && catalog.lookup(name).is_none()
            {
                unknown_function::report_node(name, &node_at, sink);
            }
        }
        return;
    };
    expression_too_long::check(text, &text_at, sink);
    let parsed = match parsed {
        Ok(parsed) => parsed,
        Err(error) => {
            expression_syntax::report(error, &text_at, sink);
            return;
        }
    };
    for problem in catalog.check(parsed) {
        match &problem.kind {
            ProblemKind::UnknownFunction { name } => {
                unknown_function::report(catalog, &problem, name, &text_at, sink);
            }
            ProblemKind::TooManyArguments {
                function,
                max,
                given,
            } => unknown_signature::report_arguments(
                &problem,
                (function, *max, *given),
                &text_at,
                sink,
            ),
            ProblemKind::ExpressionTooLong { .. } => {}
            _ => wrong_argument_count::report(&problem, &text_at, sink),
        }
    }
    if let Consistency::Differ(mismatch) = expr::check_consistency(source, catalog) {
        let mut pointer: JsonPointer = at.clone();
        for token in mismatch.pointer.tokens() {
            pointer = match token.parse::<usize>() {
                Ok(index) => pointer.index(index),
                Err(_) => pointer.key(&token),
            };
        }
        if let MismatchKind::UnknownParameter { function, key } = &mismatch.kind {
            unknown_signature::report_parameter(pointer, function, key, &text_at, sink);
            return;
        }
        expression_tree_mismatch::report(pointer, &mismatch, &text_at, sink);
    }
}
