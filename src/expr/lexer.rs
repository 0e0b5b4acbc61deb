//! Tokens of the expression language (SPEC.md §3.2), read one at a time on demand so
//! that memory stays flat on large inputs.
//!
//! Attribute references are bracket- and quote-aware: `[roles[primary eq "True"].value]`
//! is one reference. Strings decode `\"` and `\\`; any other backslash is kept as it is.
//! `&H` followed by a hexadecimal digit starts a hex literal; any other `&` is the
//! concatenation operator. `%Name%` is a runtime placeholder (SPEC.md §3.4: the service
//! fills `%DomainFQDN%`, `%DomainNetBios%`, … at run time); its name is letters, digits,
//! `_`, `.` and `-`.

use super::ast::{CompareOp, Span};
use super::error::{ParseError, ParseErrorKind};

/// What a token is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum TokenKind {
    /// A name: a function name or a bare identifier constant.
    Identifier(String),
    /// `[…]`, with the text between the outer brackets.
    Attribute(String),
    /// `"…"`, decoded.
    String(String),
    /// Digits with an optional leading `-`.
    Integer(String),
    /// The digits after `&H`.
    Hex(String),
    /// `%Name%`, with the name between the `%` signs.
    Placeholder(String),
    /// `(`
    OpenParen,
    /// `)`
    CloseParen,
    /// `,`
    Comma,
    /// `&`
    Ampersand,
    /// A comparison operator.
    Compare(CompareOp),
    /// The end of the text.
    End,
}

impl TokenKind {
    /// How the token is named in error messages.
    pub(crate) fn describe(&self) -> String {
        match self {
            TokenKind::Identifier(name) => format!("identifier {name:?}"),
            TokenKind::Attribute(name) => format!("attribute [{name}]"),
            TokenKind::String(_) => "a string".to_owned(),
            TokenKind::Integer(digits) => format!("number {digits}"),
            TokenKind::Hex(digits) => format!("&H{digits}"),
            TokenKind::Placeholder(name) => format!("placeholder %{name}%"),
            TokenKind::OpenParen => "'('".to_owned(),
            TokenKind::CloseParen => "')'".to_owned(),
            TokenKind::Comma => "','".to_owned(),
            TokenKind::Ampersand => "'&'".to_owned(),
            TokenKind::Compare(op) => format!("'{op}'"),
            TokenKind::End => "end of input".to_owned(),
        }
    }
}

/// A token and where it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Token {
    pub(crate) kind: TokenKind,
    pub(crate) span: Span,
}

/// Reads tokens from expression text.
pub(crate) struct Lexer<'a> {
    text: &'a str,
    position: usize,
}

impl<'a> Lexer<'a> {
    pub(crate) fn new(text: &'a str) -> Self {
        Lexer { text, position: 0 }
    }

    fn rest(&self) -> &'a str {
        self.text.get(self.position..).unwrap_or("")
    }

    fn peek_char(&self) -> Option<char> {
        self.rest().chars().next()
    }

    fn error(&self, kind: ParseErrorKind, offset: usize) -> ParseError {
        ParseError::new(kind, self.text, offset)
    }

    fn skip_white_space(&mut self) {
        let rest = self.rest();
        let trimmed = rest.trim_start_matches([' ', '\t', '\r', '\n']);
        self.position += rest.len() - trimmed.len();
    }

    /// Reads the next token.
    pub(crate) fn next_token(&mut self) -> Result<Token, ParseError> {
        self.skip_white_space();
        let start = self.position;
        let Some(c) = self.peek_char() else {
            return Ok(Token {
                kind: TokenKind::End,
                span: Span::new(start, start),
            });
        };
        let kind = match c {
            '(' => self.single(TokenKind::OpenParen),
            ')' => self.single(TokenKind::CloseParen),
            ',' => self.single(TokenKind::Comma),
            '=' => self.single(TokenKind::Compare(CompareOp::Equal)),
            '<' | '>' => self.comparison(c),
            '&' => self.ampersand(),
            '"' => self.string()?,
            '[' => self.attribute()?,
            '-' => self.negative_number()?,
            '%' => self.placeholder()?,
            c if c.is_ascii_digit() => TokenKind::Integer(self.take_while(|c| c.is_ascii_digit())),
            c if c.is_alphabetic() || c == '_' => {
                TokenKind::Identifier(self.take_while(|c| c.is_alphanumeric() || c == '_'))
            }
            c => return Err(self.error(ParseErrorKind::UnexpectedCharacter(c), start)),
        };
        Ok(Token {
            kind,
            span: Span::new(start, self.position),
        })
    }

    fn single(&mut self, kind: TokenKind) -> TokenKind {
        self.position += 1;
        kind
    }

    fn take_while(&mut self, accept: impl Fn(char) -> bool) -> String {
        let rest = self.rest();
        let length = rest.find(|c| !accept(c)).unwrap_or(rest.len());
        self.position += length;
        rest.get(..length).unwrap_or("").to_owned()
    }

    fn comparison(&mut self, first: char) -> TokenKind {
        let rest = self.rest();
        let op = if first == '<' {
            if rest.starts_with("<>") {
                CompareOp::NotEqual
            } else if rest.starts_with("<=") {
                CompareOp::LessOrEqual
            } else {
                CompareOp::Less
            }
        } else if rest.starts_with(">=") {
            CompareOp::GreaterOrEqual
        } else {
            CompareOp::Greater
        };
        self.position += op.as_str().len();
        TokenKind::Compare(op)
    }

    fn ampersand(&mut self) -> TokenKind {
        let rest = self.rest();
        let mut chars = rest.chars();
        chars.next();
        let is_hex = matches!(chars.next(), Some('H' | 'h'))
            && chars.next().is_some_and(|c| c.is_ascii_hexdigit());
        if is_hex {
            self.position += 2;
            TokenKind::Hex(self.take_while(|c| c.is_ascii_hexdigit()))
        } else {
            self.single(TokenKind::Ampersand)
        }
    }

    fn negative_number(&mut self) -> Result<TokenKind, ParseError> {
        let start = self.position;
        self.position += 1;
        if !self.peek_char().is_some_and(|c| c.is_ascii_digit()) {
            return Err(self.error(ParseErrorKind::MissingDigits, start));
        }
        let digits = self.take_while(|c| c.is_ascii_digit());
        Ok(TokenKind::Integer(format!("-{digits}")))
    }

    fn placeholder(&mut self) -> Result<TokenKind, ParseError> {
        let start = self.position;
        let rest = self.rest();
        let name_length = rest
            .get(1..)
            .unwrap_or("")
            .find(|c: char| !is_placeholder_char(c))
            .unwrap_or(rest.len().saturating_sub(1));
        let name = rest.get(1..=name_length).unwrap_or("");
        if name.is_empty() || rest.get(name_length + 1..name_length + 2) != Some("%") {
            return Err(self.error(ParseErrorKind::UnclosedPlaceholder, start));
        }
        self.position = start + name_length + 2;
        Ok(TokenKind::Placeholder(name.to_owned()))
    }

    fn string(&mut self) -> Result<TokenKind, ParseError> {
        let start = self.position;
        let mut value = String::new();
        let mut chars = self.rest().char_indices().skip(1);
        while let Some((index, c)) = chars.next() {
            match c {
                '"' => {
                    self.position = start + index + 1;
                    return Ok(TokenKind::String(value));
                }
                '\\' => match chars.next() {
                    Some((_, escaped @ ('"' | '\\'))) => value.push(escaped),
                    Some((_, other)) => {
                        value.push('\\');
                        value.push(other);
                    }
                    None => break,
                },
                c => value.push(c),
            }
        }
        Err(self.error(ParseErrorKind::UnclosedString, start))
    }

    fn attribute(&mut self) -> Result<TokenKind, ParseError> {
        let start = self.position;
        let rest = self.rest();
        let mut depth = 0usize;
        let mut in_quotes = false;
        let mut escaped = false;
        for (index, c) in rest.char_indices() {
            if in_quotes {
                if escaped {
                    escaped = false;
                } else if c == '\\' {
                    escaped = true;
                } else if c == '"' {
                    in_quotes = false;
                }
                continue;
            }
            match c {
                '"' => in_quotes = true,
                '[' => depth += 1,
                ']' => {
                    depth -= 1;
                    if depth == 0 {
                        let name = rest.get(1..index).unwrap_or("");
                        if name.is_empty() {
                            return Err(self.error(ParseErrorKind::EmptyAttribute, start));
                        }
                        self.position = start + index + 1;
                        return Ok(TokenKind::Attribute(name.to_owned()));
                    }
                }
                _ => {}
            }
        }
        Err(self.error(ParseErrorKind::UnclosedAttribute, start))
    }
}

/// Whether `name` reads back as the same attribute reference when written `[name]`:
/// non-empty, brackets balanced outside quotes, quotes closed.
pub(crate) fn is_valid_attribute_name(name: &str) -> bool {
    let text = format!("[{name}]");
    let mut lexer = Lexer::new(&text);
    matches!(lexer.next_token(), Ok(Token { kind: TokenKind::Attribute(read), span }) if read == name && span.end == text.len())
}

/// Whether `c` may appear in a placeholder's name (`%Name%`).
pub(crate) fn is_placeholder_char(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '_' | '.' | '-')
}

/// Whether `text` is a whole runtime placeholder, `%Name%`.
pub(crate) fn is_placeholder(text: &str) -> bool {
    text.strip_prefix('%')
        .and_then(|rest| rest.strip_suffix('%'))
        .is_some_and(|name| !name.is_empty() && name.chars().all(is_placeholder_char))
}

/// Whether `name` can be written as a function name or bare identifier.
pub(crate) fn is_valid_identifier(name: &str) -> bool {
    let mut chars = name.chars();
    chars.next().is_some_and(|c| c.is_alphabetic() || c == '_')
        && chars.all(|c| c.is_alphanumeric() || c == '_')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> Vec<TokenKind> {
        let mut lexer = Lexer::new(text);
        let mut kinds = Vec::new();
        loop {
            let token = lexer.next_token().unwrap();
            if token.kind == TokenKind::End {
                return kinds;
            }
            kinds.push(token.kind);
        }
    }

    #[test]
    fn tokens_of_every_kind() {
        use TokenKind as T;
        assert_eq!(
            kinds(r#"Mid( [a.b-c:d], "x\"y\\z", -10, &HF7 ) <> <= >= < > = & vbTextCompare"#),
            vec![
                T::Identifier("Mid".into()),
                T::OpenParen,
                T::Attribute("a.b-c:d".into()),
                T::Comma,
                T::String("x\"y\\z".into()),
                T::Comma,
                T::Integer("-10".into()),
                T::Comma,
                T::Hex("F7".into()),
                T::CloseParen,
                T::Compare(CompareOp::NotEqual),
                T::Compare(CompareOp::LessOrEqual),
                T::Compare(CompareOp::GreaterOrEqual),
                T::Compare(CompareOp::Less),
                T::Compare(CompareOp::Greater),
                T::Compare(CompareOp::Equal),
                T::Ampersand,
                T::Identifier("vbTextCompare".into()),
            ]
        );
    }

    #[test]
    fn attributes_are_bracket_and_quote_aware() {
        assert_eq!(
            kinds(r#"[roles[primary eq "Tr]ue"].value]"#),
            vec![TokenKind::Attribute(
                r#"roles[primary eq "Tr]ue"].value"#.into()
            )]
        );
        assert_eq!(
            kinds("[urn:ietf:params:scim:schemas:extension:contoso:1.0:User:JobCode]"),
            vec![TokenKind::Attribute(
                "urn:ietf:params:scim:schemas:extension:contoso:1.0:User:JobCode".into()
            )]
        );
        assert_eq!(
            kinds("[display name]"),
            vec![TokenKind::Attribute("display name".into())]
        );
        assert!(is_valid_attribute_name("a[b]c"));
        assert!(!is_valid_attribute_name("a]b"));
        assert!(!is_valid_attribute_name("a\"b"));
        assert!(!is_valid_attribute_name(""));
    }

    #[test]
    fn ampersand_h_without_digits_is_concatenation() {
        assert_eq!(
            kinds("[a] & Hello"),
            vec![
                TokenKind::Attribute("a".into()),
                TokenKind::Ampersand,
                TokenKind::Identifier("Hello".into())
            ]
        );
        assert_eq!(
            kinds("&Hz"),
            vec![TokenKind::Ampersand, TokenKind::Identifier("Hz".into())]
        );
    }

    #[test]
    fn unknown_escapes_keep_the_backslash() {
        assert_eq!(kinds(r#""\d\"""#), vec![TokenKind::String("\\d\"".into())]);
    }
}
