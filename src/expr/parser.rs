//! Parser from tokens to [`Expr`]. It keeps the calls it is inside on an explicit
//! stack instead of recursing, so no input can exhaust the stack; nesting deeper than
//! [`MAX_DEPTH`] is reported as an error.
//!
//! Grammar (SPEC.md §3.2; the service's own grammar is unpublished):
//!
//! ```text
//! Expression = Concat [ CmpOp Concat ] ;
//! Concat     = Primary { "&" Primary } ;
//! Primary    = Call | AttrRef | String | Integer | Hex | Ident | Placeholder ;
//! Call       = Name "(" [ Slot { "," Slot } ] ")" ;   Slot = [ Expression ] ;
//! ```

use super::MAX_DEPTH;
use super::ast::{Arg, Call, CompareOp, Expr, ExprKind, Span};
use super::error::{ParseError, ParseErrorKind};
use super::lexer::{Lexer, Token, TokenKind};

/// A call whose arguments are being read.
struct OpenCall {
    name: String,
    name_span: Span,
    args: Vec<Arg>,
}

impl OpenCall {
    fn finish(self, close: Span) -> Expr {
        let span = self.name_span.to(close);
        Expr::new(
            ExprKind::Call(Call {
                name: self.name,
                name_span: self.name_span,
                args: self.args,
            }),
            span,
        )
    }
}

/// One expression being read: the whole text, or an argument of an open call.
struct Level {
    /// The call this expression is an argument of; `None` for the whole text.
    call: Option<OpenCall>,
    /// The left side and operator of a comparison, once read.
    compare: Option<(Expr, CompareOp)>,
    /// The parts of the concatenation being read.
    parts: Vec<Expr>,
}

impl Level {
    fn new(call: Option<OpenCall>) -> Self {
        Level {
            call,
            compare: None,
            parts: Vec::new(),
        }
    }

    /// What the next operand is, for error messages.
    fn expecting(&self) -> String {
        if !self.parts.is_empty() {
            return "an expression after '&'".to_owned();
        }
        if let Some((_, op)) = &self.compare {
            return format!("an expression after '{op}'");
        }
        match &self.call {
            Some(call) => format!(
                "argument {} of {}, ',' or ')'",
                call.args.len() + 1,
                call.name
            ),
            None => "an expression".to_owned(),
        }
    }

    /// The expression read so far (the parts and the comparison, if any).
    fn finish(&mut self) -> Option<Expr> {
        let concat = match self.parts.len() {
            0 => return None,
            1 => self.parts.pop()?,
            _ => {
                let parts = std::mem::take(&mut self.parts);
                let span = match (parts.first(), parts.last()) {
                    (Some(first), Some(last)) => first.span.to(last.span),
                    _ => Span::default(),
                };
                Expr::new(ExprKind::Concat(parts), span)
            }
        };
        Some(match self.compare.take() {
            Some((left, op)) => {
                let span = left.span.to(concat.span);
                Expr::new(
                    ExprKind::Compare {
                        op,
                        left: Box::new(left),
                        right: Box::new(concat),
                    },
                    span,
                )
            }
            None => concat,
        })
    }
}

struct Parser<'a> {
    text: &'a str,
    lexer: Lexer<'a>,
    current: Token,
}

/// Parses expression text; see [`super::parse`].
pub(crate) fn parse(text: &str) -> Result<Expr, ParseError> {
    let mut lexer = Lexer::new(text);
    let current = lexer.next_token()?;
    let mut parser = Parser {
        text,
        lexer,
        current,
    };
    if parser.current.kind == TokenKind::End {
        return Err(parser.error(ParseErrorKind::Empty, parser.current.span.start));
    }
    parser.run()
}

/// What reading one operand gave.
enum Operand {
    /// A complete operand.
    Done(Expr),
    /// A call was opened: its first argument comes next.
    Opened(OpenCall),
}

impl Parser<'_> {
    fn error(&self, kind: ParseErrorKind, offset: usize) -> ParseError {
        ParseError::new(kind, self.text, offset)
    }

    /// Moves to the next token and returns the current one.
    fn advance(&mut self) -> Result<Token, ParseError> {
        let next = self.lexer.next_token()?;
        Ok(std::mem::replace(&mut self.current, next))
    }

    fn run(&mut self) -> Result<Expr, ParseError> {
        let mut level = Level::new(None);
        let mut outer: Vec<Level> = Vec::new();
        'operand: loop {
            let mut operand = match self.operand(&level, outer.len())? {
                Operand::Done(expr) => expr,
                Operand::Opened(mut call) => {
                    if let Some(close) = self.empty_slots(&mut call)? {
                        call.finish(close)
                    } else {
                        outer.push(std::mem::replace(&mut level, Level::new(Some(call))));
                        continue 'operand;
                    }
                }
            };
            // Fold the operand into the expression being read, closing calls upwards.
            loop {
                level.parts.push(operand);
                if self.current.kind == TokenKind::Ampersand {
                    self.advance()?;
                    continue 'operand;
                }
                if level.compare.is_none()
                    && let TokenKind::Compare(op) = self.current.kind
                {
                    self.advance()?;
                    let left = level.finish().ok_or_else(|| self.internal())?;
                    level.compare = Some((left, op));
                    continue 'operand;
                }
                let expr = level.finish().ok_or_else(|| self.internal())?;
                let Some(mut call) = level.call.take() else {
                    return self.end(expr);
                };
                call.args.push(Arg {
                    span: expr.span,
                    value: Some(expr),
                });
                let close = match self.current.kind {
                    TokenKind::Comma => {
                        self.advance()?;
                        self.empty_slots(&mut call)?
                    }
                    TokenKind::CloseParen => Some(self.advance()?.span),
                    _ => {
                        let kind = ParseErrorKind::ExpectedArgumentEnd {
                            argument: call.args.len(),
                            function: call.name,
                            found: self.current.kind.describe(),
                        };
                        return Err(self.error(kind, self.current.span.start));
                    }
                };
                let Some(close) = close else {
                    level.call = Some(call);
                    continue 'operand;
                };
                operand = call.finish(close);
                level = outer.pop().ok_or_else(|| self.internal())?;
            }
        }
    }

    /// An error for a state the parser never reaches (kept instead of a panic).
    fn internal(&self) -> ParseError {
        let kind = ParseErrorKind::ExpectedExpression {
            expected: "an expression".to_owned(),
            found: self.current.kind.describe(),
        };
        self.error(kind, self.current.span.start)
    }

    /// The whole expression has been read: only the end may follow.
    fn end(&self, expr: Expr) -> Result<Expr, ParseError> {
        if self.current.kind == TokenKind::End {
            Ok(expr)
        } else {
            let found = self.current.kind.describe();
            Err(self.error(
                ParseErrorKind::TrailingInput { found },
                self.current.span.start,
            ))
        }
    }

    /// Reads empty slots at the start of a slot; returns the span of `)` when the call
    /// ends, `None` when an argument follows.
    fn empty_slots(&mut self, call: &mut OpenCall) -> Result<Option<Span>, ParseError> {
        loop {
            // An empty slot is located just before the delimiter that ends it.
            let slot = Span::new(self.current.span.start, self.current.span.start);
            match self.current.kind {
                TokenKind::Comma => {
                    call.args.push(Arg {
                        value: None,
                        span: slot,
                    });
                    self.advance()?;
                }
                TokenKind::CloseParen => {
                    call.args.push(Arg {
                        value: None,
                        span: slot,
                    });
                    return Ok(Some(self.advance()?.span));
                }
                _ => return Ok(None),
            }
        }
    }

    /// Reads one operand: a constant, an attribute, or a call (zero-argument calls are
    /// complete at once; others are opened). `open_calls` counts the calls open.
    fn operand(&mut self, level: &Level, open_calls: usize) -> Result<Operand, ParseError> {
        let starts_operand = matches!(
            self.current.kind,
            TokenKind::Identifier(_)
                | TokenKind::Attribute(_)
                | TokenKind::String(_)
                | TokenKind::Integer(_)
                | TokenKind::Hex(_)
                | TokenKind::Placeholder(_)
        );
        if !starts_operand {
            let kind = ParseErrorKind::ExpectedExpression {
                expected: level.expecting(),
                found: self.current.kind.describe(),
            };
            return Err(self.error(kind, self.current.span.start));
        }
        let token = self.advance()?;
        let kind = match token.kind {
            TokenKind::Identifier(name) if self.current.kind == TokenKind::OpenParen => {
                if open_calls >= MAX_DEPTH {
                    return Err(self.error(
                        ParseErrorKind::TooDeep { limit: MAX_DEPTH },
                        token.span.start,
                    ));
                }
                self.advance()?;
                let call = OpenCall {
                    name,
                    name_span: token.span,
                    args: Vec::new(),
                };
                if self.current.kind == TokenKind::CloseParen {
                    let close = self.advance()?;
                    return Ok(Operand::Done(call.finish(close.span)));
                }
                return Ok(Operand::Opened(call));
            }
            TokenKind::Identifier(name) => ExprKind::Identifier(name),
            TokenKind::Attribute(name) => ExprKind::Attribute(name),
            TokenKind::String(value) => ExprKind::String(value),
            TokenKind::Integer(digits) => ExprKind::Integer(digits),
            TokenKind::Hex(digits) => ExprKind::Hex(digits),
            TokenKind::Placeholder(name) => ExprKind::Placeholder(name),
            other => {
                let kind = ParseErrorKind::ExpectedExpression {
                    expected: level.expecting(),
                    found: other.describe(),
                };
                return Err(self.error(kind, token.span.start));
            }
        };
        Ok(Operand::Done(Expr::new(kind, token.span)))
    }
}
