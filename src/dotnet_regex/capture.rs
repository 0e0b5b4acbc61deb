//! The first pass over a pattern: numbers and names every capture group, so that
//! references to groups defined later (`\1(a)`) are valid in the second pass.

use super::chars::is_name_char;
use super::parser::{Options, Parser, Res};

impl Parser {
    pub(super) fn count_captures(&mut self) -> Res<()> {
        self.slots.insert(0);
        let mut autocap: u32 = 1;
        let mut name_order: Vec<Vec<u16>> = Vec::new();
        let mut saved: Vec<Options> = Vec::new();
        let mut ignore_next = false;
        while let Some(c) = self.at(self.pos) {
            let start = self.pos;
            self.pos += 1;
            match c {
                '\\' if self.pos < self.len() => self.scan_backslash(start, true)?,
                '#' if self.options.ignore_whitespace => {
                    self.pos -= 1;
                    self.scan_blank()?;
                }
                '[' => self.scan_class(start, true)?,
                ')' => {
                    if let Some(options) = saved.pop() {
                        self.options = options;
                    }
                }
                '(' => {
                    if self.is(self.pos, '?') && self.is(self.pos + 1, '#') {
                        self.pos -= 1;
                        self.scan_blank()?;
                    } else {
                        saved.push(self.options);
                        if self.is(self.pos, '?') {
                            self.pos += 1;
                            if self.pos + 1 < self.len()
                                && matches!(self.at(self.pos), Some('<' | '\''))
                            {
                                self.pos += 1;
                                self.note_group_name(start, &mut name_order)?;
                            } else {
                                self.scan_options();
                                if self.is(self.pos, ')') {
                                    self.pos += 1;
                                    saved.pop();
                                } else if self.is(self.pos, '(') {
                                    // `(?(`: the condition's parentheses do not capture.
                                    ignore_next = true;
                                    continue;
                                }
                            }
                        } else if !self.options.explicit_capture && !ignore_next {
                            self.slots.insert(autocap);
                            autocap = autocap.saturating_add(1);
                        }
                    }
                    ignore_next = false;
                }
                _ => {}
            }
        }
        // Named groups take the numbers left free after the numbered ones.
        for name in name_order {
            while self.slots.contains(&autocap) && autocap < u32::MAX {
                autocap += 1;
            }
            self.slots.insert(autocap);
            self.names.insert(name, autocap);
            autocap = autocap.saturating_add(1);
        }
        Ok(())
    }

    /// Notes the number or name of `(?<..` / `(?'..` (pos at its first character).
    fn note_group_name(&mut self, open_at: usize, order: &mut Vec<Vec<u16>>) -> Res<()> {
        let Some(first) = self.at(self.pos) else {
            return Ok(());
        };
        if first == '0' || !is_name_char(first) {
            return Ok(());
        }
        if first.is_ascii_digit() {
            let n = self.scan_decimal(open_at)?;
            self.slots.insert(n);
        } else {
            let name = self.scan_name();
            if !self.names.contains_key(&name) {
                self.names.insert(name.clone(), 0);
                order.push(name);
            }
        }
        Ok(())
    }
}
