//! The canonical text of an expression, in the form Graph itself writes: `, ` between
//! arguments, empty slots kept as empty text between commas, no spaces around a
//! comparison operator (`BitAnd([userAccountControl], 2)="0"`), ` & ` between
//! concatenated parts, `\"` and `\\` escaped in strings.
//!
//! The printer walks the tree with an explicit stack, so no tree is too deep to print.

use super::ast::{Expr, ExprKind};

enum Piece<'a> {
    Node(&'a Expr),
    Text(&'static str),
}

/// The canonical text of `expr`.
pub(crate) fn print(expr: &Expr) -> String {
    let mut out = String::new();
    let mut stack = vec![Piece::Node(expr)];
    while let Some(piece) = stack.pop() {
        let node = match piece {
            Piece::Text(text) => {
                out.push_str(text);
                continue;
            }
            Piece::Node(node) => node,
        };
        match &node.kind {
            ExprKind::Call(call) => {
                out.push_str(&call.name);
                out.push('(');
                stack.push(Piece::Text(")"));
                for (index, arg) in call.args.iter().enumerate().rev() {
                    if let Some(value) = &arg.value {
                        stack.push(Piece::Node(value));
                    }
                    if index > 0 {
                        stack.push(Piece::Text(", "));
                    }
                }
            }
            ExprKind::Attribute(name) => {
                out.push('[');
                out.push_str(name);
                out.push(']');
            }
            ExprKind::String(value) => push_string(&mut out, value),
            ExprKind::Integer(digits) | ExprKind::Identifier(digits) => out.push_str(digits),
            ExprKind::Hex(digits) => {
                out.push_str("&H");
                out.push_str(digits);
            }
            ExprKind::Placeholder(name) => {
                out.push('%');
                out.push_str(name);
                out.push('%');
            }
            ExprKind::Compare { op, left, right } => {
                stack.push(Piece::Node(right));
                stack.push(Piece::Text(op.as_str()));
                stack.push(Piece::Node(left));
            }
            ExprKind::Concat(parts) => {
                for (index, part) in parts.iter().enumerate().rev() {
                    stack.push(Piece::Node(part));
                    if index > 0 {
                        stack.push(Piece::Text(" & "));
                    }
                }
            }
        }
    }
    out
}

/// Appends `value` as a quoted string constant.
pub(crate) fn push_string(out: &mut String, value: &str) {
    out.push('"');
    for c in value.chars() {
        if matches!(c, '"' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('"');
}

/// `value` as a quoted string constant (`a"b` → `"a\"b"`).
pub(crate) fn quote(value: &str) -> String {
    let mut out = String::with_capacity(value.len() + 2);
    push_string(&mut out, value);
    out
}
