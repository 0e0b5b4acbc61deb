//! Text from documents and servers made safe to show on a terminal: control
//! characters (C0, DEL, C1) and the invisible characters that reorder or hide text
//! (bidirectional overrides and isolates, zero-width characters, the BOM) are written
//! as `\u{1b}`, so an attribute name or a server message shows as the characters it is
//! made of and cannot move the cursor, clear the screen, set a window title or fake
//! output such as a green "0 errors".

use std::borrow::Cow;
use std::fmt::Write as _;

/// Whether `c` must not reach a terminal as itself.
pub fn is_unsafe(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{feff}'
        )
}

/// `text` with every unsafe character ([`is_unsafe`]) written as `\u{…}`; borrowed
/// when there is none.
pub fn controls(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_unsafe) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if is_unsafe(c) {
            let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// `text` of several lines with every unsafe character but the line break and the tab
/// written as `\u{…}`.
pub fn lines(text: &str) -> Cow<'_, str> {
    if !text
        .chars()
        .any(|c| !matches!(c, '\n' | '\t') && is_unsafe(c))
    {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if !matches!(c, '\n' | '\t') && is_unsafe(c) {
            let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// `line` with every unsafe character but the tab replaced by one `�`, so that a
/// caret under it still lines up (one character for one).
pub fn in_place(line: &str) -> Cow<'_, str> {
    if !line.chars().any(|c| c != '\t' && is_unsafe(c)) {
        return Cow::Borrowed(line);
    }
    Cow::Owned(
        line.chars()
            .map(|c| {
                if c != '\t' && is_unsafe(c) {
                    '\u{fffd}'
                } else {
                    c
                }
            })
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terminal_sequences_show_as_their_characters() {
        assert_eq!(
            controls("\u{1b}[2J\u{1b}]0;owned\u{7}\r0 errors\n\u{9b}\u{202e}é"),
            "\\u{1b}[2J\\u{1b}]0;owned\\u{7}\\u{d}0 errors\\u{a}\\u{9b}\\u{202e}é"
        );
        assert!(matches!(controls("plain é"), Cow::Borrowed(_)));
        assert_eq!(in_place("a\u{1b}b\tc"), "a\u{fffd}b\tc");
        assert_eq!(lines("a\n\u{1b}[2J\tb\n"), "a\n\\u{1b}[2J\tb\n");
    }
}
