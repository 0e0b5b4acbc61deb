//! Graph date-times and durations, kept as the text they came as.
//!
//! Real job documents carry sentinel values a strict parser rejects or mangles:
//! `"0001-01-01T00:00:00Z"` (.NET `DateTime.MinValue`, "never"), `""` where a date-time
//! belongs, timestamps with seven fractional digits, and the duration
//! `P10675199DT2H48M5.4775807S` (.NET `TimeSpan.MaxValue`, "never runs"). Keeping the
//! text guarantees the round trip; the accessors here interpret it.

use std::borrow::Cow;
use std::fmt;

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::{Deserialize, Serialize};

use super::field::{Shape, Shaped};

/// A Graph `Edm.DateTimeOffset` as written in the document.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Timestamp(pub String);

impl Timestamp {
    /// The text as written.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Whether this is a "never" sentinel: empty, or .NET's `DateTime.MinValue`
    /// (`0001-01-01T00:00:00Z`, with or without fractional zeros or offset).
    pub fn is_never(&self) -> bool {
        let text = self.0.trim();
        text.is_empty() || text.starts_with("0001-01-01T00:00:00")
    }

    /// Whether the text has the RFC 3339 shape Graph writes
    /// (`YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM)`, up to 7 fractional digits).
    pub fn is_well_formed(&self) -> bool {
        is_rfc3339(&self.0)
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl Shaped for Timestamp {
    const SHAPE: Shape = Shape::Scalar;
}

impl JsonSchema for Timestamp {
    fn schema_name() -> Cow<'static, str> {
        Cow::Borrowed("dateTimeOffset")
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "Edm.DateTimeOffset: RFC 3339 in UTC, up to 7 fractional digits. \
                \"0001-01-01T00:00:00Z\" and \"\" mean never.",
            "type": "string",
        })
    }
}

fn is_rfc3339(text: &str) -> bool {
    let bytes = text.as_bytes();
    let digits = |range: std::ops::Range<usize>| {
        bytes
            .get(range)
            .is_some_and(|part| part.iter().all(u8::is_ascii_digit))
    };
    let at = |index: usize, byte: u8| bytes.get(index) == Some(&byte);
    if !(digits(0..4)
        && at(4, b'-')
        && digits(5..7)
        && at(7, b'-')
        && digits(8..10)
        && (at(10, b'T') || at(10, b't'))
        && digits(11..13)
        && at(13, b':')
        && digits(14..16)
        && at(16, b':')
        && digits(17..19))
    {
        return false;
    }
    let mut rest = &text[19..];
    if let Some(fraction) = rest.strip_prefix('.') {
        let count = fraction.bytes().take_while(u8::is_ascii_digit).count();
        if count == 0 {
            return false;
        }
        rest = &fraction[count..];
    }
    match rest.as_bytes() {
        [b'Z' | b'z'] => true,
        [b'+' | b'-', h1, h2, b':', m1, m2] => [h1, h2, m1, m2].iter().all(|b| b.is_ascii_digit()),
        _ => false,
    }
}

/// A Graph `Edm.Duration` (ISO 8601) as written in the document.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Duration(pub String);

/// The .NET `TimeSpan.MaxValue` that Graph writes for jobs that never run.
pub const TIMESPAN_MAX: &str = "P10675199DT2H48M5.4775807S";

impl Duration {
    /// The text as written.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Whether this is .NET's `TimeSpan.MaxValue`, which Graph uses for "never".
    pub fn is_never(&self) -> bool {
        self.0 == TIMESPAN_MAX
    }

    /// The duration in seconds, or `None` when the text is not an ISO 8601 duration.
    /// Years count as 365 days and months as 30 days (Graph intervals use days and
    /// smaller units).
    pub fn seconds(&self) -> Option<f64> {
        parse_iso8601_duration(&self.0)
    }

    /// A short human description: `every 40 minutes` style text without "every".
    pub fn describe(&self) -> Option<String> {
        if self.is_never() {
            return Some("never (TimeSpan.MaxValue)".to_owned());
        }
        let seconds = self.seconds()?;
        Some(describe_seconds(seconds))
    }
}

impl fmt::Display for Duration {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl Shaped for Duration {
    const SHAPE: Shape = Shape::Scalar;
}

impl JsonSchema for Duration {
    fn schema_name() -> Cow<'static, str> {
        Cow::Borrowed("duration")
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "Edm.Duration: an ISO 8601 duration such as \"PT40M\". \
                \"P10675199DT2H48M5.4775807S\" (.NET TimeSpan.MaxValue) means never.",
            "type": "string",
        })
    }
}

fn describe_seconds(seconds: f64) -> String {
    const UNITS: [(f64, &str); 4] = [
        (86_400.0, "day"),
        (3_600.0, "hour"),
        (60.0, "minute"),
        (1.0, "second"),
    ];
    for (size, unit) in UNITS {
        if seconds >= size && (seconds / size).fract() == 0.0 {
            let count = seconds / size;
            let plural = if (count - 1.0).abs() < f64::EPSILON {
                ""
            } else {
                "s"
            };
            return format!("{count} {unit}{plural}");
        }
    }
    format!("{seconds} seconds")
}

/// Parses `[-]PnYnMnWnDTnHnMnS` (fractions allowed on the last number) into seconds.
fn parse_iso8601_duration(text: &str) -> Option<f64> {
    let (sign, rest) = match text.strip_prefix('-') {
        Some(rest) => (-1.0, rest),
        None => (1.0, text),
    };
    let rest = rest.strip_prefix('P')?;
    if rest.is_empty() {
        return None;
    }
    let (date, time) = match rest.split_once('T') {
        Some((date, time)) if !time.is_empty() => (date, Some(time)),
        Some(_) => return None,
        None => (rest, None),
    };
    let mut total = 0.0;
    total += sum_units(
        date,
        &[
            ('Y', 365.0 * 86_400.0),
            ('M', 30.0 * 86_400.0),
            ('W', 7.0 * 86_400.0),
            ('D', 86_400.0),
        ],
    )?;
    if let Some(time) = time {
        total += sum_units(time, &[('H', 3_600.0), ('M', 60.0), ('S', 1.0)])?;
    }
    Some(sign * total)
}

/// Sums `<number><unit>` pairs whose units appear in the given order.
fn sum_units(mut text: &str, units: &[(char, f64)]) -> Option<f64> {
    let mut total = 0.0;
    let mut next_unit = 0;
    while !text.is_empty() {
        let end = text.find(|c: char| !(c.is_ascii_digit() || c == '.' || c == ','))?;
        let number = &text[..end];
        if number.is_empty() {
            return None;
        }
        let value: f64 = number.replace(',', ".").parse().ok()?;
        let unit = text[end..].chars().next()?;
        let position = units[next_unit..].iter().position(|(u, _)| *u == unit)?;
        total += value * units[next_unit + position].1;
        next_unit += position + 1;
        text = &text[end + unit.len_utf8()..];
        // Only the last number may carry a fraction.
        if number.contains(['.', ',']) && !text.is_empty() {
            return None;
        }
    }
    Some(total)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn graph_durations_parse() {
        assert_eq!(Duration("PT40M".into()).seconds(), Some(2400.0));
        assert_eq!(
            Duration("PT2M".into()).describe().as_deref(),
            Some("2 minutes")
        );
        assert_eq!(Duration("P1D".into()).describe().as_deref(), Some("1 day"));
        let max = Duration(TIMESPAN_MAX.into());
        assert!(max.is_never());
        let seconds = max.seconds().unwrap();
        assert!((seconds - 922_337_203_685.477_5).abs() < 1.0);
    }

    #[test]
    fn malformed_durations_are_rejected() {
        for text in [
            "", "P", "PT", "40M", "PT40", "PT1.5M2S", "P1H", "PTM", "PT1S1M",
        ] {
            assert_eq!(Duration(text.into()).seconds(), None, "{text}");
        }
    }

    #[test]
    fn timestamps_recognise_sentinels_and_shape() {
        assert!(Timestamp(String::new()).is_never());
        assert!(Timestamp("0001-01-01T00:00:00Z".into()).is_never());
        assert!(Timestamp("2019-03-20T15:47:50.4707552Z".into()).is_well_formed());
        assert!(Timestamp("2019-03-20T15:47:50+01:00".into()).is_well_formed());
        assert!(!Timestamp("2019-03-20 15:47".into()).is_well_formed());
        assert!(!Timestamp(String::new()).is_well_formed());
    }
}
