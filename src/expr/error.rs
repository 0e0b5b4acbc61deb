//! Why an expression text could not be parsed, and where: a byte offset plus the
//! 1-based line and character column a person counts.

use std::fmt;

/// An expression that could not be parsed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{kind} at {position}")]
pub struct ParseError {
    /// What went wrong.
    pub kind: ParseErrorKind,
    /// Where.
    pub position: Position,
}

impl ParseError {
    /// An error of `kind` at byte `offset` of `text`.
    pub(crate) fn new(kind: ParseErrorKind, text: &str, offset: usize) -> Self {
        ParseError {
            kind,
            position: Position::of(text, offset),
        }
    }

    /// The byte offset of the error.
    pub fn offset(&self) -> usize {
        self.position.offset
    }
}

/// A place in an expression text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Position {
    /// Byte offset from the start of the text.
    pub offset: usize,
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters from the start of the line.
    pub column: usize,
}

impl Position {
    /// The position of byte `offset` in `text` (clamped to the text; an offset inside a
    /// character counts as that character).
    pub fn of(text: &str, offset: usize) -> Self {
        let offset = offset.min(text.len());
        let mut line = 1;
        let mut column = 1;
        for (index, c) in text.char_indices() {
            if index >= offset {
                break;
            }
            if c == '\n' {
                line += 1;
                column = 1;
            } else {
                column += 1;
            }
        }
        Position {
            offset,
            line,
            column,
        }
    }
}

impl fmt::Display for Position {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line == 1 {
            write!(f, "column {}", self.column)
        } else {
            write!(f, "line {}, column {}", self.line, self.column)
        }
    }
}

/// The kinds of parse error. Each message reads naturally followed by "at column N".
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ParseErrorKind {
    /// The text holds nothing but white space.
    #[error("empty expression")]
    Empty,
    /// A `"` without its closing `"`.
    #[error("unclosed string starting")]
    UnclosedString,
    /// A `[` without its closing `]`.
    #[error("unclosed attribute reference starting")]
    UnclosedAttribute,
    /// `[]`.
    #[error("empty attribute name")]
    EmptyAttribute,
    /// `&H` not followed by a hexadecimal digit.
    #[error("expected hexadecimal digits after '&H'")]
    MissingHexDigits,
    /// `-` not followed by a digit.
    #[error("expected digits after '-'")]
    MissingDigits,
    /// A `%` that does not start a placeholder `%Name%`.
    #[error("expected a placeholder such as %DomainFQDN% (a name between two '%')")]
    UnclosedPlaceholder,
    /// A character that starts no token.
    #[error("unexpected character {0:?}")]
    UnexpectedCharacter(char),
    /// An expression was expected (operand, argument, whole expression).
    #[error("expected {expected}, found {found}")]
    ExpectedExpression {
        /// What was expected, e.g. "an expression after '&'".
        expected: String,
        /// What was found instead.
        found: String,
    },
    /// After an argument, something other than `,` or `)`.
    #[error("expected ',' or ')' after argument {argument} of {function}, found {found}")]
    ExpectedArgumentEnd {
        /// The function being called.
        function: String,
        /// The 1-based argument number.
        argument: usize,
        /// What was found instead.
        found: String,
    },
    /// Text after a complete expression.
    #[error("found {found} after the end of the expression")]
    TrailingInput {
        /// What was found.
        found: String,
    },
    /// Calls nested deeper than the limit.
    #[error("calls nested deeper than {limit} levels")]
    TooDeep {
        /// The limit ([`MAX_DEPTH`](super::MAX_DEPTH)).
        limit: usize,
    },
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_count_characters_and_lines() {
        let text = "ab\né(x";
        assert_eq!(
            Position::of(text, 0),
            Position {
                offset: 0,
                line: 1,
                column: 1
            }
        );
        let after_accent = Position::of(text, 5);
        assert_eq!((after_accent.line, after_accent.column), (2, 2));
        assert_eq!(Position::of(text, 99).offset, text.len());
        assert_eq!(after_accent.to_string(), "line 2, column 2");
    }
}
