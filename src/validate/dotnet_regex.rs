//! Syntax checker for .NET regular expressions (`System.Text.RegularExpressions`).
//!
//! This module owns one question: would `new Regex(pattern)` with the default
//! `RegexOptions.None` throw at construction time? Microsoft Entra provisioning
//! evaluates the `REGEX MATCH` / `NOT REGEX MATCH` scoping-filter operators with
//! .NET, so a pattern must be judged by .NET's grammar, not by Rust's `regex`
//! crate (which, for example, refuses `^SystemMailbox{` that .NET accepts).
//!
//! The checker follows the rules of .NET's `RegexParser`, including its two
//! passes: a pre-scan that numbers and names every capture group (so forward
//! references such as `\1(a)` are valid) and the main scan that validates
//! grouping constructs, quantifiers, character classes and escapes. It works on
//! the UTF-16 code units .NET sees (so `[😀-😃]` is a reversed range, as in .NET),
//! and reports offsets in Unicode scalar values (Rust `char`s).
//!
//! Rules enforced (each yields a [`DotnetRegexError`]):
//! - balanced parentheses ("Not enough )'s", "Too many )'s");
//! - terminated `[...]` sets, `[x-y]` ranges in order, no `\d`/`\w`/`\s`/`\p`
//!   as a range end point, subtraction `-[...]` only as the last element;
//! - quantifiers must follow something and must not be stacked (`a**`,
//!   `a{2}{3}`); `{n,m}` needs `n <= m`; numbers fit in `Int32`;
//! - `{` that is not a complete `{n}`, `{n,}` or `{n,m}` is a literal (`a{,3}`);
//! - escapes: `\` before an ASCII letter, digit or `_` must be a known escape;
//!   `\x` needs 2 and `\u` 4 hex digits; `\c` needs a control letter; a
//!   trailing `\` is illegal; `\p{..}`/`\P{..}` must name a known Unicode
//!   category or block (case-sensitive, as in .NET);
//! - back references (`\1`..`\9`, `\k<name>`, `\<n>`, `(?(n)..)`,
//!   balancing `(?<a-b>..)`) must name groups defined somewhere in the pattern;
//! - grouping constructs: only `(?:` `(?=` `(?!` `(?>` `(?<=` `(?<!`
//!   `(?<name>` `(?'name'` `(?<a-b>` `(?(..)` `(?#..)` and inline options made
//!   of `imnsx`, `+` and `-`; group names start with a word character; group
//!   number 0 cannot be redefined; conditionals take at most two branches and
//!   their condition cannot be a comment or a named group;
//! - inline `x` (ignore pattern whitespace) and `n` (explicit capture) are
//!   honoured because they change what the rest of the pattern means.
//!
//! Leniency (the rule is: a pattern .NET accepts must never be reported, so when
//! the outcome depends on something this module cannot know, it accepts):
//! - Unicode general categories of non-ASCII characters are not known without
//!   tables, so every non-ASCII BMP character is treated as "maybe a word
//!   character": `\é` is accepted (.NET rejects it), non-ASCII characters are
//!   accepted inside group names, and the deprecated `\<name>` form with a
//!   non-ASCII, undefined name is read as literal text instead of an error.
//!   Surrogate halves and U+FFFF are known non-word characters.
//! - Only `RegexOptions.None` is modelled: `ECMAScript`, `RightToLeft` and
//!   culture-specific behaviour are out of scope (none can be switched on
//!   inline), and limits that only bite at match time are not checked.
//! - Offsets point at the start of the offending construct (the `(` that is
//!   never closed, the `\` of a bad escape, the quantifier that follows
//!   nothing), which is what a linter underlines; .NET's own offset is usually
//!   the position just after it.

use std::collections::{HashMap, HashSet};
use std::fmt;

/// Why .NET would refuse a pattern.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DotnetRegexError {
    /// 0-based offset, in characters (Unicode scalar values), of the construct
    /// that .NET rejects; equal to the pattern length for end-of-pattern errors.
    pub offset: usize,
    /// Reason, phrased like .NET's own `RegexParseException` message.
    pub message: String,
}

impl fmt::Display for DotnetRegexError {
    /// Formats as `"<message> at character N"`, where N is 1-based.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} at character {}", self.message, self.offset + 1)
    }
}

impl std::error::Error for DotnetRegexError {}

/// Checks whether .NET's `Regex` constructor (with `RegexOptions.None`) would
/// accept `pattern`.
///
/// # Errors
///
/// Returns a [`DotnetRegexError`] carrying the character offset and a
/// .NET-style message for the first problem .NET would report. Patterns whose
/// validity cannot be decided without Unicode tables are accepted (see the
/// module documentation).
pub fn check(pattern: &str) -> Result<(), DotnetRegexError> {
    let mut parser = Parser::new(pattern);
    parser.count_captures()?;
    parser.pos = 0;
    parser.options = Options::default();
    parser.scan_regex()
}

type Res<T> = Result<T, DotnetRegexError>;

/// Largest number .NET accepts in a quantifier or group number (`Int32.MaxValue`).
const MAX_NUMBER: u32 = 2_147_483_647;

/// Stands in for UTF-16 units that are not scalar values (surrogate halves);
/// like them, U+FFFF is not a word character and not special.
const NON_SCALAR: char = '\u{FFFF}';

/// Unicode general categories accepted by `\p{..}`.
const CATEGORIES: &[&str] = &[
    "C", "Cc", "Cf", "Cn", "Co", "Cs", "L", "Ll", "Lm", "Lo", "Lt", "Lu", "M", "Mc", "Me", "Mn",
    "N", "Nd", "Nl", "No", "P", "Pc", "Pd", "Pe", "Pf", "Pi", "Po", "Ps", "S", "Sc", "Sk", "Sm",
    "So", "Z", "Zl", "Zp", "Zs",
];

/// Named blocks (and .NET's internal XML classes) accepted by `\p{..}`.
const BLOCKS: &[&str] = &[
    "IsAlphabeticPresentationForms",
    "IsArabic",
    "IsArabicPresentationForms-A",
    "IsArabicPresentationForms-B",
    "IsArmenian",
    "IsArrows",
    "IsBasicLatin",
    "IsBengali",
    "IsBlockElements",
    "IsBopomofo",
    "IsBopomofoExtended",
    "IsBoxDrawing",
    "IsBraillePatterns",
    "IsBuhid",
    "IsCJKCompatibility",
    "IsCJKCompatibilityForms",
    "IsCJKCompatibilityIdeographs",
    "IsCJKRadicalsSupplement",
    "IsCJKSymbolsandPunctuation",
    "IsCJKUnifiedIdeographs",
    "IsCJKUnifiedIdeographsExtensionA",
    "IsCherokee",
    "IsCombiningDiacriticalMarks",
    "IsCombiningDiacriticalMarksforSymbols",
    "IsCombiningHalfMarks",
    "IsCombiningMarksforSymbols",
    "IsControlPictures",
    "IsCurrencySymbols",
    "IsCyrillic",
    "IsCyrillicSupplement",
    "IsDevanagari",
    "IsDingbats",
    "IsEnclosedAlphanumerics",
    "IsEnclosedCJKLettersandMonths",
    "IsEthiopic",
    "IsGeneralPunctuation",
    "IsGeometricShapes",
    "IsGeorgian",
    "IsGreek",
    "IsGreekExtended",
    "IsGreekandCoptic",
    "IsGujarati",
    "IsGurmukhi",
    "IsHalfwidthandFullwidthForms",
    "IsHangulCompatibilityJamo",
    "IsHangulJamo",
    "IsHangulSyllables",
    "IsHanunoo",
    "IsHebrew",
    "IsHighPrivateUseSurrogates",
    "IsHighSurrogates",
    "IsHiragana",
    "IsIPAExtensions",
    "IsIdeographicDescriptionCharacters",
    "IsKanbun",
    "IsKangxiRadicals",
    "IsKannada",
    "IsKatakana",
    "IsKatakanaPhoneticExtensions",
    "IsKhmer",
    "IsKhmerSymbols",
    "IsLao",
    "IsLatin-1Supplement",
    "IsLatinExtended-A",
    "IsLatinExtended-B",
    "IsLatinExtendedAdditional",
    "IsLetterlikeSymbols",
    "IsLimbu",
    "IsLowSurrogates",
    "IsMalayalam",
    "IsMathematicalOperators",
    "IsMiscellaneousMathematicalSymbols-A",
    "IsMiscellaneousMathematicalSymbols-B",
    "IsMiscellaneousSymbols",
    "IsMiscellaneousSymbolsandArrows",
    "IsMiscellaneousTechnical",
    "IsMongolian",
    "IsMyanmar",
    "IsNumberForms",
    "IsOgham",
    "IsOpticalCharacterRecognition",
    "IsOriya",
    "IsPhoneticExtensions",
    "IsPrivateUse",
    "IsPrivateUseArea",
    "IsRunic",
    "IsSinhala",
    "IsSmallFormVariants",
    "IsSpacingModifierLetters",
    "IsSpecials",
    "IsSuperscriptsandSubscripts",
    "IsSupplementalArrows-A",
    "IsSupplementalArrows-B",
    "IsSupplementalMathematicalOperators",
    "IsSyriac",
    "IsTagalog",
    "IsTagbanwa",
    "IsTaiLe",
    "IsTamil",
    "IsTelugu",
    "IsThaana",
    "IsThai",
    "IsTibetan",
    "IsUnifiedCanadianAboriginalSyllabics",
    "IsVariationSelectors",
    "IsYiRadicals",
    "IsYiSyllables",
    "IsYijingHexagramSymbols",
    "_xmlC",
    "_xmlD",
    "_xmlI",
    "_xmlW",
];

/// Whether a character is a .NET word character (`[\p{L}\p{Mn}\p{Nd}\p{Pc}]`).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Word {
    Yes,
    No,
    /// Non-ASCII: the answer needs Unicode tables this module does not carry.
    Maybe,
}

fn word_kind(c: char) -> Word {
    if c.is_ascii() {
        if c.is_ascii_alphanumeric() || c == '_' {
            Word::Yes
        } else {
            Word::No
        }
    } else if c == NON_SCALAR {
        Word::No
    } else {
        Word::Maybe
    }
}

/// Lenient word-character test used where a name is being scanned.
fn is_name_char(c: char) -> bool {
    word_kind(c) != Word::No
}

/// Characters that end a run of literal text.
fn is_special(c: char) -> bool {
    matches!(
        c,
        '\\' | '[' | '(' | ')' | '|' | '^' | '$' | '.' | '*' | '+' | '?' | '{'
    )
}

/// Whitespace skipped under the `x` option (note: not `\v`).
fn is_x_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\r' | '\u{000C}')
}

fn is_known_property(name: &str) -> bool {
    CATEGORIES.contains(&name) || BLOCKS.contains(&name)
}

/// Inline options that change how the rest of a pattern is read.
#[derive(Clone, Copy, Default)]
struct Options {
    /// `x`: whitespace and `#` comments between tokens are ignored.
    ignore_whitespace: bool,
    /// `n`: plain `(...)` groups do not capture.
    explicit_capture: bool,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum GroupKind {
    Ordinary,
    /// `(?(expression)yes|no)`: the condition, then at most two branches.
    ExpressionConditional,
    /// `(?(name)yes|no)`: at most two branches.
    BackreferenceConditional,
}

struct OpenGroup {
    open_at: usize,
    saved: Options,
    kind: GroupKind,
    children: u32,
}

/// One `[...]` being scanned; subtractions nest without recursion.
struct ClassFrame {
    open_at: usize,
    first: bool,
    in_range: bool,
    range_start: u16,
    range_start_at: usize,
}

/// What ends a run of literal text.
enum Token {
    End,
    Ordinary,
    Special(char, usize),
}

struct Parser {
    units: Vec<u16>,
    /// `char_index[i]` is the character offset of UTF-16 unit `i` (plus one
    /// trailing entry for the end of the pattern).
    char_index: Vec<usize>,
    pos: usize,
    options: Options,
    slots: HashSet<u32>,
    names: HashMap<Vec<u16>, u32>,
}

impl Parser {
    fn new(pattern: &str) -> Self {
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

    fn len(&self) -> usize {
        self.units.len()
    }

    fn at(&self, i: usize) -> Option<char> {
        self.units
            .get(i)
            .map(|&u| char::from_u32(u32::from(u)).unwrap_or(NON_SCALAR))
    }

    fn is(&self, i: usize, c: char) -> bool {
        self.at(i) == Some(c)
    }

    fn unit(&self, i: usize) -> u16 {
        self.units.get(i).copied().unwrap_or(0)
    }

    fn err(&self, at: usize, message: impl Into<String>) -> DotnetRegexError {
        let fallback = self.char_index.last().copied().unwrap_or(0);
        DotnetRegexError {
            offset: self.char_index.get(at).copied().unwrap_or(fallback),
            message: message.into(),
        }
    }

    fn is_slot(&self, n: u32) -> bool {
        self.slots.contains(&n)
    }

    // ----- shared scanners -------------------------------------------------

    /// Skips `(?#...)` comments and, under `x`, whitespace and `#` comments.
    fn scan_blank(&mut self) -> Res<()> {
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
    fn scan_decimal(&mut self, err_at: usize) -> Res<u32> {
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
    fn scan_name(&mut self) -> Vec<u16> {
        let start = self.pos;
        while self.at(self.pos).is_some_and(is_name_char) {
            self.pos += 1;
        }
        self.units.get(start..self.pos).unwrap_or_default().to_vec()
    }

    fn name_text(name: &[u16]) -> String {
        String::from_utf16_lossy(name)
    }

    /// Scans inline option letters `imnsx` with `-`/`+`, stopping at anything else.
    fn scan_options(&mut self) {
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
    fn is_true_quantifier(&self) -> bool {
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

    /// Scans `{X}` after `\p`/`\P` (pos just after the `p`) and returns X.
    fn parse_property(&mut self, esc_at: usize) -> Res<String> {
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

    fn check_property(&mut self, esc_at: usize) -> Res<()> {
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
    fn scan_char_escape(&mut self, esc_at: usize) -> Res<u16> {
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
    fn scan_backslash(&mut self, esc_at: usize, scan_only: bool) -> Res<()> {
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

    // ----- character classes -----------------------------------------------

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
    fn scan_class(&mut self, open_at: usize, scan_only: bool) -> Res<()> {
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

    // ----- pass 1: number and name the capture groups ----------------------

    fn count_captures(&mut self) -> Res<()> {
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

    // ----- pass 2: validate ------------------------------------------------

    fn scan_regex(&mut self) -> Res<()> {
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

    fn invalid_group(&self, open_at: usize) -> DotnetRegexError {
        self.err(open_at, "Unrecognized grouping construct")
    }

    /// Scans what follows `(` (pos just after it). Returns the kind of group
    /// opened, or `None` for an inline option setting such as `(?i)`.
    fn scan_group_open(&mut self, open_at: usize, current: GroupKind) -> Res<Option<GroupKind>> {
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

#[cfg(test)]
mod tests {
    use super::*;

    fn short(pattern: &str) -> String {
        pattern.chars().take(60).collect()
    }

    #[track_caller]
    fn ok(pattern: &str) {
        if let Err(e) = check(pattern) {
            panic!("{:?} must be accepted, got: {e}", short(pattern));
        }
    }

    #[track_caller]
    fn bad(full: &str, needle: &str, offset: usize) {
        let pattern = &short(full);
        match check(full) {
            Ok(()) => panic!("{pattern:?} must be rejected ({needle})"),
            Err(e) => {
                assert!(
                    e.message.contains(needle),
                    "{pattern:?}: expected message containing {needle:?}, got {:?}",
                    e.message
                );
                assert_eq!(
                    e.offset, offset,
                    "{pattern:?}: wrong offset for {:?}",
                    e.message
                );
            }
        }
    }

    #[test]
    fn microsoft_defaults_are_accepted() {
        ok("^SystemMailbox{");
        ok("^CAS_([^{]*){");
        ok(r"^CN\s*=\s*([^\,]*)\0ACNF");
        ok(r".*\@domain.com");
        ok("(1[0-9][0-9][0-9][0-9][0-9][0-9])");
        ok("^(?!admin).*$");
        ok("^FederatedEmail.*$");
        ok("^DiscoverySearchMailbox.*$");
    }

    #[test]
    fn common_constructs_are_accepted() {
        for p in [
            "",
            "abc",
            "a|b|",
            "|",
            "()",
            "(?:)",
            r"(?<name>x)\k<name>",
            r"(?'name'x)\k'name'",
            r"(?<name>x)\<name>",
            r"\p{Lu}",
            r"\P{IsGreek}\p{IsLatin-1Supplement}\p{_xmlW}",
            "[a-z-[aeiou]]",
            "[a-z-[d-f-[e]]]",
            "(?i:abc)",
            "(?i)abc(?-i)def(?+m)",
            "(?imnsx-imnsx:a)",
            "x{2,}",
            "x{2}",
            "x{2,5}?",
            "a{,3}",
            "a{",
            "a{}",
            "a{x}",
            "a{1,2",
            "{",
            "}",
            "]",
            "a]",
            r"\u00e9",
            r"\x41",
            r"\cA\ca\c@\c_",
            r"\e\a\f\v\t\r\n\b\B\A\z\Z\G",
            "(?#comment)a",
            "a(?#comment)*",
            "(?>atomic)",
            "(?<=a)b",
            "(?<!a)b",
            "(?<name>a)(?<-name>b)",
            "(?<name>a)(?<other-name>b)",
            "(a)(?<-1>b)",
            "$",
            "^*",
            r"\b+",
            r"(a)\1",
            r"\1(a)",
            r"(?<n>a)\1",
            r"(a)(?<n>b)\2",
            r"\0",
            r"\12",
            r"\377",
            r"[\1]",
            r"[\b]",
            r"\W\S\D",
            r"[\d\w\s\p{L}-]",
            r"[\d-z]",
            "[]a]",
            "[^]a]",
            "[a-]",
            "[-a]",
            r"[a\-z]",
            r"[\x41-\x5A]",
            r"\.\*\+\?\(\)\[\]\{\}\|\^\$\\\/\#\ \-",
            "(?(1)a|b)(x)",
            "(?(name)a|b)(?<name>x)",
            "(?(?=a)ab|cd)",
            "(?(a)a|b)",
            "(?(xyz)a)",
            "(?x) a b # comment\n c",
            "(?x)a # {\n *",
            "(?n)(a)(?<n>b)\\1",
            "a*?b+?c??d{1,2}?",
            "(?s).",
            "é+",
            r"\é",
            "(?<é>x)\\k<é>",
            "[😀]",
            "😀+",
        ] {
            ok(p);
        }
    }

    #[test]
    fn typical_scoping_filter_patterns_are_accepted() {
        for p in [
            r"^[a-zA-Z0-9._%+-]+@[a-zA-Z0-9.-]+\.[a-zA-Z]{2,}$",
            r"(?i)^.*@contoso\.com$",
            r"^(?!.*(test|svc_)).*$",
            r"^\d{5}(-\d{4})?$",
            r"^(Sales|Marketing)\s*-\s*\w+$",
            r"O\'Brien",
            r"it\'s \'quoted",
            r"^[^\s@]+@[^\s@]+$",
            r"\b(?:[A-Z]{2,3})\b",
            r"^EXT_[0-9]{3,}#?$",
            "^$",
        ] {
            ok(p);
        }
    }

    #[test]
    fn deprecated_angle_references_follow_dotnet() {
        // `\<name>` and `\'name'` are back references in .NET's parser.
        bad(r"\<b>", "Reference to undefined group name 'b'", 0);
        bad(r"x\'abc'", "Reference to undefined group name 'abc'", 1);
        ok(r"(?<b>x)\<b>");
        ok(r"(x)\<1>");
        // Not closed: the `\<` is a literal `<`.
        ok(r"\<b");
        ok(r"\<");
        // A non-ASCII name may end early in .NET; stay lenient.
        ok(r"\<é>");
    }

    #[test]
    fn unterminated_and_unbalanced() {
        bad("[abc", "Unterminated [] set", 0);
        bad("x[", "Unterminated [] set", 1);
        bad("[]", "Unterminated [] set", 0);
        bad("[a-[b]", "Unterminated [] set", 0);
        bad("(abc", "Not enough )'s", 0);
        bad("(a(b)", "Not enough )'s", 0);
        bad("abc)", "Too many )'s", 3);
        bad("())", "Too many )'s", 2);
        bad("(?#abc", "Unterminated (?#...) comment", 0);
    }

    #[test]
    fn quantifier_errors() {
        bad("*a", "Quantifier '*' following nothing", 0);
        bad("+a", "Quantifier '+' following nothing", 0);
        bad("?a", "Quantifier '?' following nothing", 0);
        bad("{2}", "Quantifier {x,y} following nothing", 0);
        bad("a|*", "following nothing", 2);
        bad("(*)", "following nothing", 1);
        bad("(?i)*", "following nothing", 4);
        bad("(?)", "following nothing", 1);
        bad("a**", "Nested quantifier '*'", 2);
        bad("a+*", "Nested quantifier", 2);
        bad("a???", "Nested quantifier '?'", 3);
        bad("a{2}{3}", "Nested quantifier '{'", 4);
        bad("x{3,2}", "Illegal {x,y} with x > y", 1);
        bad("x{99999999999}", "Int32.MaxValue", 1);
    }

    #[test]
    fn class_errors() {
        bad("[z-a]", "range in reverse order", 1);
        bad(r"[\x5A-\x41]", "range in reverse order", 1);
        bad("[😃-😀]", "range in reverse order", 1);
        // .NET sees UTF-16: the low surrogate of 😀 starts a range that ends at
        // the high surrogate of 😃, which is smaller.
        bad("[😀-😃]", "UTF-16 code units", 1);
        bad(r"[a-\-]", "range in reverse order", 1);
        ok(r"[!-\-]");
        bad(r"[a-\d]", r"Cannot include class \d", 3);
        bad("[a-z-[b]c]", "subtraction must be the last", 8);
        bad(r"[\q]", r"Unrecognized escape sequence \q", 1);
        bad(r"[\p{Nope}]", "Unknown property 'Nope'", 1);
        bad(r"[\A]", r"Unrecognized escape sequence \A", 1);
    }

    #[test]
    fn escape_errors() {
        bad(r"\q", r"Unrecognized escape sequence \q", 0);
        bad(r"ab\_", r"Unrecognized escape sequence \_", 2);
        bad("abc\\", r"Illegal \ at end of pattern", 3);
        bad(r"\x4", "Insufficient hexadecimal digits", 0);
        bad(r"\x4g", "Insufficient hexadecimal digits", 0);
        bad(r"\u12", "Insufficient hexadecimal digits", 0);
        bad(r"\c", "Missing control character", 0);
        bad(r"\c1", "Unrecognized control character", 0);
        bad(r"\p{NotAClass}", "Unknown property 'NotAClass'", 0);
        bad(r"\p{lu}", "Unknown property 'lu'", 0);
        bad(r"\p{é}x", "Unknown property", 0);
        bad(r"\pL", "Incomplete", 0);
        bad(r"\pLxx", "Malformed", 0);
        bad(r"\p{Lu", "Incomplete", 0);
    }

    #[test]
    fn reference_errors() {
        bad(r"(a)\2", "Reference to undefined group number 2", 3);
        bad(r"\1", "Reference to undefined group number 1", 0);
        bad(r"\81", r"Unrecognized escape sequence \8", 0);
        bad(r"\k<nope>", "Reference to undefined group name 'nope'", 0);
        bad(r"\<nope>", "Reference to undefined group name 'nope'", 0);
        bad(r"\k<3>", "Reference to undefined group number 3", 0);
        bad(r"\k", r"Malformed \k<...>", 0);
        bad(r"\kx", r"Malformed \k<...>", 0);
        bad(r"(?<a>x)\k<a", r"Unrecognized escape sequence \k", 7);
        bad("(?<-nope>x)", "Reference to undefined group name 'nope'", 0);
        bad("(?<a-2>x)", "Reference to undefined group number 2", 0);
        bad("(?(2)a|b)", "(?(2) ) reference to undefined group", 0);
        bad("(?(2a)a|b)", "(?(2) ) malformed", 0);
    }

    #[test]
    fn grouping_errors() {
        bad("(?<1a>x)", "Invalid group name", 0);
        bad("(?<a!>x)", "Invalid group name", 0);
        bad("(?<!>x", "Not enough", 0);
        bad("(?<>x)", "Invalid group name", 0);
        bad("(?<0>x)", "Capture number cannot be zero", 0);
        bad("(?P<x>y)", "Unrecognized grouping construct", 0);
        bad("(?z)", "Unrecognized grouping construct", 0);
        bad("(?", "Unrecognized grouping construct", 0);
        bad("(?'=a)", "Unrecognized grouping construct", 0);
        bad("(?<a", "Unrecognized grouping construct", 0);
        bad("(?(1)a|b|c)(x)", "Too many | in (?()|)", 0);
        bad("(?(x)a|b|c)", "Too many | in (?()|)", 0);
        bad("(?(?#c)a)", "cannot be comments", 0);
        bad("(?(?<n>a)a)", "cannot be named", 0);
        bad("(?(?'n'a)a)", "cannot be named", 0);
        ok("(?((?#c))a)");
        ok("(?(?<=a)b|c)");
        bad("(?(a)(?i)b)", "Unrecognized grouping construct", 5);
    }

    #[test]
    fn inline_options_change_meaning() {
        // Under `x`, `#` starts a comment that hides the unbalanced `(`.
        ok("(?x)a # (");
        bad("a # (", "Not enough )'s", 4);
        // Under `n`, plain groups do not capture.
        bad(r"(?n)(a)\1", "Reference to undefined group number 1", 7);
        ok(r"(?n:(a))(b)\1");
        // Options end with the group that set them.
        ok("(?:(?x) #\n)#");
    }

    #[test]
    fn display_is_one_based() {
        let e = check("abc)").unwrap_err();
        assert_eq!(e.offset, 3);
        assert_eq!(
            e.to_string(),
            "Too many )'s: this ) has no matching ( at character 4"
        );
        let e = check("é(").unwrap_err();
        assert_eq!(e.offset, 1);
        let e: Box<dyn std::error::Error> = Box::new(e);
        assert!(e.to_string().ends_with("at character 2"));
    }

    #[test]
    fn offsets_count_characters_not_units() {
        bad("😀😀[", "Unterminated [] set", 2);
        bad(r"é\q", r"Unrecognized escape sequence \q", 1);
    }

    #[test]
    fn deep_nesting_does_not_overflow() {
        let n = 100_000;
        let open = "(".repeat(n);
        bad(&open, "Not enough )'s", n - 1);
        let balanced = format!("{}a{}", "(".repeat(n), ")".repeat(n));
        ok(&balanced);
        let atomic = format!("{}a{}", "(?>".repeat(n), ")".repeat(n));
        ok(&atomic);
        let sub = format!("[a{}", "-[a".repeat(n));
        bad(&sub, "Unterminated [] set", 0);
        let sub_ok = format!("[a{}{}", "-[a".repeat(n), "]".repeat(n + 1));
        ok(&sub_ok);
        let quantified = "(a)*".repeat(n);
        ok(&quantified);
        let refs = format!("(a){}", r"\1".repeat(n));
        ok(&refs);
        let mut names = String::new();
        for i in 0..2000 {
            names.push_str("(?<g");
            names.push_str(&i.to_string());
            names.push_str(">x)\\k<g");
            names.push_str(&i.to_string());
            names.push('>');
        }
        ok(&names);
    }

    /// Small deterministic generator (xorshift) so no crate is needed.
    struct Rng(u64);

    impl Rng {
        fn next(&mut self) -> u64 {
            let mut x = self.0;
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            self.0 = x;
            x
        }

        fn below(&mut self, n: usize) -> usize {
            usize::try_from(self.next() % u64::try_from(n).unwrap_or(1)).unwrap_or(0)
        }
    }

    #[test]
    fn random_input_never_panics() {
        const PIECES: &[&str] = &[
            "(", ")", "[", "]", "{", "}", "\\", "|", "^", "$", ".", "*", "+", "?", "-", ",", "<",
            ">", "'", "#", "=", "!", ":", " ", "\n", "a", "z", "k", "p", "P", "x", "u", "c", "0",
            "1", "2", "9", "é", "😀", "\u{FFFF}", "(?", "(?<", "(?(", "\\k<", "\\p{", "{2,3}",
            "-[", "(?#", "(?x)", "(?n)", "\\1", "\\u00", "L", "Lu}", "n>", "_",
        ];
        let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
        let mut rejected = 0usize;
        for _ in 0..20_000 {
            let len = rng.below(24);
            let mut pattern = String::new();
            for _ in 0..len {
                pattern.push_str(PIECES[rng.below(PIECES.len())]);
            }
            if let Err(e) = check(&pattern) {
                rejected += 1;
                assert!(e.offset <= pattern.chars().count(), "{pattern:?}: {e}");
                assert!(!e.message.is_empty());
            }
        }
        assert!(rejected > 0);
    }

    #[test]
    fn random_chars_never_panic() {
        let mut rng = Rng(42);
        for _ in 0..5_000 {
            let len = rng.below(40);
            let pattern: String = (0..len)
                .map(|_| {
                    let v = u32::try_from(rng.next() % 0x11_0000).unwrap_or(0);
                    let ascii = u32::try_from(rng.next() % 0x80).unwrap_or(0);
                    if rng.next().is_multiple_of(4) {
                        char::from_u32(v).unwrap_or('a')
                    } else {
                        char::from_u32(ascii).unwrap_or('a')
                    }
                })
                .collect();
            let _ = check(&pattern);
        }
    }
}
