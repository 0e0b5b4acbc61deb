//! Grouping constructs: `(?:`, lookaround, atomic and named groups, balancing groups,
//! conditionals `(?(..)yes|no)`, comments and inline options.

use super::DotnetRegexError;
use super::chars::{NON_SCALAR, is_name_char};
use super::parser::{Parser, Res};
use super::scan::GroupKind;

impl Parser {
    fn invalid_group(&self, open_at: usize) -> DotnetRegexError {
        self.err(open_at, "Unrecognized grouping construct")
    }

    /// Scans what follows `(` (pos just after it). Returns the kind of group
    /// opened, or `None` for an inline option setting such as `(?i)`.
    pub(super) fn scan_group_open(
        &mut self,
        open_at: usize,
        current: GroupKind,
    ) -> Res<Option<GroupKind>> {
        if !self.is(self.pos, '?') || self.is(self.pos + 1, ')') {
            return Ok(Some(GroupKind::Ordinary));
        }
        self.pos += 1;
        let Some(c) = self.at(self.pos) else {
            return Err(self.invalid_group(open_at));
        };
        self.pos += 1;
        match c {
            ':' | '=' | '!' | '>' => Ok(Some(GroupKind::Ordinary)),
            '<' | '\'' => self.scan_named_group(open_at, c),
            '(' => self.scan_conditional(open_at),
            _ => {
                self.pos -= 1;
                // .NET does not read options directly inside `(?(condition)..)`.
                if current != GroupKind::ExpressionConditional {
                    self.scan_options();
                }
                match self.at(self.pos) {
                    Some(')') => {
                        self.pos += 1;
                        Ok(None)
                    }
                    Some(':') => {
                        self.pos += 1;
                        Ok(Some(GroupKind::Ordinary))
                    }
                    _ => Err(self.invalid_group(open_at)),
                }
            }
        }
    }

    /// Scans `(?<..>`, `(?'..'`, lookbehinds and balancing groups (pos just
    /// after the `<` or `'`).
    fn scan_named_group(&mut self, open_at: usize, opener: char) -> Res<Option<GroupKind>> {
        const BAD_NAME: &str = "Invalid group name: group names must begin with a word character";
        let close = if opener == '\'' { '\'' } else { '>' };
        let Some(c) = self.at(self.pos) else {
            return Err(self.invalid_group(open_at));
        };
        if matches!(c, '=' | '!') {
            self.pos += 1;
            return if close == '>' {
                Ok(Some(GroupKind::Ordinary))
            } else {
                Err(self.invalid_group(open_at))
            };
        }
        let mut capnum: Option<u32> = None;
        let mut uncapnum: Option<u32> = None;
        let mut proceed = false;
        if c.is_ascii_digit() {
            let n = self.scan_decimal(open_at)?;
            if self.is_slot(n) {
                capnum = Some(n);
            }
            if self.pos < self.len() && !self.is(self.pos, close) && !self.is(self.pos, '-') {
                return Err(self.err(open_at, BAD_NAME));
            }
            if capnum == Some(0) {
                return Err(self.err(open_at, "Capture number cannot be zero"));
            }
        } else if is_name_char(c) {
            let name = self.scan_name();
            capnum = self.names.get(&name).copied();
            if self.pos < self.len() && !self.is(self.pos, close) && !self.is(self.pos, '-') {
                return Err(self.err(open_at, BAD_NAME));
            }
        } else if c == '-' {
            proceed = true;
        } else {
            return Err(self.err(open_at, BAD_NAME));
        }

        if (capnum.is_some() || proceed) && self.pos + 1 < self.len() && self.is(self.pos, '-') {
            self.pos += 1;
            let c2 = self.at(self.pos).unwrap_or(NON_SCALAR);
            if c2.is_ascii_digit() {
                let n = self.scan_decimal(open_at)?;
                if !self.is_slot(n) {
                    return Err(
                        self.err(open_at, format!("Reference to undefined group number {n}"))
                    );
                }
                uncapnum = Some(n);
            } else if is_name_char(c2) {
                let name = self.scan_name();
                let Some(n) = self.names.get(&name).copied() else {
                    return Err(self.err(
                        open_at,
                        format!(
                            "Reference to undefined group name '{}'",
                            Self::name_text(&name)
                        ),
                    ));
                };
                uncapnum = Some(n);
            } else {
                return Err(self.err(open_at, BAD_NAME));
            }
            if self.pos < self.len() && !self.is(self.pos, close) {
                return Err(self.err(open_at, BAD_NAME));
            }
        }

        if (capnum.is_some() || uncapnum.is_some()) && self.is(self.pos, close) {
            self.pos += 1;
            Ok(Some(GroupKind::Ordinary))
        } else {
            Err(self.invalid_group(open_at))
        }
    }

    /// Scans `(?(` (pos just after the second `(`).
    fn scan_conditional(&mut self, open_at: usize) -> Res<Option<GroupKind>> {
        let paren = self.pos;
        if let Some(c) = self.at(self.pos) {
            if c.is_ascii_digit() {
                let n = self.scan_decimal(open_at)?;
                if !self.is(self.pos, ')') {
                    return Err(self.err(open_at, format!("(?({n}) ) malformed")));
                }
                self.pos += 1;
                if self.is_slot(n) {
                    return Ok(Some(GroupKind::BackreferenceConditional));
                }
                return Err(self.err(open_at, format!("(?({n}) ) reference to undefined group")));
            }
            if is_name_char(c) {
                let name = self.scan_name();
                if self.names.contains_key(&name) && self.is(self.pos, ')') {
                    self.pos += 1;
                    return Ok(Some(GroupKind::BackreferenceConditional));
                }
            }
        }
        // The condition is an expression: re-read it from its `(` as a group.
        self.pos = paren - 1;
        if self.pos + 2 < self.len() && self.is(self.pos + 1, '?') {
            if self.is(self.pos + 2, '#') {
                return Err(self.err(open_at, "Alternation conditions cannot be comments"));
            }
            let named = self.is(self.pos + 2, '\'')
                || (self.pos + 3 < self.len()
                    && self.is(self.pos + 2, '<')
                    && !self.is(self.pos + 3, '!')
                    && !self.is(self.pos + 3, '='));
            if named {
                return Err(self.err(
                    open_at,
                    "Alternation conditions do not capture and cannot be named",
                ));
            }
        }
        Ok(Some(GroupKind::ExpressionConditional))
    }
}
