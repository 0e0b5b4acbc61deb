//! The evaluation of each catalog function (attached to its entry in the built-in
//! table, [`super::builtins`]), the comparison operators, and the conversions they
//! share.
//!
//! Null rules (the service documents few; these are synclens's choices, each written
//! where it applies): a string function given null returns null (the attribute does
//! not flow), except where the reference page says otherwise (`Left` and `Word` give
//! the empty string, `Join` skips null and empty sources, `Count` gives 0).

use std::collections::HashSet;
use std::fmt::Write as _;

use super::args::Args;
use crate::expr::ast::CompareOp;
use crate::expr::runtime::date::{DateKind, DateTime, TICKS_PER_DAY, TICKS_PER_SECOND};
use crate::expr::runtime::format::{self, Styles};
use crate::expr::runtime::regex::DotnetRegex;
use crate::expr::runtime::value::Value;
use crate::expr::runtime::{EvalError, fail};

type R = Result<Value, EvalError>;

// ---- conversions ---------------------------------------------------------------------

/// A value as one string (`None` for null); a multi-valued value with several values is
/// an error where one string is expected.
pub(crate) fn single_text(value: &Value, function: &str) -> Result<Option<String>, EvalError> {
    match value {
        Value::List(items) if items.len() > 1 => fail(format!(
            "{function} expects a single value, got a multi-valued one with {} values",
            items.len()
        )),
        other => Ok(other.text()),
    }
}

fn text(args: &mut Args<'_, '_>, key: &str) -> Result<Option<String>, EvalError> {
    let value = args.get(key)?;
    single_text(&value, args.function())
}

fn number_of(value: &Value, what: &str) -> Result<Option<i64>, EvalError> {
    match value {
        Value::Null => Ok(None),
        Value::Number(number) => Ok(Some(*number)),
        Value::Boolean(flag) => Ok(Some(i64::from(*flag))),
        other => {
            let text = single_text(other, what)?.unwrap_or_default();
            let trimmed = text.trim();
            if let Some(hex) = trimmed
                .strip_prefix("&H")
                .or_else(|| trimmed.strip_prefix("&h"))
            {
                return i64::from_str_radix(hex, 16)
                    .map(Some)
                    .or_else(|_| fail(format!("{what}: `{text}` is not a number")));
            }
            trimmed
                .parse::<i64>()
                .map(Some)
                .or_else(|_| fail(format!("{what}: `{text}` is not a whole number")))
        }
    }
}

fn number(args: &mut Args<'_, '_>, key: &str) -> Result<Option<i64>, EvalError> {
    let value = args.get(key)?;
    number_of(&value, &format!("{} ({key})", args.function()))
}

fn required_number(args: &mut Args<'_, '_>, key: &str) -> Result<i64, EvalError> {
    match number(args, key)? {
        Some(value) => Ok(value),
        None => fail(format!("{}: {key} is null", args.function())),
    }
}

fn date_of(value: &Value, what: &str) -> Result<Option<DateTime>, EvalError> {
    match value {
        Value::Null => Ok(None),
        Value::DateTime(date) => Ok(Some(*date)),
        other => {
            let text = single_text(other, what)?.unwrap_or_default();
            match crate::expr::runtime::date::parse_general(&text) {
                Some(date) => Ok(Some(date)),
                None => fail(format!("{what}: `{text}` is not a date")),
            }
        }
    }
}

fn boolean_of(value: &Value, what: &str) -> Result<Option<bool>, EvalError> {
    match value {
        Value::Null => Ok(None),
        Value::Boolean(flag) => Ok(Some(*flag)),
        Value::Number(number) => Ok(Some(*number != 0)),
        other => {
            let text = single_text(other, what)?.unwrap_or_default();
            let trimmed = text.trim();
            if trimmed.eq_ignore_ascii_case("true") {
                Ok(Some(true))
            } else if trimmed.eq_ignore_ascii_case("false") {
                Ok(Some(false))
            } else if let Ok(number) = trimmed.parse::<f64>() {
                Ok(Some(number != 0.0))
            } else {
                fail(format!("{what}: `{text}` is not a Boolean"))
            }
        }
    }
}

/// Maps every value of a single or multi-valued value with `f` (null stays null).
fn map_texts(value: &Value, f: impl Fn(&str) -> String) -> Value {
    match value {
        Value::Null => Value::Null,
        Value::List(items) => Value::List(items.iter().map(|item| f(item)).collect()),
        other => other
            .text()
            .map_or(Value::Null, |text| Value::String(f(&text))),
    }
}

// ---- comparisons ---------------------------------------------------------------------

/// `=`, `<>`, `<`, `<=`, `>`, `>=`. Numbers compare as numbers when both sides are
/// whole numbers, dates as dates when both are dates, else strings compare ordinally
/// and case-sensitively (as Switch and Replace do). A null operand makes the result
/// null: the service does not evaluate IIF on an absent attribute (the reference lists
/// `IIF([country]="",…)` as unsupported), so synclens lets nothing flow.
pub(crate) fn compare(op: CompareOp, left: &Value, right: &Value) -> R {
    if left.is_null() || right.is_null() {
        return Ok(Value::Null);
    }
    let ordering = if let (Value::DateTime(a), Value::DateTime(b)) = (left, right) {
        a.ticks.cmp(&b.ticks)
    } else {
        {
            let a = single_text(left, op.as_str())?.unwrap_or_default();
            let b = single_text(right, op.as_str())?.unwrap_or_default();
            match (a.trim().parse::<i64>(), b.trim().parse::<i64>()) {
                (Ok(x), Ok(y)) if !matches!(op, CompareOp::Equal | CompareOp::NotEqual) => {
                    x.cmp(&y)
                }
                _ => a.cmp(&b),
            }
        }
    };
    let result = match op {
        CompareOp::Equal => ordering.is_eq(),
        CompareOp::NotEqual => ordering.is_ne(),
        CompareOp::Less => ordering.is_lt(),
        CompareOp::LessOrEqual => ordering.is_le(),
        CompareOp::Greater => ordering.is_gt(),
        CompareOp::GreaterOrEqual => ordering.is_ge(),
    };
    Ok(Value::Boolean(result))
}

// ---- string functions ----------------------------------------------------------------

pub(crate) fn append(args: &mut Args<'_, '_>) -> R {
    let Some(source) = text(args, "source")? else {
        return Ok(Value::Null);
    };
    let suffix = text(args, "suffix")?.unwrap_or_default();
    Ok(Value::String(source + &suffix))
}

/// Legacy `Prepend(prefix, source)`: the prefix before the source (by its parameter
/// names; no page documents it).
pub(crate) fn prepend(args: &mut Args<'_, '_>) -> R {
    let Some(source) = text(args, "source")? else {
        return Ok(Value::Null);
    };
    let prefix = text(args, "prefix")?.unwrap_or_default();
    Ok(Value::String(prefix + &source))
}

pub(crate) fn join(args: &mut Args<'_, '_>) -> R {
    let separator = text(args, "separator")?.unwrap_or_default();
    let mut parts = Vec::new();
    for index in args.repeats("source") {
        let value = args.slot(index)?;
        // Null and empty values are skipped: the reference's `Join(", ", "", [surname],
        // [givenName])` gives "Doe, John".
        parts.extend(value.texts().into_iter().filter(|part| !part.is_empty()));
    }
    Ok(Value::String(parts.join(&separator)))
}

pub(crate) fn left(args: &mut Args<'_, '_>) -> R {
    // Null gives "" (reference page).
    let source = text(args, "source")?.unwrap_or_default();
    let length = required_number(args, "length")?;
    if length < 0 {
        return Ok(Value::String(source));
    }
    let length = usize::try_from(length).unwrap_or(usize::MAX);
    Ok(Value::String(source.chars().take(length).collect()))
}

pub(crate) fn mid(args: &mut Args<'_, '_>) -> R {
    let Some(source) = text(args, "source")? else {
        return Ok(Value::Null);
    };
    let start = required_number(args, "start")?;
    if start < 1 {
        return fail(format!("Mid: start must be 1 or more, got {start}"));
    }
    let length = number(args, "length")?.unwrap_or(i64::MAX);
    if length < 0 {
        return fail(format!("Mid: length must not be negative, got {length}"));
    }
    let skip = usize::try_from(start - 1).unwrap_or(usize::MAX);
    let take = usize::try_from(length).unwrap_or(usize::MAX);
    Ok(Value::String(
        source.chars().skip(skip).take(take).collect(),
    ))
}

pub(crate) fn strip_spaces(args: &mut Args<'_, '_>) -> R {
    let value = args.get("source")?;
    Ok(map_texts(&value, |text| text.replace(' ', "")))
}

pub(crate) fn trim(args: &mut Args<'_, '_>) -> R {
    let value = args.get("source")?;
    Ok(map_texts(&value, |text| text.trim().to_owned()))
}

/// The culture's casing rules: invariant, or Turkish/Azeri (dotted and dotless i).
/// Other valid culture names case as invariant.
fn turkic(args: &mut Args<'_, '_>) -> Result<bool, EvalError> {
    let Some(culture) = text(args, "culture")? else {
        return Ok(false);
    };
    let culture = culture.trim();
    let valid = culture.is_empty()
        || culture.split('-').all(|part| {
            !part.is_empty() && part.len() <= 8 && part.chars().all(|c| c.is_ascii_alphanumeric())
        });
    if !valid {
        return fail(format!(
            "{}: `{culture}` is not a culture name",
            args.function()
        ));
    }
    let language = culture
        .split('-')
        .next()
        .unwrap_or_default()
        .to_ascii_lowercase();
    Ok(language == "tr" || language == "az")
}

/// Simple (one-to-one) case mapping, as .NET's `ToUpper`/`ToLower` do: a character
/// whose full mapping has several characters (ß → SS) is kept.
fn simple_case(text: &str, upper: bool, turkic: bool) -> String {
    text.chars()
        .map(|c| match (upper, turkic, c) {
            (true, true, 'i') => 'İ',
            (true, true, 'ı') => 'I',
            (false, true, 'I') => 'ı',
            (false, _, 'İ') => 'i',
            _ => {
                let mut mapped: Vec<char> = if upper {
                    c.to_uppercase().collect()
                } else {
                    c.to_lowercase().collect()
                };
                match (mapped.pop(), mapped.is_empty()) {
                    (Some(one), true) => one,
                    _ => c,
                }
            }
        })
        .collect()
}

pub(crate) fn to_upper(args: &mut Args<'_, '_>) -> R {
    let turkic = turkic(args)?;
    let value = args.get("source")?;
    Ok(map_texts(&value, |text| simple_case(text, true, turkic)))
}

pub(crate) fn to_lower(args: &mut Args<'_, '_>) -> R {
    let turkic = turkic(args)?;
    let value = args.get("source")?;
    Ok(map_texts(&value, |text| simple_case(text, false, turkic)))
}

pub(crate) fn pcase(args: &mut Args<'_, '_>) -> R {
    let Some(source) = text(args, "source")? else {
        return Ok(Value::Null);
    };
    let separators = text(args, "wordSeparators")?;
    let mut out = String::with_capacity(source.len());
    let mut word_start = true;
    for c in source.chars() {
        out.push_str(&if word_start {
            simple_case(&c.to_string(), true, false)
        } else {
            simple_case(&c.to_string(), false, false)
        });
        word_start = match &separators {
            // Given separators: a word starts after one of them.
            Some(separators) if !separators.is_empty() => separators.contains(c),
            // Default: after anything that is not a letter, digit or apostrophe
            // (.NET ToTitleCase).
            _ => !(c.is_alphanumeric() || c == '\''),
        };
    }
    Ok(Value::String(out))
}

pub(crate) fn word(args: &mut Args<'_, '_>) -> R {
    // Null gives "" (reference page).
    let source = text(args, "source")?.unwrap_or_default();
    let number = required_number(args, "wordNumber")?;
    let delimiters = text(args, "delimiters")?.unwrap_or_default();
    if number < 1 {
        return Ok(Value::String(String::new()));
    }
    let index = usize::try_from(number.saturating_sub(1)).unwrap_or(usize::MAX);
    let word = source
        .split(|c| delimiters.contains(c))
        .filter(|word| !word.is_empty())
        .nth(index)
        .unwrap_or_default();
    Ok(Value::String(word.to_owned()))
}

pub(crate) fn instr(args: &mut Args<'_, '_>) -> R {
    let Some(haystack) = text(args, "value1")? else {
        return Ok(Value::Null);
    };
    let needle = text(args, "value2")?.unwrap_or_default();
    let start = number(args, "start")?.unwrap_or(1);
    if start < 1 {
        return fail(format!("InStr: start must be 1 or more, got {start}"));
    }
    let compare = text(args, "compareType")?.unwrap_or_default();
    let ignore_case = match compare.as_str() {
        "" | "vbBinaryCompare" => false,
        "vbTextCompare" => true,
        other => {
            return fail(format!(
                "InStr: `{other}` is not vbBinaryCompare or vbTextCompare"
            ));
        }
    };
    let fold = |text: &str| {
        if ignore_case {
            simple_case(text, false, false)
        } else {
            text.to_owned()
        }
    };
    let chars: Vec<char> = fold(&haystack).chars().collect();
    let needle: Vec<char> = fold(&needle).chars().collect();
    let skip = usize::try_from(start - 1).unwrap_or(usize::MAX);
    if skip > chars.len() {
        return Ok(Value::Number(0));
    }
    let found = (skip..=chars.len().saturating_sub(needle.len()))
        .find(|&at| chars.get(at..at + needle.len()) == Some(needle.as_slice()));
    Ok(Value::Number(
        found.map_or(0, |at| i64::try_from(at + 1).unwrap_or(0)),
    ))
}

pub(crate) fn normalize_diacritics(args: &mut Args<'_, '_>) -> R {
    let value = args.get("source")?;
    Ok(map_texts(&value, |text| {
        text.chars().map(strip_diacritic).collect()
    }))
}

/// The replacement of one character (the reference's table: accented Latin letters to
/// their base letters; æ → ae, ø → oe, ß → ss and their capitals).
fn strip_diacritic(c: char) -> String {
    let base = match c {
        'À'..='Å' | 'Ā' | 'Ă' | 'Ą' => "A",
        'à'..='å' | 'ā' | 'ă' | 'ą' => "a",
        'Æ' => "AE",
        'æ' => "ae",
        'Ç' | 'Ć' | 'Ĉ' | 'Ċ' | 'Č' => "C",
        'ç' | 'ć' | 'ĉ' | 'ċ' | 'č' => "c",
        'Ď' | 'Đ' | 'Ð' => "D",
        'ď' | 'đ' | 'ð' => "d",
        'È'..='Ë' | 'Ē' | 'Ĕ' | 'Ė' | 'Ę' | 'Ě' => "E",
        'è'..='ë' | 'ē' | 'ĕ' | 'ė' | 'ę' | 'ě' => "e",
        'Ĝ' | 'Ğ' | 'Ġ' | 'Ģ' => "G",
        'ĝ' | 'ğ' | 'ġ' | 'ģ' => "g",
        'Ĥ' | 'Ħ' => "H",
        'ĥ' | 'ħ' => "h",
        'Ì'..='Ï' | 'Ĩ' | 'Ī' | 'Ĭ' | 'Į' | 'İ' => "I",
        'ì'..='ï' | 'ĩ' | 'ī' | 'ĭ' | 'į' | 'ı' => "i",
        'Ĵ' => "J",
        'ĵ' => "j",
        'Ķ' => "K",
        'ķ' => "k",
        'Ĺ' | 'Ļ' | 'Ľ' | 'Ŀ' | 'Ł' => "L",
        'ĺ' | 'ļ' | 'ľ' | 'ŀ' | 'ł' => "l",
        'Ñ' | 'Ń' | 'Ņ' | 'Ň' => "N",
        'ñ' | 'ń' | 'ņ' | 'ň' => "n",
        'Ò'..='Ö' | 'Ō' | 'Ŏ' | 'Ő' => "O",
        'ò'..='ö' | 'ō' | 'ŏ' | 'ő' => "o",
        'Ø' | 'Œ' => "OE",
        'ø' | 'œ' => "oe",
        'Ŕ' | 'Ŗ' | 'Ř' => "R",
        'ŕ' | 'ŗ' | 'ř' => "r",
        'Ś' | 'Ŝ' | 'Ş' | 'Š' => "S",
        'ś' | 'ŝ' | 'ş' | 'š' => "s",
        'ß' => "ss",
        'Ţ' | 'Ť' | 'Ŧ' => "T",
        'ţ' | 'ť' | 'ŧ' => "t",
        'Ù'..='Ü' | 'Ũ' | 'Ū' | 'Ŭ' | 'Ů' | 'Ű' | 'Ų' => "U",
        'ù'..='ü' | 'ũ' | 'ū' | 'ŭ' | 'ů' | 'ű' | 'ų' => "u",
        'Ŵ' => "W",
        'ŵ' => "w",
        'Ý' | 'Ÿ' | 'Ŷ' => "Y",
        'ý' | 'ÿ' | 'ŷ' => "y",
        'Ź' | 'Ż' | 'Ž' => "Z",
        'ź' | 'ż' | 'ž' => "z",
        'Þ' => "TH",
        'þ' => "th",
        other => return other.to_string(),
    };
    base.to_owned()
}

pub(crate) fn split(args: &mut Args<'_, '_>) -> R {
    let Some(source) = text(args, "source")? else {
        return Ok(Value::Null);
    };
    let Some(delimiter) = text(args, "delimiter")?.filter(|d| !d.is_empty()) else {
        return fail("Split: the delimiter is missing or empty");
    };
    // .NET String.Split: no trimming, empty values kept.
    Ok(Value::List(
        source
            .split(delimiter.as_str())
            .map(str::to_owned)
            .collect(),
    ))
}

pub(crate) fn switch(args: &mut Args<'_, '_>) -> R {
    let source = args.get("source")?;
    // A null source matches the key "" (the reference's advice for empty sources).
    let source = single_text(&source, "Switch")?.unwrap_or_default();
    let pairs = args.repeats("switchValue");
    if !pairs.len().is_multiple_of(2) {
        return fail("Switch: the keys and values are not in pairs (an odd number of them)");
    }
    for pair in pairs.chunks(2) {
        let (Some(&key), Some(&value)) = (pair.first(), pair.get(1)) else {
            continue;
        };
        let key = args.slot(key)?;
        if single_text(&key, "Switch")?.unwrap_or_default() == source {
            return args.slot(value);
        }
    }
    args.get("defaultValue")
}

pub(crate) fn coalesce(args: &mut Args<'_, '_>) -> R {
    for index in args.repeats("source") {
        let value = args.slot(index)?;
        if !value.is_null() {
            return Ok(value);
        }
    }
    args.get("defaultValue")
}

pub(crate) fn replace(args: &mut Args<'_, '_>) -> R {
    let source = text(args, "source")?;
    let find = text(args, "Find")?;
    let pattern = text(args, "RegularExpression")?;
    let group = text(args, "RegularExpressionGroupName")?;
    let replacement = text(args, "Replacement")?;
    let template = text(args, "Template")?;
    if let Some(pattern) = pattern {
        let regex = DotnetRegex::cached(&pattern).map_err(EvalError::new)?;
        if let Some(group) = group {
            if let Some(replacement) = replacement {
                let Some(source) = source else {
                    return Ok(Value::Null);
                };
                return regex
                    .replace_group(&source, &group, &replacement)
                    .map(Value::String)
                    .map_err(EvalError::new);
            }
            if args.supplied("ReplacementPropertyName") {
                // The source when it has a value; else the group's match in the
                // replacement attribute (the reference's telephoneNumber/mobile example).
                if let Some(source) = source.filter(|s| !s.is_empty()) {
                    return Ok(Value::String(source));
                }
                let other = text(args, "ReplacementPropertyName")?.unwrap_or_default();
                return regex
                    .group_value(&other, &group)
                    .map(|found| found.map_or(Value::Null, Value::String))
                    .map_err(EvalError::new);
            }
            return fail(
                "Replace: regexGroupName needs replacementValue or replacementAttributeName",
            );
        }
        let Some(source) = source else {
            return Ok(Value::Null);
        };
        let replacement = replacement.unwrap_or_default();
        return regex
            .replace_all(&source, &replacement)
            .map(Value::String)
            .map_err(EvalError::new);
    }
    if let Some(find) = find.filter(|find| !find.is_empty()) {
        if let Some(template) = template {
            let Some(source) = source else {
                return Ok(Value::Null);
            };
            return Ok(Value::String(template.replace(&find, &source)));
        }
        let Some(source) = source else {
            return Ok(Value::Null);
        };
        return Ok(Value::String(
            source.replace(&find, &replacement.unwrap_or_default()),
        ));
    }
    if let Some(template) = template {
        return Ok(Value::String(template));
    }
    fail("Replace needs oldValue or regexPattern")
}

// ---- tests on values -----------------------------------------------------------------

pub(crate) fn is_null(args: &mut Args<'_, '_>) -> R {
    Ok(Value::Boolean(args.get("source")?.is_null()))
}

pub(crate) fn is_null_or_empty(args: &mut Args<'_, '_>) -> R {
    Ok(Value::Boolean(args.get("source")?.is_null_or_empty()))
}

pub(crate) fn is_present(args: &mut Args<'_, '_>) -> R {
    Ok(Value::Boolean(!args.get("source")?.is_null_or_empty()))
}

pub(crate) fn is_string(args: &mut Args<'_, '_>) -> R {
    let value = args.get("source")?;
    Ok(Value::Boolean(matches!(
        value,
        Value::String(_)
            | Value::Reference(_)
            | Value::Number(_)
            | Value::Boolean(_)
            | Value::DateTime(_)
    )))
}

pub(crate) fn not(args: &mut Args<'_, '_>) -> R {
    let value = args.get("source")?;
    // True becomes False; anything else (False, null, other text) becomes True.
    let truth = match &value {
        Value::Boolean(flag) => *flag,
        other => other
            .text()
            .is_some_and(|text| text.trim().eq_ignore_ascii_case("true")),
    };
    Ok(Value::Boolean(!truth))
}

pub(crate) fn cbool(args: &mut Args<'_, '_>) -> R {
    let value = args.get("source")?;
    Ok(boolean_of(&value, "CBool")?.map_or(Value::Null, Value::Boolean))
}

pub(crate) fn cstr(args: &mut Args<'_, '_>) -> R {
    let value = args.get("source")?;
    Ok(single_text(&value, "CStr")?.map_or(Value::Null, Value::String))
}

pub(crate) fn cref(args: &mut Args<'_, '_>) -> R {
    Ok(text(args, "source")?.map_or(Value::Null, Value::Reference))
}

pub(crate) fn iif(args: &mut Args<'_, '_>) -> R {
    let condition = args.get("one")?;
    match boolean_of(&condition, "IIF")? {
        Some(true) => args.get("four"),
        Some(false) => args.get("five"),
        // A null condition (a comparison with an absent attribute): nothing flows.
        None => Ok(Value::Null),
    }
}

pub(crate) fn ignore_flow_if_null_or_empty(args: &mut Args<'_, '_>) -> R {
    let value = args.get("source")?;
    if value.is_null_or_empty() {
        args.state().ignore_flow = true;
        return Ok(Value::Null);
    }
    Ok(value)
}

pub(crate) fn error(args: &mut Args<'_, '_>) -> R {
    let message = text(args, "message")?.unwrap_or_default();
    fail(message)
}

pub(crate) fn redact(args: &mut Args<'_, '_>) -> R {
    args.state()
        .notes
        .push("Redact: the provisioning logs show \"[Redact]\" instead of this value".to_owned());
    args.get("source")
}

// ---- multi-valued --------------------------------------------------------------------

pub(crate) fn count(args: &mut Args<'_, '_>) -> R {
    let value = args.get("source")?;
    Ok(Value::Number(
        i64::try_from(value.texts().len()).unwrap_or(i64::MAX),
    ))
}

pub(crate) fn item(args: &mut Args<'_, '_>) -> R {
    let value = args.get("source")?;
    let index = required_number(args, "index")?;
    let values = value.texts();
    // 1-based (the app-provisioning reference); out of range is an error (Cloud Sync).
    usize::try_from(index.saturating_sub(1))
        .ok()
        .and_then(|at| values.get(at))
        .map_or_else(
            || {
                fail(format!(
                    "Item: index {index} is out of range (1 to {})",
                    values.len()
                ))
            },
            |found| Ok(Value::String(found.clone())),
        )
}

pub(crate) fn remove_duplicates(args: &mut Args<'_, '_>) -> R {
    let value = args.get("source")?;
    if value.is_null() {
        return Ok(Value::Null);
    }
    let mut seen = HashSet::new();
    Ok(Value::List(
        value
            .texts()
            .into_iter()
            .filter(|text| seen.insert(text.clone()))
            .collect(),
    ))
}

pub(crate) fn contains(args: &mut Args<'_, '_>) -> R {
    let value = args.get("source")?;
    let search = text(args, "value")?.unwrap_or_default();
    // Case-insensitive unless `CaseSensitive` is given (the Connect Sync reference).
    let sensitive = match text(args, "caseType")?.as_deref() {
        None | Some("" | "CaseInsensitive" | "vbTextCompare") => false,
        Some("CaseSensitive" | "vbBinaryCompare") => true,
        Some(other) => {
            return fail(format!(
                "Contains: `{other}` is not CaseSensitive or CaseInsensitive"
            ));
        }
    };
    let fold = |text: &str| {
        if sensitive {
            text.to_owned()
        } else {
            simple_case(text, false, false)
        }
    };
    let search = fold(&search);
    let position = match &value {
        Value::List(items) => items.iter().position(|item| fold(item).contains(&search)),
        other => other.text().and_then(|text| {
            fold(&text)
                .find(&search)
                .map(|at| text.get(..at).map_or(0, |s| s.chars().count()))
        }),
    };
    Ok(Value::Number(
        position.map_or(0, |at| i64::try_from(at + 1).unwrap_or(0)),
    ))
}

pub(crate) fn select_unique_value(args: &mut Args<'_, '_>) -> R {
    args.state().notes.push(
        "SelectUniqueValue: the service checks uniqueness in the target directory, and only when it creates the object"
            .to_owned(),
    );
    let taken: HashSet<String> = args
        .state()
        .options
        .existing
        .iter()
        .map(|value| simple_case(value, false, false))
        .collect();
    for index in args.repeats("uniqueValueRule") {
        let value = args.slot(index)?;
        if let Some(candidate) = single_text(&value, "SelectUniqueValue")?
            && !candidate.is_empty()
            && !taken.contains(&simple_case(&candidate, false, false))
        {
            return Ok(Value::String(candidate));
        }
    }
    fail("SelectUniqueValue: every rule gives a value that is already taken (or none)")
}

// ---- numbers, encodings --------------------------------------------------------------

pub(crate) fn bit_and(args: &mut Args<'_, '_>) -> R {
    let (Some(left), Some(right)) = (number(args, "left")?, number(args, "right")?) else {
        return Ok(Value::Null);
    };
    Ok(Value::Number(left & right))
}

const BASE64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

fn base64_encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk.first().copied().unwrap_or(0),
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                let index = usize::try_from((n >> (18 - 6 * i)) & 63).unwrap_or(0);
                out.push(char::from(BASE64.get(index).copied().unwrap_or(b'A')));
            } else {
                out.push('=');
            }
        }
    }
    out
}

fn base64_decode(text: &str) -> Option<Vec<u8>> {
    let mut bits: u32 = 0;
    let mut count = 0;
    let mut out = Vec::new();
    let trimmed = text.trim().trim_end_matches('=');
    for c in trimmed.bytes() {
        if c.is_ascii_whitespace() {
            continue;
        }
        let value = u32::try_from(BASE64.iter().position(|&b| b == c)?).ok()?;
        bits = (bits << 6) | value;
        count += 6;
        if count >= 8 {
            count -= 8;
            out.push(u8::try_from((bits >> count) & 0xFF).ok()?);
        }
    }
    Some(out)
}

pub(crate) fn convert_to_base64(args: &mut Args<'_, '_>) -> R {
    let Some(source) = text(args, "source")? else {
        return Ok(Value::Null);
    };
    // "Unicode": UTF-16 little-endian, as the reference's example shows.
    let bytes: Vec<u8> = source.encode_utf16().flat_map(u16::to_le_bytes).collect();
    Ok(Value::String(base64_encode(&bytes)))
}

pub(crate) fn convert_from_base64(args: &mut Args<'_, '_>) -> R {
    let Some(source) = text(args, "source")? else {
        return Ok(Value::Null);
    };
    let Some(bytes) = base64_decode(&source) else {
        return fail(format!("ConvertFromBase64: `{source}` is not base64"));
    };
    let encoding = text(args, "encoding")?.unwrap_or_else(|| "Unicode".to_owned());
    let decoded = match encoding.to_ascii_lowercase().as_str() {
        "unicode" => {
            if bytes.len() % 2 != 0 {
                return fail("ConvertFromBase64: an odd number of bytes is not UTF-16");
            }
            let units: Vec<u16> = bytes
                .chunks(2)
                .map(|pair| {
                    u16::from_le_bytes([
                        pair.first().copied().unwrap_or(0),
                        pair.get(1).copied().unwrap_or(0),
                    ])
                })
                .collect();
            String::from_utf16_lossy(&units)
        }
        "utf8" => String::from_utf8_lossy(&bytes).into_owned(),
        "ascii" => bytes
            .iter()
            .map(|&b| if b < 128 { char::from(b) } else { '?' })
            .collect(),
        other => {
            return fail(format!(
                "ConvertFromBase64: `{other}` is not Unicode, UTF8 or ASCII"
            ));
        }
    };
    Ok(Value::String(decoded))
}

pub(crate) fn convert_to_utf8_hex(args: &mut Args<'_, '_>) -> R {
    let Some(source) = text(args, "source")? else {
        return Ok(Value::Null);
    };
    Ok(Value::String(source.bytes().fold(
        String::with_capacity(source.len() * 2),
        |mut hex, b| {
            let _ = write!(hex, "{b:02X}");
            hex
        },
    )))
}

pub(crate) fn string_from_sid(args: &mut Args<'_, '_>) -> R {
    let Some(source) = text(args, "source")? else {
        return Ok(Value::Null);
    };
    if source.starts_with("S-") {
        return Ok(Value::String(source));
    }
    // Binary values are given in base64 (as Graph and exports write them).
    let Some(bytes) = base64_decode(&source) else {
        return fail("StringFromSid: the value is neither base64 nor an S-… string");
    };
    let (Some(&revision), Some(&count)) = (bytes.first(), bytes.get(1)) else {
        return fail("StringFromSid: the value is too short for a SID");
    };
    let authority = bytes
        .get(2..8)
        .map(|raw| raw.iter().fold(0_u64, |acc, &b| (acc << 8) | u64::from(b)));
    let Some(authority) = authority else {
        return fail("StringFromSid: the value is too short for a SID");
    };
    let mut sid = format!("S-{revision}-{authority}");
    for i in 0..usize::from(count) {
        let Some(raw) = bytes.get(8 + 4 * i..12 + 4 * i) else {
            return fail("StringFromSid: the SID is truncated");
        };
        let mut word = [0_u8; 4];
        word.copy_from_slice(raw);
        let _ = write!(sid, "-{}", u32::from_le_bytes(word));
    }
    Ok(Value::String(sid))
}

pub(crate) fn dn_component(args: &mut Args<'_, '_>) -> R {
    let Some(dn) = text(args, "source")? else {
        return Ok(Value::Null);
    };
    let number = required_number(args, "componentNumber")?;
    let mut components = Vec::new();
    let mut current = String::new();
    let mut escaped = false;
    for c in dn.chars() {
        if escaped {
            current.push(c);
            escaped = false;
        } else if c == '\\' {
            current.push(c);
            escaped = true;
        } else if c == ',' {
            components.push(std::mem::take(&mut current));
        } else {
            current.push(c);
        }
    }
    components.push(current);
    let component = usize::try_from(number.saturating_sub(1))
        .ok()
        .and_then(|at| components.get(at));
    Ok(component.map_or(Value::Null, |rdn| {
        let value = rdn.split_once('=').map_or(rdn.as_str(), |(_, value)| value);
        Value::String(value.trim().to_owned())
    }))
}

// ---- dates ---------------------------------------------------------------------------

pub(crate) fn cdate(args: &mut Args<'_, '_>) -> R {
    let value = args.get("source")?;
    Ok(date_of(&value, "CDate")?.map_or(Value::Null, |date| {
        Value::DateTime(DateTime {
            kind: DateKind::Utc,
            ..date
        })
    }))
}

pub(crate) fn now(args: &mut Args<'_, '_>) -> R {
    let fixed = args.state().options.now;
    let now = fixed.or_else(|| {
        let seconds = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .ok()
            .and_then(|elapsed| i64::try_from(elapsed.as_secs()).ok())?;
        DateTime::from_unix_seconds(seconds)
    });
    now.map_or_else(
        || fail("Now: the clock is out of range"),
        |now| Ok(Value::DateTime(now)),
    )
}

fn interval_ticks(interval: &str) -> Option<i64> {
    match interval {
        "d" | "y" | "w" => Some(TICKS_PER_DAY),
        "ww" => Some(7 * TICKS_PER_DAY),
        "h" => Some(3600 * TICKS_PER_SECOND),
        "n" => Some(60 * TICKS_PER_SECOND),
        "s" => Some(TICKS_PER_SECOND),
        _ => None,
    }
}

pub(crate) fn date_add(args: &mut Args<'_, '_>) -> R {
    let interval = text(args, "interval")?.unwrap_or_default();
    let amount = required_number(args, "value")?;
    let value = args.get("dateTime")?;
    let Some(date) = date_of(&value, "DateAdd")? else {
        return Ok(Value::Null);
    };
    let result = match interval.as_str() {
        "yyyy" => amount
            .checked_mul(12)
            .and_then(|months| date.add_months(months)),
        "q" => amount
            .checked_mul(3)
            .and_then(|months| date.add_months(months)),
        "m" => date.add_months(amount),
        other => match interval_ticks(other) {
            Some(unit) => amount
                .checked_mul(unit)
                .and_then(|ticks| date.add_ticks(ticks)),
            None => {
                return fail(format!(
                    "DateAdd: `{other}` is not an interval (yyyy, q, m, y, d, w, ww, h, n, s)"
                ));
            }
        },
    };
    result.map_or_else(
        || fail("DateAdd: the result is out of range"),
        |date| Ok(Value::DateTime(date)),
    )
}

pub(crate) fn date_diff(args: &mut Args<'_, '_>) -> R {
    let interval = text(args, "interval")?.unwrap_or_default();
    let first = args.get("date1")?;
    let second = args.get("date2")?;
    let (Some(first), Some(second)) = (date_of(&first, "DateDiff")?, date_of(&second, "DateDiff")?)
    else {
        return Ok(Value::Null);
    };
    let (a, b) = (first.civil(), second.civil());
    // Visual Basic's DateDiff: whole units between the dates, truncated toward zero;
    // calendar units count boundaries; weeks count Sundays.
    let diff = match interval.as_str() {
        "yyyy" => b.year - a.year,
        "q" => (b.year - a.year) * 4 + (b.month - 1) / 3 - (a.month - 1) / 3,
        "m" => (b.year - a.year) * 12 + b.month - a.month,
        "ww" => {
            let start = first.ticks - first.day_of_week() * TICKS_PER_DAY;
            let end = second.ticks - second.day_of_week() * TICKS_PER_DAY;
            (end - start) / (7 * TICKS_PER_DAY)
        }
        other => match interval_ticks(other) {
            Some(unit) => (second.ticks - first.ticks) / unit,
            None => {
                return fail(format!(
                    "DateDiff: `{other}` is not an interval (yyyy, q, m, y, d, w, ww, h, n, s)"
                ));
            }
        },
    };
    Ok(Value::Number(diff))
}

pub(crate) fn date_from_num(args: &mut Args<'_, '_>) -> R {
    let Some(value) = number(args, "source")? else {
        return Ok(Value::Null);
    };
    DateTime::from_filetime(value).map_or_else(
        || fail(format!("DateFromNum: {value} is not a date (out of range)")),
        |date| Ok(Value::DateTime(date)),
    )
}

pub(crate) fn num_from_date(args: &mut Args<'_, '_>) -> R {
    let value = args.get("source")?;
    let Some(date) = date_of(&value, "NumFromDate")? else {
        return Ok(Value::Null);
    };
    date.to_filetime().map_or_else(
        || fail("NumFromDate: dates before 1601 have no AD number"),
        |number| Ok(Value::Number(number)),
    )
}

pub(crate) fn format_date_time(args: &mut Args<'_, '_>) -> R {
    let source = args.get("source")?;
    let styles = match text(args, "dateTimeStyle")? {
        Some(styles) => Styles::parse(&styles).map_err(EvalError::new)?,
        None => Styles::documented_default(),
    };
    let input_format = text(args, "inputFormat")?;
    let Some(output_format) = text(args, "outputFormat")? else {
        return fail("FormatDateTime: outputFormat is missing");
    };
    let date = match (&source, input_format) {
        (Value::Null, _) => return Ok(Value::Null),
        (Value::DateTime(date), _) => *date,
        (other, Some(input_format)) => {
            let text = single_text(other, "FormatDateTime")?.unwrap_or_default();
            format::parse_exact(&text, &input_format, styles).map_err(EvalError::new)?
        }
        (other, None) => match date_of(other, "FormatDateTime")? {
            Some(date) => date,
            None => return Ok(Value::Null),
        },
    };
    format::format(date, &output_format)
        .map(Value::String)
        .map_err(EvalError::new)
}

// ---- generated values ----------------------------------------------------------------

#[allow(clippy::unnecessary_wraps)] // the signature every evaluation shares
pub(crate) fn guid(args: &mut Args<'_, '_>) -> R {
    let rng = &mut args.state().rng;
    let mut bytes = [0_u8; 16];
    bytes[..8].copy_from_slice(&rng.next_u64().to_le_bytes());
    bytes[8..].copy_from_slice(&rng.next_u64().to_le_bytes());
    // Version 4, RFC 4122 variant.
    bytes[6] = (bytes[6] & 0x0F) | 0x40;
    bytes[8] = (bytes[8] & 0x3F) | 0x80;
    let hex = bytes.iter().fold(String::with_capacity(32), |mut hex, b| {
        let _ = write!(hex, "{b:02x}");
        hex
    });
    let part = |range: std::ops::Range<usize>| hex.get(range).unwrap_or_default().to_owned();
    Ok(Value::String(format!(
        "{}-{}-{}-{}-{}",
        part(0..8),
        part(8..12),
        part(12..16),
        part(16..20),
        part(20..32)
    )))
}

/// The special characters RandomString draws from (printable ASCII punctuation).
pub(crate) const SPECIAL_CHARACTERS: &str = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~";

pub(crate) fn random_string(args: &mut Args<'_, '_>) -> R {
    let length = required_number(args, "length")?;
    let numbers = required_number(args, "minimumNumbers")?;
    let specials = required_number(args, "minimumSpecialCharacters")?;
    let capitals = required_number(args, "minimumCapital")?;
    let lowers = required_number(args, "minimumLowerCase")?;
    let avoid = text(args, "charactersToAvoid")?.unwrap_or_default();
    if !(1..=256).contains(&length) {
        return fail(format!(
            "RandomString: length must be 1 to 256, got {length}"
        ));
    }
    if [numbers, specials, capitals, lowers].iter().any(|&n| n < 0) {
        return fail("RandomString: a minimum is negative");
    }
    if numbers
        .saturating_add(specials)
        .saturating_add(capitals)
        .saturating_add(lowers)
        > length
    {
        return fail("RandomString: the minimums add up to more than the length");
    }
    let set =
        |chars: &str| -> Vec<char> { chars.chars().filter(|c| !avoid.contains(*c)).collect() };
    let sets = [
        (set("0123456789"), numbers),
        (set(SPECIAL_CHARACTERS), specials),
        (set("ABCDEFGHIJKLMNOPQRSTUVWXYZ"), capitals),
        (set("abcdefghijklmnopqrstuvwxyz"), lowers),
    ];
    let all: Vec<char> = sets
        .iter()
        .flat_map(|(chars, _)| chars.iter().copied())
        .collect();
    if all.is_empty() || sets.iter().any(|(chars, min)| *min > 0 && chars.is_empty()) {
        return fail("RandomString: charactersToAvoid leaves no character to use");
    }
    let rng = &mut args.state().rng;
    let mut out: Vec<char> = Vec::new();
    for (chars, min) in &sets {
        for _ in 0..*min {
            out.extend(chars.get(rng.below(chars.len())));
        }
    }
    while i64::try_from(out.len()).unwrap_or(i64::MAX) < length {
        out.extend(all.get(rng.below(all.len())));
    }
    // Fisher–Yates shuffle.
    for i in (1..out.len()).rev() {
        let j = rng.below(i + 1);
        out.swap(i, j);
    }
    Ok(Value::String(out.into_iter().collect()))
}

// ---- app roles -----------------------------------------------------------------------

/// The roles of an `[appRoleAssignments]` value: JSON objects (`displayName`/`value`,
/// or `appRoleDisplayName`/`appRoleValue`), or plain strings (role values).
fn roles(value: &Value) -> Vec<(String, String)> {
    let field = |object: &serde_json::Map<String, serde_json::Value>, keys: &[&str]| {
        keys.iter()
            .find_map(|key| object.get(*key).and_then(serde_json::Value::as_str))
            .unwrap_or_default()
            .to_owned()
    };
    match value {
        Value::Complex(serde_json::Value::Array(items)) => items
            .iter()
            .filter_map(|item| match item {
                serde_json::Value::Object(object) => Some((
                    field(object, &["displayName", "appRoleDisplayName", "display"]),
                    field(object, &["value", "appRoleValue"]),
                )),
                serde_json::Value::String(text) => Some((text.clone(), text.clone())),
                _ => None,
            })
            .collect(),
        other => other
            .texts()
            .into_iter()
            .map(|text| (text.clone(), text))
            .collect(),
    }
}

pub(crate) fn app_role_assignments_complex(args: &mut Args<'_, '_>) -> R {
    let value = args.get("source")?;
    if value.is_null() {
        return Ok(Value::Null);
    }
    // The SCIM `roles` the service sends: every role, none primary.
    Ok(Value::List(
        roles(&value)
            .into_iter()
            .map(|(display, value)| {
                serde_json::json!({"primary": false, "type": "WindowsAzureActiveDirectoryRole", "display": display, "value": value})
                    .to_string()
            })
            .collect(),
    ))
}

pub(crate) fn single_app_role_assignment(args: &mut Args<'_, '_>) -> R {
    let value = args.get("source")?;
    let roles = roles(&value);
    if roles.len() > 1 {
        args.state().notes.push(
            "SingleAppRoleAssignment: with several roles the service's choice is unpredictable; synclens takes the first".to_owned(),
        );
    }
    Ok(roles
        .into_iter()
        .next()
        .map_or(Value::Null, |(_, value)| Value::String(value)))
}
