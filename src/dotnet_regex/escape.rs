//! Backslash escapes: which escapes .NET knows, `\x`, `\u` and `\c` forms, `\p{..}`
//! property names, and back references (`\1`, `\k<name>`, `\<name>`).

use super::chars::{Word, is_known_property, is_name_char, word_kind};
use super::parser::{Parser, Res};

impl Parser {
    /// Scans `{X}` after `\p`/`\P` (pos just after the `p`) and returns X.
    pub(super) fn parse_property(&mut self, esc_at: usize) -> Res<String> {
        if self.pos + 2 >= self.len() {
            return Err(self.err(esc_at, "Incomplete \\p{X} character escape"));
        }
        if !self.is(self.pos, '{') {
            return Err(self.err(
                esc_at,
                "Malformed \\p{X} character escape: expected '{' after \\p",
            ));
        }
        self.pos += 1;
        let start = self.pos;
        while self
            .at(self.pos)
            .is_some_and(|c| c == '-' || is_name_char(c))
        {
            self.pos += 1;
        }
        let name = Self::name_text(self.units.get(start..self.pos).unwrap_or_default());
        if !self.is(self.pos, '}') {
            return Err(self.err(esc_at, "Incomplete \\p{X} character escape"));
        }
        self.pos += 1;
        Ok(name)
    }

    pub(super) fn check_property(&mut self, esc_at: usize) -> Res<()> {
        let name = self.parse_property(esc_at)?;
        if is_known_property(&name) {
            Ok(())
        } else {
            Err(self.err(esc_at, format!("Unknown property '{name}'")))
        }
    }

    /// Scans `\u` (4) or `\x` (2) hex digits.
    fn scan_hex(&mut self, digits: usize, esc_at: usize) -> Res<u16> {
        let mut value: u16 = 0;
        let mut left = digits;
        if self.pos + digits <= self.len() {
            while left > 0 {
                let d = self.at(self.pos).and_then(|c| c.to_digit(16));
                self.pos += 1;
                let Some(d) = d.and_then(|d| u16::try_from(d).ok()) else {
                    break;
                };
                value = value.wrapping_mul(16).wrapping_add(d);
                left -= 1;
            }
        }
        if left > 0 {
            return Err(self.err(esc_at, "Insufficient hexadecimal digits"));
        }
        Ok(value)
    }

    /// Scans the letter after `\c`.
    fn scan_control(&mut self, esc_at: usize) -> Res<u16> {
        let Some(c) = self.at(self.pos) else {
            return Err(self.err(esc_at, "Missing control character after \\c"));
        };
        self.pos += 1;
        let upper = c.to_ascii_uppercase();
        match u16::try_from(u32::from(upper)) {
            Ok(code @ 0x40..=0x5F) => Ok(code - 0x40),
            _ => Err(self.err(esc_at, format!("Unrecognized control character \\c{c}"))),
        }
    }

    /// Scans a character escape (pos just after the `\`), returning its code unit.
    pub(super) fn scan_char_escape(&mut self, esc_at: usize) -> Res<u16> {
        let Some(c) = self.at(self.pos) else {
            return Ok(u16::from(b'\\'));
        };
        let raw = self.unit(self.pos);
        self.pos += 1;
        let code = match c {
            '0'..='7' => {
                self.pos -= 1;
                let mut value: u16 = 0;
                let mut taken = 0;
                while taken < 3 {
                    let Some(d) = self.at(self.pos).and_then(|d| d.to_digit(8)) else {
                        break;
                    };
                    let d = u16::try_from(d).unwrap_or(0);
                    value = value * 8 + d;
                    self.pos += 1;
                    taken += 1;
                }
                value & 0xFF
            }
            'x' => self.scan_hex(2, esc_at)?,
            'u' => self.scan_hex(4, esc_at)?,
            'a' => 0x07,
            'b' => 0x08,
            'e' => 0x1B,
            'f' => 0x0C,
            'n' => 0x0A,
            'r' => 0x0D,
            't' => 0x09,
            'v' => 0x0B,
            'c' => self.scan_control(esc_at)?,
            _ if word_kind(c) == Word::Yes => {
                return Err(self.err(esc_at, format!("Unrecognized escape sequence \\{c}")));
            }
            _ => raw,
        };
        Ok(code)
    }

    /// Scans what follows a `\` outside a class (pos just after the `\`).
    pub(super) fn scan_backslash(&mut self, esc_at: usize, scan_only: bool) -> Res<()> {
        match self.at(self.pos) {
            Some('b' | 'B' | 'A' | 'G' | 'Z' | 'z' | 'w' | 'W' | 's' | 'S' | 'd' | 'D') => {
                self.pos += 1;
                Ok(())
            }
            Some('p' | 'P') => {
                self.pos += 1;
                if scan_only {
                    Ok(())
                } else {
                    self.check_property(esc_at)
                }
            }
            _ => self.scan_basic_backslash(esc_at, scan_only),
        }
    }

    /// Back references (`\1`, `\k<name>`, `\<name>`) and character escapes.
    fn scan_basic_backslash(&mut self, esc_at: usize, scan_only: bool) -> Res<()> {
        let back = self.pos;
        let mut close = '>';
        let mut angled = false;
        let is_k = self.is(self.pos, 'k');
        if is_k {
            if self.pos + 1 < self.len() {
                self.pos += 1;
                let opener = self.at(self.pos);
                self.pos += 1;
                if let Some(o @ ('<' | '\'')) = opener {
                    angled = true;
                    close = if o == '\'' { '\'' } else { '>' };
                }
            }
            if !angled || self.pos >= self.len() {
                return Err(self.err(esc_at, "Malformed \\k<...> named back reference"));
            }
        } else if let Some(o @ ('<' | '\'')) = self.at(self.pos)
            && self.pos + 1 < self.len()
        {
            angled = true;
            close = if o == '\'' { '\'' } else { '>' };
            self.pos += 1;
        }
        let Some(c) = self.at(self.pos) else {
            return Ok(());
        };

        if angled && c.is_ascii_digit() {
            let n = self.scan_decimal(esc_at)?;
            if self.pos < self.len() {
                let closed = self.is(self.pos, close);
                self.pos += 1;
                if closed {
                    if scan_only || self.is_slot(n) {
                        return Ok(());
                    }
                    return Err(
                        self.err(esc_at, format!("Reference to undefined group number {n}"))
                    );
                }
            }
        } else if !angled && ('1'..='9').contains(&c) {
            let n = self.scan_decimal(esc_at)?;
            if scan_only || self.is_slot(n) {
                return Ok(());
            }
            if n <= 9 {
                return Err(self.err(esc_at, format!("Reference to undefined group number {n}")));
            }
        } else if angled && is_name_char(c) {
            let name = self.scan_name();
            if self.pos < self.len() {
                let closed = self.is(self.pos, close);
                self.pos += 1;
                if closed {
                    if scan_only || self.names.contains_key(&name) {
                        return Ok(());
                    }
                    // A non-ASCII name might stop early in .NET (the character may
                    // not be a word character), which turns `\<..>` into literal
                    // text; `\k<..>` is an error either way.
                    let certain = name.iter().all(|u| *u < 0x80);
                    if is_k || certain {
                        return Err(self.err(
                            esc_at,
                            format!(
                                "Reference to undefined group name '{}'",
                                Self::name_text(&name)
                            ),
                        ));
                    }
                }
            }
        }

        self.pos = back;
        self.scan_char_escape(esc_at).map(|_| ())
    }
}
