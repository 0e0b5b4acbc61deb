//! The syntax tree of an attribute-mapping expression: every node carries the byte span
//! of the text it came from, and the tree can be walked without recursion.

use std::fmt;

/// A byte range `start..end` in the expression text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct Span {
    /// Offset of the first byte.
    pub start: usize,
    /// Offset one past the last byte.
    pub end: usize,
}

impl Span {
    /// The span `start..end`.
    pub fn new(start: usize, end: usize) -> Self {
        Span { start, end }
    }

    /// The smallest span covering both.
    #[must_use]
    pub fn to(self, other: Span) -> Span {
        Span::new(self.start.min(other.start), self.end.max(other.end))
    }

    /// The text this span covers, if it lies on character boundaries of `text`.
    pub fn slice(self, text: &str) -> Option<&str> {
        text.get(self.start..self.end)
    }
}

/// An expression node with its span.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Expr {
    /// What the node is.
    pub kind: ExprKind,
    /// Where it is in the text.
    pub span: Span,
}

/// The kinds of expression node.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ExprKind {
    /// A function call `Name(arg, …)`.
    Call(Call),
    /// An attribute reference `[name]`; holds the text between the outer brackets.
    Attribute(String),
    /// A string constant `"…"`; holds the decoded value (escapes resolved).
    String(String),
    /// An integer constant such as `448` or `-10`; holds the digits as written (with a
    /// leading `-` when negative), so no value is ever too large.
    Integer(String),
    /// A hexadecimal constant such as `&HF7`; holds the digits after `&H` as written.
    Hex(String),
    /// A bare identifier constant such as `vbTextCompare` or `UTF8`.
    Identifier(String),
    /// A runtime placeholder such as `%DomainFQDN%`, which the service fills when it
    /// runs the expression; holds the name between the `%` signs.
    Placeholder(String),
    /// A comparison `left op right`.
    Compare {
        /// The operator.
        op: CompareOp,
        /// Left operand.
        left: Box<Expr>,
        /// Right operand.
        right: Box<Expr>,
    },
    /// A concatenation `a & b & …` (at least two parts, flattened).
    Concat(Vec<Expr>),
}

/// A function call.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Call {
    /// The function name as written.
    pub name: String,
    /// Where the name is.
    pub name_span: Span,
    /// The argument slots in order; `Name()` has none, `Name(a, )` has two.
    pub args: Vec<Arg>,
}

/// One argument slot of a call: an expression, or empty (an omitted argument).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Arg {
    /// The argument, `None` for an empty slot.
    pub value: Option<Expr>,
    /// The slot: the argument's span, or for an empty slot the empty span just before
    /// the `,` or `)` that ends it.
    pub span: Span,
}

impl Call {
    /// The supplied (non-empty) arguments, in order.
    pub fn supplied(&self) -> impl Iterator<Item = &Expr> {
        self.args.iter().filter_map(|arg| arg.value.as_ref())
    }
}

/// A comparison operator.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CompareOp {
    /// `=`
    Equal,
    /// `<>`
    NotEqual,
    /// `<`
    Less,
    /// `<=`
    LessOrEqual,
    /// `>`
    Greater,
    /// `>=`
    GreaterOrEqual,
}

impl CompareOp {
    /// Every operator.
    pub const ALL: [CompareOp; 6] = [
        CompareOp::Equal,
        CompareOp::NotEqual,
        CompareOp::Less,
        CompareOp::LessOrEqual,
        CompareOp::Greater,
        CompareOp::GreaterOrEqual,
    ];

    /// The operator's text.
    pub fn as_str(self) -> &'static str {
        match self {
            CompareOp::Equal => "=",
            CompareOp::NotEqual => "<>",
            CompareOp::Less => "<",
            CompareOp::LessOrEqual => "<=",
            CompareOp::Greater => ">",
            CompareOp::GreaterOrEqual => ">=",
        }
    }

    /// The operator spelled `text`, if any.
    pub fn from_text(text: &str) -> Option<CompareOp> {
        CompareOp::ALL.into_iter().find(|op| op.as_str() == text)
    }
}

impl fmt::Display for CompareOp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Expr {
    /// A node with the given kind and span.
    pub fn new(kind: ExprKind, span: Span) -> Self {
        Expr { kind, span }
    }

    /// The call, when this node is one.
    pub fn as_call(&self) -> Option<&Call> {
        match &self.kind {
            ExprKind::Call(call) => Some(call),
            _ => None,
        }
    }

    /// The direct children, in text order (empty slots skipped).
    pub fn children(&self) -> Vec<&Expr> {
        match &self.kind {
            ExprKind::Call(call) => call.supplied().collect(),
            ExprKind::Compare { left, right, .. } => vec![left.as_ref(), right.as_ref()],
            ExprKind::Concat(parts) => parts.iter().collect(),
            ExprKind::Attribute(_)
            | ExprKind::String(_)
            | ExprKind::Integer(_)
            | ExprKind::Hex(_)
            | ExprKind::Identifier(_)
            | ExprKind::Placeholder(_) => Vec::new(),
        }
    }

    /// Every node of the tree in text order (pre-order), this one first. Uses an explicit
    /// stack, so depth never matters.
    pub fn descendants(&self) -> Descendants<'_> {
        Descendants { stack: vec![self] }
    }

    /// Every attribute reference with its span, in text order.
    pub fn attribute_references(&self) -> impl Iterator<Item = (&str, Span)> {
        self.descendants().filter_map(|node| match &node.kind {
            ExprKind::Attribute(name) => Some((name.as_str(), node.span)),
            _ => None,
        })
    }

    /// Every call with the span of the whole call, in text order.
    pub fn calls(&self) -> impl Iterator<Item = (&Call, Span)> {
        self.descendants()
            .filter_map(|node| node.as_call().map(|call| (call, node.span)))
    }

    /// The same tree with every span set to zero: compares two trees by content only.
    #[must_use]
    pub fn without_spans(&self) -> Expr {
        let kind = match &self.kind {
            ExprKind::Call(call) => ExprKind::Call(Call {
                name: call.name.clone(),
                name_span: Span::default(),
                args: call
                    .args
                    .iter()
                    .map(|arg| Arg {
                        value: arg.value.as_ref().map(Expr::without_spans),
                        span: Span::default(),
                    })
                    .collect(),
            }),
            ExprKind::Compare { op, left, right } => ExprKind::Compare {
                op: *op,
                left: Box::new(left.without_spans()),
                right: Box::new(right.without_spans()),
            },
            ExprKind::Concat(parts) => {
                ExprKind::Concat(parts.iter().map(Expr::without_spans).collect())
            }
            other => other.clone(),
        };
        Expr::new(kind, Span::default())
    }
}

/// Pre-order iterator over a tree (see [`Expr::descendants`]).
#[derive(Debug, Clone)]
pub struct Descendants<'a> {
    stack: Vec<&'a Expr>,
}

impl<'a> Iterator for Descendants<'a> {
    type Item = &'a Expr;

    fn next(&mut self) -> Option<&'a Expr> {
        let node = self.stack.pop()?;
        self.stack.extend(node.children().into_iter().rev());
        Some(node)
    }
}
