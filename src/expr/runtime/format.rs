//! .NET custom date and time format strings (`FormatDateTime`'s `inputFormat` and
//! `outputFormat`) in the invariant culture, and `DateTimeStyles`.
//!
//! Supported specifiers: `yyyy`, `yyy`, `yy`, `y`, `MMMM`, `MMM`, `MM`, `M`, `dddd`,
//! `ddd`, `dd`, `d`, `HH`, `H`, `hh`, `h`, `mm`, `m`, `ss`, `s`, `f`…`fffffff`,
//! `F`…`FFFFFFF`, `tt`, `t`, `zzz`, `zz`, `z`, `K`; quoted literals (`'…'`, `"…"`),
//! `\x` escapes, `%x`; `:` and `/` are the invariant separators; an unquoted `Z` is
//! a literal when formatting and the UTC mark when parsing. Other letters .NET treats
//! as specifiers (`g`, five or more `y`, eight `f`) are refused with a message.

use super::date::{Civil, Cursor, DateKind, DateTime, TICKS_PER_SECOND};

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
const DAYS: [&str; 7] = [
    "Sunday",
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
];

/// One piece of a format string.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Token {
    /// A specifier letter and how many times it repeats.
    Spec(char, usize),
    /// Literal text.
    Literal(String),
    /// An unquoted `Z`.
    Zulu,
}

/// Splits a custom format string into tokens, refusing what is not supported.
fn tokenize(format: &str) -> Result<Vec<Token>, String> {
    let chars: Vec<char> = format.chars().collect();
    let mut tokens = Vec::new();
    let mut i = 0;
    let literal = |tokens: &mut Vec<Token>, text: &str| match tokens.last_mut() {
        Some(Token::Literal(last)) => last.push_str(text),
        _ => tokens.push(Token::Literal(text.to_owned())),
    };
    while let Some(&c) = chars.get(i) {
        match c {
            'y' | 'M' | 'd' | 'H' | 'h' | 'm' | 's' | 'f' | 'F' | 't' | 'z' | 'K' | 'g' => {
                let mut count = 1;
                while chars.get(i + count) == Some(&c) {
                    count += 1;
                }
                let supported = match c {
                    'y' => count <= 4,
                    'M' | 'd' | 'H' | 'h' | 'm' | 's' | 't' => true,
                    'f' | 'F' => count <= 7,
                    'z' => count <= 3,
                    'K' => count == 1,
                    _ => false,
                };
                if !supported {
                    let run: String = std::iter::repeat_n(c, count).collect();
                    return Err(format!(
                        "the date format specifier `{run}` is not supported by synclens"
                    ));
                }
                tokens.push(Token::Spec(c, count));
                i += count;
            }
            '\'' | '"' => {
                let close = chars
                    .iter()
                    .skip(i + 1)
                    .position(|&d| d == c)
                    .ok_or_else(|| {
                        format!("unterminated quoted literal in date format `{format}`")
                    })?;
                let text: String = chars.iter().skip(i + 1).take(close).collect();
                literal(&mut tokens, &text);
                i += close + 2;
            }
            '\\' => {
                let next = chars
                    .get(i + 1)
                    .ok_or_else(|| format!("date format `{format}` ends with a backslash"))?;
                literal(&mut tokens, &next.to_string());
                i += 2;
            }
            '%' => {
                // `%d`: the next character alone as a specifier.
                i += 1;
            }
            'Z' => {
                tokens.push(Token::Zulu);
                i += 1;
            }
            other => {
                literal(&mut tokens, &other.to_string());
                i += 1;
            }
        }
    }
    Ok(tokens)
}

/// Formats a date with a .NET custom format string.
pub(crate) fn format(date: DateTime, format: &str) -> Result<String, String> {
    let tokens = tokenize(format)?;
    let c = date.civil();
    let mut out = String::new();
    for token in tokens {
        match token {
            Token::Literal(text) => out.push_str(&text),
            Token::Zulu => out.push('Z'),
            Token::Spec(letter, count) => {
                let hour12 = match c.hour % 12 {
                    0 => 12,
                    hour => hour,
                };
                let piece = match (letter, count) {
                    ('y', 1) => (c.year % 100).to_string(),
                    ('y', 2) => format!("{:02}", c.year % 100),
                    ('y', n) => format!("{:0n$}", c.year),
                    ('M', 1) => c.month.to_string(),
                    ('M', 2) => format!("{:02}", c.month),
                    ('M', 3) => month_name(c.month).chars().take(3).collect(),
                    ('M', _) => month_name(c.month).to_owned(),
                    ('d', 1) => c.day.to_string(),
                    ('d', 2) => format!("{:02}", c.day),
                    ('d', 3) => day_name(date).chars().take(3).collect(),
                    ('d', _) => day_name(date).to_owned(),
                    ('H', 1) => c.hour.to_string(),
                    ('H', _) => format!("{:02}", c.hour),
                    ('h', 1) => hour12.to_string(),
                    ('h', _) => format!("{hour12:02}"),
                    ('m', 1) => c.minute.to_string(),
                    ('m', _) => format!("{:02}", c.minute),
                    ('s', 1) => c.second.to_string(),
                    ('s', _) => format!("{:02}", c.second),
                    ('f' | 'F', n) => {
                        let digits = format!("{:07}", c.fraction);
                        let cut: String = digits.chars().take(n).collect();
                        if letter == 'F' {
                            cut.trim_end_matches('0').to_owned()
                        } else {
                            cut
                        }
                    }
                    ('t', 1) => (if c.hour < 12 { "A" } else { "P" }).to_owned(),
                    ('t', _) => (if c.hour < 12 { "AM" } else { "PM" }).to_owned(),
                    ('z', 1) => "+0".to_owned(),
                    ('z', 2) => "+00".to_owned(),
                    ('z', _) => "+00:00".to_owned(),
                    ('K', _) => match date.kind {
                        DateKind::Utc => "Z".to_owned(),
                        DateKind::Local => "+00:00".to_owned(),
                        DateKind::Unspecified => String::new(),
                    },
                    _ => {
                        return Err(format!(
                            "the date format specifier `{letter}` is not supported"
                        ));
                    }
                };
                out.push_str(&piece);
            }
        }
    }
    Ok(out)
}

fn month_name(month: i64) -> &'static str {
    usize::try_from(month - 1)
        .ok()
        .and_then(|index| MONTHS.get(index))
        .copied()
        .unwrap_or("")
}

fn day_name(date: DateTime) -> &'static str {
    usize::try_from(date.day_of_week())
        .ok()
        .and_then(|index| DAYS.get(index))
        .copied()
        .unwrap_or("")
}

/// `DateTimeStyles` flags that change a parse.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct Styles {
    allow_leading_white: bool,
    allow_trailing_white: bool,
    allow_inner_white: bool,
    adjust_to_universal: bool,
    assume_universal: bool,
    assume_local: bool,
    roundtrip_kind: bool,
}

impl Styles {
    /// The default `FormatDateTime` documents: RoundtripKind, AllowLeadingWhite,
    /// AllowTrailingWhite.
    pub(crate) fn documented_default() -> Styles {
        Styles {
            allow_leading_white: true,
            allow_trailing_white: true,
            roundtrip_kind: true,
            ..Styles::default()
        }
    }

    /// Parses a `DateTimeStyles` value: names separated by commas (`AdjustToUniversal,
    /// AssumeUniversal`); empty is the documented default.
    pub(crate) fn parse(text: &str) -> Result<Styles, String> {
        if text.trim().is_empty() {
            return Ok(Styles::documented_default());
        }
        let mut styles = Styles::default();
        for name in text.split(',').map(str::trim) {
            match name.to_ascii_lowercase().as_str() {
                "none" | "nocurrentdatedefault" => {}
                "allowleadingwhite" => styles.allow_leading_white = true,
                "allowtrailingwhite" => styles.allow_trailing_white = true,
                "allowinnerwhite" => styles.allow_inner_white = true,
                "allowwhitespaces" => {
                    styles.allow_leading_white = true;
                    styles.allow_trailing_white = true;
                    styles.allow_inner_white = true;
                }
                "adjusttouniversal" => styles.adjust_to_universal = true,
                "assumeuniversal" => styles.assume_universal = true,
                "assumelocal" => styles.assume_local = true,
                "roundtripkind" => styles.roundtrip_kind = true,
                _ => return Err(format!("`{name}` is not a DateTimeStyles name")),
            }
        }
        Ok(styles)
    }
}

/// Parses `text` exactly as `format` describes it (.NET `DateTime.ParseExact` in the
/// invariant culture). Fields the format lacks default to 0001-01-01 00:00:00 (the
/// date part to today in .NET; offline that is not known, so a time-only format is
/// refused).
pub(crate) fn parse_exact(text: &str, format: &str, styles: Styles) -> Result<DateTime, String> {
    let tokens = tokenize(format)?;
    let fail = || format!("`{text}` does not match the date format `{format}`");
    let mut text = text;
    if styles.allow_leading_white {
        text = text.trim_start();
    }
    if styles.allow_trailing_white {
        text = text.trim_end();
    }
    let mut cursor = Cursor::new(text);
    let (mut year, mut month, mut day) = (None, None, None);
    let (mut hour, mut minute, mut second, mut fraction) = (0, 0, 0, 0);
    let mut pm = None;
    let mut hour12 = false;
    let mut offset: Option<i64> = None;
    let mut zulu = false;
    for token in &tokens {
        if styles.allow_inner_white {
            cursor.skip_spaces();
        }
        match token {
            Token::Literal(literal) => {
                for byte in literal.bytes() {
                    if byte == b' ' && styles.allow_inner_white {
                        continue;
                    }
                    if !cursor.eat(byte) {
                        return Err(fail());
                    }
                }
            }
            Token::Zulu => {
                if !cursor.eat(b'Z') {
                    return Err(fail());
                }
                zulu = true;
            }
            Token::Spec(letter, count) => {
                let count = *count;
                let wide = |n: usize| if count >= 2 { n } else { 1 };
                match letter {
                    'y' => {
                        let value = match count {
                            1 | 2 => cursor
                                .digits(1, 2)
                                .map(|y| 2000 + y - if y > 49 { 100 } else { 0 }),
                            _ => cursor.digits(count, 4.max(count)),
                        };
                        year = Some(value.ok_or_else(fail)?);
                    }
                    'M' if count <= 2 => month = Some(cursor.digits(wide(2), 2).ok_or_else(fail)?),
                    'M' => {
                        let found = MONTHS.iter().position(|name| {
                            let name = if count == 3 { &name[..3] } else { name };
                            cursor.eat_ignore_case(name)
                        });
                        month = Some(
                            found
                                .and_then(|i| i64::try_from(i + 1).ok())
                                .ok_or_else(fail)?,
                        );
                    }
                    'd' if count <= 2 => day = Some(cursor.digits(wide(2), 2).ok_or_else(fail)?),
                    'd' => {
                        let found = DAYS.iter().any(|name| {
                            let name = if count == 3 { &name[..3] } else { name };
                            cursor.eat_ignore_case(name)
                        });
                        if !found {
                            return Err(fail());
                        }
                    }
                    'H' => hour = cursor.digits(wide(2), 2).ok_or_else(fail)?,
                    'h' => {
                        hour = cursor.digits(wide(2), 2).ok_or_else(fail)?;
                        hour12 = true;
                    }
                    'm' => minute = cursor.digits(wide(2), 2).ok_or_else(fail)?,
                    's' => second = cursor.digits(wide(2), 2).ok_or_else(fail)?,
                    'f' | 'F' => {
                        let start = cursor.pos;
                        let min = if *letter == 'f' { count } else { 0 };
                        let digits = cursor.digits(min, count).ok_or_else(fail)?;
                        let width = u32::try_from(cursor.pos - start).map_err(|_| fail())?;
                        fraction = digits * 10_i64.pow(7 - width);
                    }
                    't' => {
                        pm = if cursor.eat_ignore_case(if count == 1 { "A" } else { "AM" }) {
                            Some(false)
                        } else if cursor.eat_ignore_case(if count == 1 { "P" } else { "PM" }) {
                            Some(true)
                        } else {
                            return Err(fail());
                        };
                    }
                    'z' | 'K' => {
                        if *letter == 'K' && cursor.at_end() {
                            continue;
                        }
                        if *letter == 'K' && cursor.eat(b'Z') {
                            zulu = true;
                            continue;
                        }
                        let sign = if cursor.eat(b'+') {
                            -1
                        } else if cursor.eat(b'-') {
                            1
                        } else {
                            return Err(fail());
                        };
                        let hours = cursor.digits(1, 2).ok_or_else(fail)?;
                        let minutes = if count == 3 || *letter == 'K' {
                            if !cursor.eat(b':') {
                                return Err(fail());
                            }
                            cursor.digits(2, 2).ok_or_else(fail)?
                        } else {
                            0
                        };
                        offset = Some(sign * (hours * 60 + minutes) * 60 * TICKS_PER_SECOND);
                    }
                    _ => return Err(fail()),
                }
            }
        }
    }
    if !cursor.at_end() {
        return Err(fail());
    }
    if hour12 {
        if hour > 12 {
            return Err(fail());
        }
        hour %= 12;
    }
    if pm == Some(true) {
        if hour >= 12 {
            return Err(fail());
        }
        hour += 12;
    }
    if year.is_none() && month.is_none() && day.is_none() {
        return Err(format!(
            "the date format `{format}` has no date part; synclens does not assume today's date"
        ));
    }
    let civil = Civil {
        year: year.unwrap_or(1),
        month: month.unwrap_or(1),
        day: day.unwrap_or(1),
        hour,
        minute,
        second,
        fraction,
    };
    // A zone in the text converts the time to UTC (local time offline); `Z` and
    // RoundtripKind keep the UTC kind.
    let zoned = zulu || offset.is_some();
    let kind = if (zoned || styles.assume_universal || styles.assume_local)
        && (styles.adjust_to_universal || (zulu && styles.roundtrip_kind))
    {
        DateKind::Utc
    } else if zoned || styles.assume_universal || styles.assume_local {
        DateKind::Local
    } else {
        DateKind::Unspecified
    };
    let date =
        DateTime::from_civil(civil, kind).ok_or_else(|| format!("`{text}` is not a valid date"))?;
    date.add_ticks(offset.unwrap_or(0))
        .ok_or_else(|| format!("`{text}` is out of range"))
}
