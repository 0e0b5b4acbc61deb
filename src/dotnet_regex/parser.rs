//! The parser state shared by both passes over a pattern (UTF-16 units, character
//! offsets, inline options, defined capture groups) and the lexing steps every
//! construct uses: blanks and comments, numbers, names, inline option letters and the
//! test for a true `{n,m}` quantifier.

use std::collections::{HashMap, HashSet};

use super::DotnetRegexError;
use super::chars::{NON_SCALAR, is_name_char, is_x_space};

pub(super) type Res<T> = Result<T, DotnetRegexError>;

/// Largest number .NET accepts in a quantifier or group number (`Int32.MaxValue`).
pub(super) const MAX_NUMBER: u32 = 2_147_483_647;

/// Inline options that change how the rest of a pattern is read.
#[derive(Clone, Copy, Default)]
pub(super) struct Options {
    /// `x`: whitespace and `#` comments between tokens are ignored.
    pub(super) ignore_whitespace: bool,
    /// `n`: plain `(...)` groups do not capture.
    pub(super) explicit_capture: bool,
}

pub(super) struct Parser {
    pub(super) units: Vec<u16>,
    /// `char_index[i]` is the character offset of UTF-16 unit `i` (plus one
    /// trailing entry for the end of the pattern).
    pub(super) char_index: Vec<usize>,
    pub(super) pos: usize,
    pub(super) options: Options,
    pub(super) slots: HashSet<u32>,
    pub(super) names: HashMap<Vec<u16>, u32>,
}

impl Parser {
    pub(super) fn new(pattern: &str) -> Self {
        let mut units = Vec::with_capacity(pattern.len());
        let mut char_index = Vec::with_capacity(pattern.len() + 1);
        let mut count = 0;
        for (index, ch) in pattern.chars().enumerate() {
            let mut buf = [0u16; 2];
            for unit in ch.encode_utf16(&mut buf) {
                units.push(*unit);
                char_index.push(index);
            }
            count = index + 1;
        }
        char_index.push(count);
        Self {
            units,
            char_index,
            pos: 0,
            options: Options::default(),
            slots: HashSet::new(),
            names: HashMap::new(),
        }
    }

    pub(super) fn len(&self) -> usize {
        self.units.len()
    }

    pub(super) fn at(&self, i: usize) -> Option<char> {
        self.units
            .get(i)
            .map(|&u| char::from_u32(u32::from(u)).unwrap_or(NON_SCALAR))
    }

    pub(super) fn is(&self, i: usize, c: char) -> bool {
        self.at(i) == Some(c)
    }

    pub(super) fn unit(&self, i: usize) -> u16 {
        self.units.get(i).copied().unwrap_or(0)
    }

    pub(super) fn err(&self, at: usize, message: impl Into<String>) -> DotnetRegexError {
        let fallback = self.char_index.last().copied().unwrap_or(0);
        DotnetRegexError {
            offset: self.char_index.get(at).copied().unwrap_or(fallback),
            message: message.into(),
        }
    }

    pub(super) fn is_slot(&self, n: u32) -> bool {
        self.slots.contains(&n)
    }

    /// Skips `(?#...)` comments and, under `x`, whitespace and `#` comments.
    pub(super) fn scan_blank(&mut self) -> Res<()> {
        loop {
            if self.options.ignore_whitespace {
                while self.at(self.pos).is_some_and(is_x_space) {
                    self.pos += 1;
                }
            }
            if self.options.ignore_whitespace && self.is(self.pos, '#') {
                self.pos = (self.pos..self.len())
                    .find(|&i| self.is(i, '\n'))
                    .unwrap_or(self.len());
            } else if self.is(self.pos, '(')
                && self.is(self.pos + 1, '?')
                && self.is(self.pos + 2, '#')
            {
                let open = self.pos;
                let Some(close) = (self.pos..self.len()).find(|&i| self.is(i, ')')) else {
                    self.pos = self.len();
                    return Err(self.err(open, "Unterminated (?#...) comment"));
                };
                self.pos = close + 1;
            } else {
                return Ok(());
            }
        }
    }

    /// Scans ASCII decimal digits; .NET refuses values above `Int32.MaxValue`.
    pub(super) fn scan_decimal(&mut self, err_at: usize) -> Res<u32> {
        let mut value: u32 = 0;
        while let Some(d) = self.at(self.pos).and_then(|c| c.to_digit(10)) {
            self.pos += 1;
            value = value
                .checked_mul(10)
                .and_then(|v| v.checked_add(d))
                .filter(|&v| v <= MAX_NUMBER)
                .ok_or_else(|| {
                    self.err(
                        err_at,
                        "Quantifier or group number is larger than Int32.MaxValue (2147483647)",
                    )
                })?;
        }
        Ok(value)
    }

    /// Scans a group name (word characters; non-ASCII leniently included).
    pub(super) fn scan_name(&mut self) -> Vec<u16> {
        let start = self.pos;
        while self.at(self.pos).is_some_and(is_name_char) {
            self.pos += 1;
        }
        self.units.get(start..self.pos).unwrap_or_default().to_vec()
    }

    pub(super) fn name_text(name: &[u16]) -> String {
        String::from_utf16_lossy(name)
    }

    /// Scans inline option letters `imnsx` with `-`/`+`, stopping at anything else.
    pub(super) fn scan_options(&mut self) {
        let mut off = false;
        while let Some(c) = self.at(self.pos) {
            match c {
                '-' => off = true,
                '+' => off = false,
                _ => match c.to_ascii_lowercase() {
                    'i' | 'm' | 's' => {}
                    'n' => self.options.explicit_capture = !off,
                    'x' => self.options.ignore_whitespace = !off,
                    _ => return,
                },
            }
            self.pos += 1;
        }
    }

    /// True when the text at `pos` is `*`, `+`, `?` or a complete `{n}`,
    /// `{n,}` or `{n,m}`.
    pub(super) fn is_true_quantifier(&self) -> bool {
        match self.at(self.pos) {
            Some('*' | '+' | '?') => true,
            Some('{') => {
                let mut i = self.pos + 1;
                let digits_from = i;
                while self.at(i).is_some_and(|c| c.is_ascii_digit()) {
                    i += 1;
                }
                if i == digits_from {
                    return false;
                }
                match self.at(i) {
                    Some('}') => true,
                    Some(',') => {
                        i += 1;
                        while self.at(i).is_some_and(|c| c.is_ascii_digit()) {
                            i += 1;
                        }
                        self.is(i, '}')
                    }
                    _ => false,
                }
            }
            _ => false,
        }
    }
}
