//! The scoping rules: F601 unknown-operator, F602 operator-arity and F604
//! multivalued-scoping-attribute, scoping filter clauses against the operator catalog
//! and the source attribute, in one pass over every clause.

pub(crate) mod multivalued_scoping_attribute;
pub(crate) mod operator_arity;
pub(crate) mod unknown_operator;

use crate::validate::context::{Context, Sink};

pub(crate) fn check(cx: &Context<'_>, sink: &mut Sink) {
    let operators = &cx.catalogs.operators;
    for view in &cx.schemas {
        for site in view.object_mappings() {
            for (at, clause) in site.scoping_clauses() {
                let values = clause
                    .target_operand
                    .get()
                    .map_or(0, |operand| operand.values.items().len());
                if let Some(name) = clause.operator_name.as_str() {
                    match operators.exact(name) {
                        None => unknown_operator::report(operators, name, &at, sink),
                        Some(operator) => {
                            operator_arity::check(operator, name, values, &at, sink);
                        }
                    }
                }
                multivalued_scoping_attribute::check(view, site, operators, (&at, clause), sink);
            }
        }
    }
}
