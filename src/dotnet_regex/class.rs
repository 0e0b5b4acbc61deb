//! Character classes: `[...]` sets, `[x-y]` ranges compared as UTF-16 units, and
//! subtraction `-[...]` (nested without recursion).

use super::DotnetRegexError;
use super::chars::NON_SCALAR;
use super::parser::{Parser, Res};

/// One `[...]` being scanned; subtractions nest without recursion.
struct ClassFrame {
    open_at: usize,
    first: bool,
    in_range: bool,
    range_start: u16,
    range_start_at: usize,
}

impl Parser {
    fn reversed_range(&self, at: usize, start: u16, end: u16) -> DotnetRegexError {
        let surrogate = |u: u16| (0xD800..=0xDFFF).contains(&u);
        if surrogate(start) || surrogate(end) {
            self.err(
                at,
                "[x-y] range in reverse order (.NET compares UTF-16 code units, so a range \
                 between characters outside the Basic Multilingual Plane is split into \
                 surrogate halves)",
            )
        } else {
            self.err(at, "[x-y] range in reverse order")
        }
    }

    fn open_class_frame(&mut self, open_at: usize) -> ClassFrame {
        if self.is(self.pos, '^') {
            self.pos += 1;
        }
        ClassFrame {
            open_at,
            first: true,
            in_range: false,
            range_start: 0,
            range_start_at: open_at,
        }
    }

    /// Scans a `[...]` set (pos just after the `[`), subtractions included.
    pub(super) fn scan_class(&mut self, open_at: usize, scan_only: bool) -> Res<()> {
        let first_frame = self.open_class_frame(open_at);
        let mut frames = vec![first_frame];
        while let Some(frame) = frames.last_mut() {
            let Some(c) = self.at(self.pos) else {
                let at = frame.open_at;
                return Err(self.err(at, "Unterminated [] set"));
            };
            let c_at = self.pos;
            let first = frame.first;
            frame.first = false;
            self.pos += 1;

            if c == ']' && !first {
                frames.pop();
                if frames.is_empty() {
                    return Ok(());
                }
                if !scan_only && self.pos < self.len() && !self.is(self.pos, ']') {
                    return Err(self.err(
                        self.pos,
                        "A subtraction must be the last element in a character class",
                    ));
                }
                continue;
            }

            let mut value = self.unit(c_at);
            let mut translated = false;
            if c == '\\' && self.pos < self.len() {
                let e = self.at(self.pos).unwrap_or(NON_SCALAR);
                self.pos += 1;
                let in_range = frame.in_range;
                match e {
                    'd' | 'D' | 's' | 'S' | 'w' | 'W' | 'p' | 'P' => {
                        if !scan_only && in_range {
                            return Err(self.err(
                                c_at,
                                format!("Cannot include class \\{e} in character range"),
                            ));
                        }
                        if e == 'p' || e == 'P' {
                            if scan_only {
                                self.parse_property(c_at)?;
                            } else {
                                self.check_property(c_at)?;
                            }
                        }
                        continue;
                    }
                    '-' => {
                        if !scan_only && in_range {
                            let (start, start_at) = (frame.range_start, frame.range_start_at);
                            frame.in_range = false;
                            if start > u16::from(b'-') {
                                return Err(self.reversed_range(start_at, start, u16::from(b'-')));
                            }
                        }
                        continue;
                    }
                    _ => {
                        self.pos -= 1;
                        value = self.scan_char_escape(c_at)?;
                        translated = true;
                    }
                }
            }

            let Some(frame) = frames.last_mut() else {
                break;
            };
            if frame.in_range {
                frame.in_range = false;
                if !scan_only {
                    if c == '[' && !translated && !first {
                        let inner = self.open_class_frame(c_at);
                        frames.push(inner);
                    } else if frame.range_start > value {
                        let (at, start) = (frame.range_start_at, frame.range_start);
                        return Err(self.reversed_range(at, start, value));
                    }
                }
            } else if self.pos + 1 < self.len()
                && self.is(self.pos, '-')
                && !self.is(self.pos + 1, ']')
            {
                frame.range_start = value;
                frame.range_start_at = c_at;
                frame.in_range = true;
                self.pos += 1;
            } else if self.pos < self.len()
                && c == '-'
                && !translated
                && self.is(self.pos, '[')
                && !first
            {
                let bracket = self.pos;
                self.pos += 1;
                let inner = self.open_class_frame(bracket);
                frames.push(inner);
            }
        }
        Ok(())
    }
}
