//! What every renderer shares about presentation, one copy each: the [`Style`] of
//! human output and [`paint`] for colour, the padding that puts a caret under a column
//! ([`caret_pad`]), Markdown code spans ([`code_span`]), and XML escaping for the JUnit
//! reports ([`xml_text`], [`xml_attribute`]).

use anstyle::Style as Ansi;

use crate::escape::controls;

/// Styling of human output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Style {
    /// Whether to use ANSI colours.
    pub color: bool,
}

/// `text` for a terminal: control characters escaped ([`crate::escape::controls`]),
/// and wrapped in `ansi` when colour is on and there is something to colour.
pub fn paint(style: Style, ansi: Ansi, text: &str) -> String {
    let text = &*controls(text);
    if style.color && !text.is_empty() {
        format!("{ansi}{text}{ansi:#}")
    } else {
        text.to_owned()
    }
}

/// The blanks to write before a caret so that it stands under `column` (1-based, in
/// characters) of `line`: as many spaces as each character takes cells on a terminal
/// (two for CJK and most emoji, none for a combining mark), a tab per tab, so it lines
/// up however the terminal expands tabs.
pub fn caret_pad(line: &str, column: usize) -> String {
    let mut pad = String::new();
    for c in line.chars().take(column.saturating_sub(1)) {
        if c == '\t' {
            pad.push('\t');
        } else {
            // A wide character (CJK, most emoji) takes two cells, a combining mark none.
            let cells = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
            pad.extend(std::iter::repeat_n(' ', cells));
        }
    }
    pad
}

/// Whether XML 1.0 allows `c` in a document at all (`Char` in the XML 1.0
/// grammar): not the C0 controls but tab, LF and CR, nor U+FFFE and U+FFFF.
fn xml_allowed(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{d7ff}' | '\u{e000}'..='\u{fffd}')
        || c >= '\u{10000}'
}

/// Escapes XML element text: markup characters as entities, CR as `&#13;` (a parser
/// would turn a bare one into LF), characters XML forbids dropped. Shared by every
/// XML report (validate's, and `synclens test`'s).
pub fn xml_text(text: &str) -> String {
    xml_escape(text, false)
}

/// Escapes an XML attribute value: as [`xml_text`], and tab, LF and CR as character
/// references, which attribute-value normalization would otherwise turn into spaces.
pub fn xml_attribute(text: &str) -> String {
    xml_escape(text, true)
}

fn xml_escape(text: &str, in_attribute: bool) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\r' => out.push_str("&#13;"),
            '\n' if in_attribute => out.push_str("&#10;"),
            '\t' if in_attribute => out.push_str("&#9;"),
            c if !xml_allowed(c) => {}
            c => out.push(c),
        }
    }
    out
}

/// A Markdown code span holding `text` literally, whatever backticks it contains.
pub fn code_span(text: &str) -> String {
    let text = text.replace(['\n', '\r'], " ");
    let longest = text.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest + 1);
    let pad = text.starts_with('`')
        || text.ends_with('`')
        || (text.starts_with(' ') && text.ends_with(' ') && !text.trim().is_empty());
    if pad {
        format!("{fence} {text} {fence}")
    } else {
        format!("{fence}{text}{fence}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xml_attributes_keep_line_breaks_and_tabs_and_forbidden_characters_go() {
        assert_eq!(
            xml_attribute("a\nb\tc\r\"d\" <e> & 'f'"),
            "a&#10;b&#9;c&#13;&quot;d&quot; &lt;e&gt; &amp; &apos;f&apos;"
        );
        assert_eq!(
            xml_attribute("x\u{0}\u{1b}[2J\u{b}\u{fffe}\u{ffff}y"),
            "x[2Jy"
        );
        assert_eq!(xml_text("a\nb\tc\r\u{1}d"), "a\nb\tc&#13;d");
        // Characters outside the BMP and private use are allowed.
        assert_eq!(xml_attribute("\u{1f3e2}\u{e000}"), "\u{1f3e2}\u{e000}");
        assert_eq!(
            xml_attribute("a<b>&\"c'\n\t\r\u{1}"),
            "a&lt;b&gt;&amp;&quot;c&apos;&#10;&#9;&#13;"
        );
        assert_eq!(xml_text("a\nb\r\u{1}"), "a\nb&#13;");
    }

    #[test]
    fn paint_escapes_and_colours_only_text() {
        let on = Style { color: true };
        let bold = Ansi::new().bold();
        assert_eq!(paint(Style::default(), bold, "a\u{1b}"), "a\\u{1b}");
        assert_eq!(paint(on, bold, ""), "");
        assert_eq!(paint(on, bold, "x"), format!("{bold}x{bold:#}"));
    }

    #[test]
    fn caret_padding_keeps_tabs() {
        assert_eq!(caret_pad("a\tbc", 4), " \t ");
        assert_eq!(caret_pad("ab", 0), "");
        // Display cells, not characters: wide characters take two, combining marks none.
        assert_eq!(caret_pad("名前\"", 3), "    ");
        assert_eq!(caret_pad("🙂x", 2), "  ");
        assert_eq!(caret_pad("e\u{301}x", 3), " ");
    }
}
