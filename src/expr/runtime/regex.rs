//! .NET regular expressions run with fancy-regex: a pattern is first checked by .NET's
//! rules ([`crate::dotnet_regex`]), then translated to fancy-regex syntax,
//! which has named groups, lookaround, atomic groups and backreferences. What cannot
//! be translated faithfully (balancing groups, conditionals, character-class
//! subtraction, `\G`, the `n` option, Unicode block names) is refused with a reason,
//! never run with other semantics. Matching is bounded by a backtrack limit.
//! Replacement strings follow .NET's `$` rules, not fancy-regex's.

use std::fmt::Write as _;

use fancy_regex::{Captures, Regex, RegexBuilder};

/// fancy-regex's backtracking steps allowed per match attempt before it gives up with
/// an error (its default is 1,000,000; a scoping filter or mapping is run per object).
pub const BACKTRACK_LIMIT: usize = 100_000;

/// A compiled .NET pattern.
#[derive(Debug)]
pub struct DotnetRegex {
    regex: Regex,
}

/// How many compiled patterns each thread keeps ([`DotnetRegex::cached`]); past it
/// the cache starts over, so patterns built from data cannot grow it without bound.
const CACHED_PATTERNS: usize = 256;

thread_local! {
    /// Patterns compiled on this thread, and what compiling them gave.
    static COMPILED: std::cell::RefCell<
        std::collections::HashMap<String, Result<std::rc::Rc<DotnetRegex>, String>>,
    > = std::cell::RefCell::new(std::collections::HashMap::new());
}

impl DotnetRegex {
    /// [`DotnetRegex::new`], compiled once per thread: a scoping clause or a
    /// `Replace` runs the same pattern for every object of a population, and compiling
    /// costs far more than matching.
    pub fn cached(pattern: &str) -> Result<std::rc::Rc<DotnetRegex>, String> {
        COMPILED.with(|cache| {
            if let Some(compiled) = cache.borrow().get(pattern) {
                return compiled.clone();
            }
            let compiled = DotnetRegex::new(pattern).map(std::rc::Rc::new);
            let mut cache = cache.borrow_mut();
            if cache.len() >= CACHED_PATTERNS {
                cache.clear();
            }
            cache.insert(pattern.to_owned(), compiled.clone());
            compiled
        })
    }

    /// Checks `pattern` by .NET's rules, translates and compiles it.
    pub fn new(pattern: &str) -> Result<DotnetRegex, String> {
        crate::dotnet_regex::check(pattern)
            .map_err(|error| format!("invalid .NET regular expression `{pattern}`: {error}"))?;
        let translated = translate(pattern)?;
        let regex = RegexBuilder::new(&translated)
            .backtrack_limit(BACKTRACK_LIMIT)
            .build()
            .map_err(|error| {
                format!("the regular expression `{pattern}` cannot be run by synclens: {error}")
            })?;
        Ok(DotnetRegex { regex })
    }

    /// Whether the pattern matches somewhere in `text`.
    pub fn is_match(&self, text: &str) -> Result<bool, String> {
        self.regex.is_match(text).map_err(run_error)
    }

    /// The first match's captures.
    pub fn captures<'t>(&self, text: &'t str) -> Result<Option<Captures<'t, str>>, String> {
        self.regex.captures(text).map_err(run_error)
    }

    /// Every match's captures, left to right (empty matches included, as in .NET).
    pub fn all_captures<'t>(&self, text: &'t str) -> Result<Vec<Captures<'t, str>>, String> {
        self.regex
            .captures_iter(text)
            .map(|captures| captures.map_err(run_error))
            .collect()
    }

    /// .NET `Regex.Replace(text, replacement)`: every match replaced, `$1`, `${name}`,
    /// `$$`, `$&`, `` $` ``, `$'`, `$+` and `$_` expanded.
    pub fn replace_all(&self, text: &str, replacement: &str) -> Result<String, String> {
        let mut out = String::new();
        let mut last = 0;
        for captures in self.all_captures(text)? {
            let Some(whole) = captures.get(0) else {
                continue;
            };
            out.push_str(text.get(last..whole.start()).unwrap_or_default());
            expand(&self.regex, &captures, text, replacement, &mut out);
            last = whole.end();
        }
        out.push_str(text.get(last..).unwrap_or_default());
        Ok(out)
    }

    /// Every match of the named group replaced by `replacement` (taken literally).
    pub fn replace_group(
        &self,
        text: &str,
        group: &str,
        replacement: &str,
    ) -> Result<String, String> {
        if !self.regex.capture_names().any(|name| name == Some(group)) {
            return Err(format!(
                "the regular expression has no group named `{group}`"
            ));
        }
        let mut out = String::new();
        let mut last = 0;
        for captures in self.all_captures(text)? {
            if let Some(found) = captures.name(group) {
                out.push_str(text.get(last..found.start()).unwrap_or_default());
                out.push_str(replacement);
                last = found.end();
            }
        }
        out.push_str(text.get(last..).unwrap_or_default());
        Ok(out)
    }

    /// The named group's value in the first match.
    pub fn group_value(&self, text: &str, group: &str) -> Result<Option<String>, String> {
        Ok(self
            .captures(text)?
            .and_then(|captures| captures.name(group).map(|found| found.as_str().to_owned())))
    }
}

#[allow(clippy::needless_pass_by_value)] // used as `map_err(run_error)`
fn run_error(error: fancy_regex::Error) -> String {
    format!("regular expression evaluation stopped: {error}")
}

/// Expands a .NET replacement pattern for one match.
fn expand(
    regex: &Regex,
    captures: &Captures<'_, str>,
    text: &str,
    replacement: &str,
    out: &mut String,
) {
    let group = |out: &mut String, index: Option<usize>| {
        if let Some(found) = index.and_then(|i| captures.get(i)) {
            out.push_str(found.as_str());
        }
    };
    let chars: Vec<char> = replacement.chars().collect();
    let mut i = 0;
    while let Some(&c) = chars.get(i) {
        if c != '$' {
            out.push(c);
            i += 1;
            continue;
        }
        match chars.get(i + 1) {
            Some('$') => {
                out.push('$');
                i += 2;
            }
            Some('&') => {
                group(out, Some(0));
                i += 2;
            }
            Some('`') => {
                let start = captures.get(0).map_or(0, |m| m.start());
                out.push_str(text.get(..start).unwrap_or_default());
                i += 2;
            }
            Some('\'') => {
                let end = captures.get(0).map_or(0, |m| m.end());
                out.push_str(text.get(end..).unwrap_or_default());
                i += 2;
            }
            Some('_') => {
                out.push_str(text);
                i += 2;
            }
            Some('+') => {
                let last = (1..captures.len())
                    .rev()
                    .find(|&n| captures.get(n).is_some());
                group(out, last);
                i += 2;
            }
            Some('{') => {
                let close = chars.iter().skip(i + 2).position(|&d| d == '}');
                let name: Option<String> =
                    close.map(|n| chars.iter().skip(i + 2).take(n).collect());
                match name {
                    Some(name) if !name.is_empty() => {
                        let index = name.parse::<usize>().ok().filter(|&n| n < captures.len());
                        let by_name = regex
                            .capture_names()
                            .position(|candidate| candidate == Some(name.as_str()));
                        if index.is_some() || by_name.is_some() {
                            group(out, index.or(by_name));
                        } else {
                            // An unknown group stays as written, as in .NET.
                            out.push_str("${");
                            out.push_str(&name);
                            out.push('}');
                        }
                        i += name.chars().count() + 3;
                    }
                    _ => {
                        out.push('$');
                        i += 1;
                    }
                }
            }
            Some(d) if d.is_ascii_digit() => {
                // The longest number that names a group.
                let digits: String = chars
                    .iter()
                    .skip(i + 1)
                    .take_while(|d| d.is_ascii_digit())
                    .collect();
                let mut taken = digits.len();
                let mut index = None;
                while taken > 0 {
                    if let Some(n) = digits.get(..taken).and_then(|s| s.parse::<usize>().ok())
                        && n < captures.len()
                    {
                        index = Some(n);
                        break;
                    }
                    taken -= 1;
                }
                if index.is_some() {
                    group(out, index);
                    i += taken + 1;
                } else {
                    out.push('$');
                    i += 1;
                }
            }
            _ => {
                out.push('$');
                i += 1;
            }
        }
    }
}

/// Translates a .NET pattern (already valid by .NET's rules) to fancy-regex syntax.
pub(crate) fn translate(pattern: &str) -> Result<String, String> {
    let refuse = |what: &str| {
        Err(format!(
            "the regular expression `{pattern}` uses {what}, which synclens cannot run with .NET semantics"
        ))
    };
    let chars: Vec<char> = pattern.chars().collect();
    let mut out = String::with_capacity(pattern.len() + 8);
    let mut i = 0;
    let mut in_class = false;
    let mut class_start = false;
    while let Some(&c) = chars.get(i) {
        let next = chars.get(i + 1).copied();
        if c == '\\' {
            let Some(e) = next else {
                return refuse("a trailing backslash");
            };
            match e {
                'G' => return refuse("`\\G`"),
                'Z' if !in_class => out.push_str(r"(?:\n?\z)"),
                'A' | 'z' | 'b' | 'B' if !in_class => {
                    out.push('\\');
                    out.push(e);
                }
                'e' => out.push_str(r"\x1B"),
                'a' => out.push_str(r"\x07"),
                'b' => out.push_str(r"\x08"),
                'u' => {
                    let hex: String = chars.iter().skip(i + 2).take(4).collect();
                    let _ = write!(out, "\\x{{{hex}}}");
                    i += 4;
                }
                'c' => {
                    let letter = chars.get(i + 2).copied().unwrap_or('@');
                    let code = u32::from(letter.to_ascii_uppercase()) ^ 0x40;
                    let _ = write!(out, "\\x{{{code:X}}}");
                    i += 1;
                }
                'p' | 'P' => {
                    let close = chars
                        .iter()
                        .skip(i + 2)
                        .position(|&d| d == '}')
                        .unwrap_or(0);
                    let name: String = chars
                        .iter()
                        .skip(i + 3)
                        .take(close.saturating_sub(1))
                        .collect();
                    if name.starts_with("Is") {
                        return refuse("a Unicode block name");
                    }
                    out.push('\\');
                    out.push(e);
                    out.push('{');
                    out.push_str(&name);
                    out.push('}');
                    i += close + 1;
                }
                '0'..='7' if e == '0' || in_class => {
                    // An octal escape: up to three digits.
                    let digits: String = chars
                        .iter()
                        .skip(i + 1)
                        .take(3)
                        .take_while(|d| matches!(d, '0'..='7'))
                        .collect();
                    let code = u32::from_str_radix(&digits, 8).unwrap_or(0) & 0xFF;
                    let _ = write!(out, "\\x{{{code:X}}}");
                    i += digits.len() - 1;
                }
                'k' => {
                    // \k<name> / \k'name'
                    out.push_str("\\k<");
                    let close_char = if chars.get(i + 2) == Some(&'\'') {
                        '\''
                    } else {
                        '>'
                    };
                    let close = chars
                        .iter()
                        .skip(i + 3)
                        .position(|&d| d == close_char)
                        .unwrap_or(0);
                    let name: String = chars.iter().skip(i + 3).take(close).collect();
                    out.push_str(&name);
                    out.push('>');
                    i += close + 2;
                }
                _ => {
                    out.push('\\');
                    out.push(e);
                }
            }
            i += 2;
            class_start = false;
            continue;
        }
        if in_class {
            match c {
                ']' if !class_start => {
                    in_class = false;
                    out.push(']');
                }
                '[' => out.push_str(r"\["),
                '-' if next == Some('[') => return refuse("character-class subtraction"),
                '&' | '~' => {
                    out.push('\\');
                    out.push(c);
                }
                '^' if class_start && chars.get(i.wrapping_sub(1)) == Some(&'[') => {
                    out.push('^');
                    i += 1;
                    continue;
                }
                _ => out.push(c),
            }
            class_start = false;
            i += 1;
            continue;
        }
        match c {
            '[' => {
                in_class = true;
                class_start = true;
                out.push('[');
                if next == Some('^') {
                    out.push('^');
                    i += 1;
                }
                i += 1;
                continue;
            }
            '$' => out.push_str(r"(?:(?=\n\z)|\z)"),
            '{' if !is_quantifier(&chars, i) => out.push_str(r"\{"),
            '}' => {
                // A `}` that closes no quantifier is a literal.
                out.push_str(if closes_quantifier(&chars, i) {
                    "}"
                } else {
                    r"\}"
                });
            }
            '(' if next == Some('?') => {
                let rest: String = chars.iter().skip(i + 2).take(3).collect();
                if rest.starts_with('(') {
                    return refuse("a conditional group");
                }
                if rest.starts_with('#') {
                    // A comment: skip to `)`.
                    let close = chars.iter().skip(i).position(|&d| d == ')').unwrap_or(0);
                    i += close + 1;
                    continue;
                }
                if rest.starts_with('\'') {
                    let close = chars
                        .iter()
                        .skip(i + 3)
                        .position(|&d| d == '\'')
                        .unwrap_or(0);
                    let name: String = chars.iter().skip(i + 3).take(close).collect();
                    if name.contains('-') {
                        return refuse("a balancing group");
                    }
                    out.push_str("(?<");
                    out.push_str(&name);
                    out.push('>');
                    i += close + 4;
                    continue;
                }
                if rest.starts_with('<') && !rest.starts_with("<=") && !rest.starts_with("<!") {
                    let close = chars
                        .iter()
                        .skip(i + 3)
                        .position(|&d| d == '>')
                        .unwrap_or(0);
                    let name: String = chars.iter().skip(i + 3).take(close).collect();
                    if name.contains('-') {
                        return refuse("a balancing group");
                    }
                }
                let options: String = chars
                    .iter()
                    .skip(i + 2)
                    .take_while(|d| matches!(d, 'i' | 'm' | 'n' | 's' | 'x' | '-'))
                    .collect();
                if options.contains('n') {
                    return refuse("the explicit-capture option `n`");
                }
                if options.contains('x') {
                    return refuse("the ignore-whitespace option `x`");
                }
                out.push('(');
            }
            _ => out.push(c),
        }
        class_start = false;
        i += 1;
    }
    Ok(out)
}

/// Whether the `{` at `at` starts `{n}`, `{n,}` or `{n,m}`.
fn is_quantifier(chars: &[char], at: usize) -> bool {
    let mut i = at + 1;
    let digits = |i: &mut usize| {
        let start = *i;
        while chars.get(*i).is_some_and(char::is_ascii_digit) {
            *i += 1;
        }
        *i > start
    };
    if !digits(&mut i) {
        return false;
    }
    if chars.get(i) == Some(&',') {
        i += 1;
        digits(&mut i);
    }
    chars.get(i) == Some(&'}')
}

/// Whether the `}` at `at` closes a quantifier.
fn closes_quantifier(chars: &[char], at: usize) -> bool {
    let open = chars.iter().take(at).rposition(|&c| c == '{');
    open.is_some_and(|open| {
        is_quantifier(chars, open)
            && chars
                .iter()
                .skip(open + 1)
                .take(at - open - 1)
                .all(|c| c.is_ascii_digit() || *c == ',')
    })
}
