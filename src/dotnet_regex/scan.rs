//! The second pass over a pattern: sequences, alternation, group nesting and
//! quantifiers (what may be quantified, stacked quantifiers, `{n,m}` bounds).

use super::DotnetRegexError;
use super::chars::{is_special, is_x_space};
use super::parser::{MAX_NUMBER, Options, Parser, Res};

#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum GroupKind {
    Ordinary,
    /// `(?(expression)yes|no)`: the condition, then at most two branches.
    ExpressionConditional,
    /// `(?(name)yes|no)`: at most two branches.
    BackreferenceConditional,
}

pub(super) struct OpenGroup {
    pub(super) open_at: usize,
    pub(super) saved: Options,
    pub(super) kind: GroupKind,
    pub(super) children: u32,
}

/// What ends a run of literal text.
pub(super) enum Token {
    End,
    Ordinary,
    Special(char, usize),
}

impl Parser {
    pub(super) fn scan_regex(&mut self) -> Res<()> {
        let mut stack: Vec<OpenGroup> = Vec::new();
        let mut is_quantifier = false;
        while self.pos < self.len() {
            let mut was_quantifier = is_quantifier;
            is_quantifier = false;
            let mut unit = false;

            let (token, had_literal) = self.scan_literal_run()?;
            if had_literal {
                was_quantifier = false;
                // The last literal character is what a following quantifier repeats.
                if let Token::Special('*' | '+' | '?' | '{', _) = token {
                    unit = true;
                }
            }

            match token {
                Token::End => break,
                Token::Ordinary => continue,
                Token::Special(c, at) => match c {
                    '[' => self.scan_class(at, false)?,
                    '(' => {
                        let saved = self.options;
                        let current = stack.last().map_or(GroupKind::Ordinary, |g| g.kind);
                        if let Some(kind) = self.scan_group_open(at, current)? {
                            stack.push(OpenGroup {
                                open_at: at,
                                saved,
                                kind,
                                children: 0,
                            });
                        }
                        continue;
                    }
                    '|' => {
                        if let Some(g) = stack.last_mut()
                            && g.kind != GroupKind::Ordinary
                        {
                            g.children = g.children.saturating_add(1);
                        }
                        continue;
                    }
                    ')' => {
                        if !self.close_group(&mut stack, at)? {
                            continue;
                        }
                    }
                    '\\' => {
                        if self.pos >= self.len() {
                            return Err(self.err(at, "Illegal \\ at end of pattern"));
                        }
                        self.scan_backslash(at, false)?;
                    }
                    '^' | '$' | '.' => {}
                    _ => {
                        // A quantifier character: it needs something to repeat.
                        if !unit {
                            return Err(self.quantifier_error(c, at, was_quantifier));
                        }
                        self.pos -= 1;
                    }
                },
            }

            self.scan_blank()?;
            if self.pos >= self.len() || !self.is_true_quantifier() {
                continue;
            }
            is_quantifier = true;
            self.scan_quantifier()?;
        }
        match stack.last() {
            Some(g) => Err(self.err(g.open_at, "Not enough )'s: this group is never closed")),
            None => Ok(()),
        }
    }

    /// Skips literal text; returns the token that ends it and whether any
    /// literal text was skipped.
    fn scan_literal_run(&mut self) -> Res<(Token, bool)> {
        self.scan_blank()?;
        let start = self.pos;
        while let Some(c) = self.at(self.pos) {
            let stops =
                is_special(c) || (self.options.ignore_whitespace && (is_x_space(c) || c == '#'));
            // A `{` that does not open a complete quantifier is literal text.
            if stops && (c != '{' || self.is_true_quantifier()) {
                break;
            }
            self.pos += 1;
        }
        let end = self.pos;
        self.scan_blank()?;
        let token = match self.at(self.pos) {
            None => Token::End,
            Some(c) if is_special(c) => {
                let at = self.pos;
                self.pos += 1;
                Token::Special(c, at)
            }
            Some(_) => Token::Ordinary,
        };
        Ok((token, start < end))
    }

    /// Handles `)`; returns whether the closed group can take a quantifier.
    fn close_group(&mut self, stack: &mut Vec<OpenGroup>, at: usize) -> Res<bool> {
        let Some(group) = stack.pop() else {
            return Err(self.err(at, "Too many )'s: this ) has no matching ("));
        };
        let limit = match group.kind {
            GroupKind::Ordinary => u32::MAX,
            GroupKind::BackreferenceConditional => 2,
            GroupKind::ExpressionConditional => 3,
        };
        if group.children.saturating_add(1) > limit {
            return Err(self.err(
                group.open_at,
                "Too many | in (?()|): a conditional takes at most two alternatives",
            ));
        }
        self.options = group.saved;
        if let Some(parent) = stack.last_mut()
            && parent.kind == GroupKind::ExpressionConditional
            && parent.children == 0
        {
            // This group was the condition of `(?(condition)yes|no)`.
            parent.children = 1;
            return Ok(false);
        }
        Ok(true)
    }

    /// Scans `*`, `+`, `?`, `{n}`, `{n,}` or `{n,m}` and an optional lazy `?`.
    fn scan_quantifier(&mut self) -> Res<()> {
        let at = self.pos;
        let c = self.at(self.pos);
        self.pos += 1;
        let (min, max) = match c {
            Some('*') => (0, MAX_NUMBER),
            Some('+') => (1, MAX_NUMBER),
            Some('?') => (0, 1),
            _ => {
                let digits = self.pos;
                let min = self.scan_decimal(at)?;
                let mut max = min;
                if self.pos > digits && self.is(self.pos, ',') {
                    self.pos += 1;
                    max = if self.pos >= self.len() || self.is(self.pos, '}') {
                        MAX_NUMBER
                    } else {
                        self.scan_decimal(at)?
                    };
                }
                if self.pos == digits || !self.is(self.pos, '}') {
                    // Not reachable after `is_true_quantifier`; read `{` as literal.
                    self.pos = digits;
                    return Ok(());
                }
                self.pos += 1;
                (min, max)
            }
        };
        self.scan_blank()?;
        if self.is(self.pos, '?') {
            self.pos += 1;
        }
        if min > max {
            return Err(self.err(at, "Illegal {x,y} with x > y"));
        }
        Ok(())
    }

    fn quantifier_error(&self, c: char, at: usize, nested: bool) -> DotnetRegexError {
        if nested {
            self.err(
                at,
                format!("Nested quantifier '{c}': a quantifier cannot follow another quantifier"),
            )
        } else if c == '{' {
            self.err(at, "Quantifier {x,y} following nothing")
        } else {
            self.err(at, format!("Quantifier '{c}' following nothing"))
        }
    }
}
