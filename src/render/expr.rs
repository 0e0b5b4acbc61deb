//! `synclens expr parse`'s output: an expression's tree as indented text (arguments
//! labelled with their parameter names) or as the attributeMappingSource JSON, chosen
//! by [`TreeFormat`] and dispatched by [`render`]; and [`caret`], the expression line
//! with a caret under a column, for the errors of `expr` and `eval`.

use std::fmt::Write as _;

use super::style::caret_pad;
use crate::choice::choices;
use crate::expr::{
    Catalog, Expr, ExprKind, Position, SlotBinding, TreeError, print, to_source_tree,
};

choices! {
    /// How `expr parse` prints the tree.
    pub enum TreeFormat {
        Tree = "tree": "Indented text, arguments labelled with their parameter names",
        Json = "json": "The attributeMappingSource JSON Graph stores next to the text",
    }
}

/// The tree of `expr` in `format`, names resolved against `catalog`.
///
/// # Errors
///
/// For [`TreeFormat::Json`], when the expression has no tree form (an unknown function,
/// too many arguments, …).
pub fn render(expr: &Expr, catalog: &Catalog, format: TreeFormat) -> Result<String, TreeError> {
    match format {
        TreeFormat::Tree => {
            let mut out = String::new();
            render_tree(&mut out, expr, catalog, None, 0);
            Ok(out)
        }
        TreeFormat::Json => to_source_tree(expr, catalog).map(|tree| super::pretty_json(&tree)),
    }
}

/// The line of `text` holding `position`, and a caret under its column (for
/// expression errors of `expr` and `eval`).
pub fn caret(text: &str, position: Position) -> String {
    let line = text
        .split('\n')
        .nth(position.line.saturating_sub(1))
        .unwrap_or("")
        .trim_end_matches('\r');
    let indent = caret_pad(line, position.column);
    format!("  {line}\n  {indent}^\n")
}

/// Writes one node and its children, two spaces per level.
fn render_tree(
    out: &mut String,
    expr: &Expr,
    catalog: &Catalog,
    label: Option<&str>,
    depth: usize,
) {
    let indent = "  ".repeat(depth);
    let label = label.map(|label| format!("{label}: ")).unwrap_or_default();
    let description = match &expr.kind {
        ExprKind::Call(call) if catalog.lookup(&call.name).is_none() => {
            format!("call {} (unknown function)", call.name)
        }
        ExprKind::Call(call) => format!("call {}", call.name),
        ExprKind::Attribute(_) => format!("attribute {}", print(expr)),
        ExprKind::String(_) => format!("string {}", print(expr)),
        ExprKind::Integer(digits) => format!("integer {digits}"),
        ExprKind::Hex(_) => format!("hex {}", print(expr)),
        ExprKind::Placeholder(_) => format!("placeholder {}", print(expr)),
        ExprKind::Identifier(name) => format!("identifier {name}"),
        ExprKind::Compare { op, .. } => format!("compare {op}"),
        ExprKind::Concat(_) => "concat &".to_owned(),
    };
    let _ = writeln!(out, "{indent}{label}{description}");
    match &expr.kind {
        ExprKind::Call(call) => {
            let bindings = catalog
                .lookup(&call.name)
                .map(|spec| spec.bind_leniently(call.args.len()))
                .unwrap_or_default();
            for (index, arg) in call.args.iter().enumerate() {
                let label = match bindings.get(index) {
                    Some(SlotBinding::Condition {
                        left,
                        operator,
                        right,
                    }) if matches!(
                        arg.value.as_ref().map(|value| &value.kind),
                        Some(ExprKind::Compare { .. })
                    ) =>
                    {
                        format!("{}, {}, {}", left.name, operator.name, right.name)
                    }
                    Some(binding) => binding.parameter().name.clone(),
                    None => format!("argument {}", index + 1),
                };
                match &arg.value {
                    Some(value) => render_tree(out, value, catalog, Some(&label), depth + 1),
                    None => {
                        let _ = writeln!(out, "{indent}  {label}: (empty)");
                    }
                }
            }
        }
        ExprKind::Compare { left, right, .. } => {
            render_tree(out, left, catalog, Some("left"), depth + 1);
            render_tree(out, right, catalog, Some("right"), depth + 1);
        }
        ExprKind::Concat(parts) => {
            for (index, part) in parts.iter().enumerate() {
                let label = format!("part {}", index + 1);
                render_tree(out, part, catalog, Some(&label), depth + 1);
            }
        }
        _ => {}
    }
}
