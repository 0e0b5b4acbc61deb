//! Dates and times as .NET counts them: 100-nanosecond ticks since 0001-01-01 (UTC
//! here: offline, the service's local time zone is taken to be UTC), the calendar
//! arithmetic of `DateAdd` and `DateDiff`, Active Directory's FILETIME numbers, and
//! the lenient parse `CDate` applies to ISO 8601 and `M/d/yyyy h:mm:ss tt` texts.

use std::fmt;

/// Ticks in one second.
pub(crate) const TICKS_PER_SECOND: i64 = 10_000_000;
/// Ticks in one day.
pub(crate) const TICKS_PER_DAY: i64 = 86_400 * TICKS_PER_SECOND;
/// The largest tick count .NET accepts (9999-12-31 23:59:59.9999999).
pub(crate) const MAX_TICKS: i64 = 3_155_378_975_999_999_999;
/// Ticks from 0001-01-01 to 1601-01-01, the FILETIME epoch.
pub(crate) const FILETIME_EPOCH: i64 = 504_911_232_000_000_000;

/// How a date's time zone is known, as .NET's `DateTimeKind` (what `K` prints).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateKind {
    /// Known to be UTC (`K` prints `Z`).
    Utc,
    /// Local time, which offline is UTC (`K` prints `+00:00`).
    Local,
    /// No zone given (`K` prints nothing).
    Unspecified,
}

/// A date and time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DateTime {
    /// Ticks since 0001-01-01 00:00:00.
    pub ticks: i64,
    /// What `K` prints.
    pub kind: DateKind,
}

/// The parts of a date on the proleptic Gregorian calendar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Civil {
    /// 1 to 9999.
    pub year: i64,
    /// 1 to 12.
    pub month: i64,
    /// 1 to 31.
    pub day: i64,
    /// 0 to 23.
    pub hour: i64,
    /// 0 to 59.
    pub minute: i64,
    /// 0 to 59.
    pub second: i64,
    /// 0 to 9,999,999 (ticks within the second).
    pub fraction: i64,
}

/// Days since 0001-01-01 of a date (Howard Hinnant's `days_from_civil`, shifted).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = month;
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    // 0001-01-01 is day 719_162 before 1970-01-01 in this count's origin (0000-03-01).
    era * 146_097 + doe - 306
}

fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 306;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (if m <= 2 { y + 1 } else { y }, m, d)
}

/// Whether `year` is a leap year.
pub(crate) fn is_leap(year: i64) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

/// The number of days of a month.
pub(crate) fn days_in_month(year: i64, month: i64) -> i64 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

impl DateTime {
    /// The date of the given parts, when they are a valid date between years 1 and
    /// 9999.
    pub fn from_civil(civil: Civil, kind: DateKind) -> Option<DateTime> {
        let Civil {
            year,
            month,
            day,
            hour,
            minute,
            second,
            fraction,
        } = civil;
        let valid = (1..=9999).contains(&year)
            && (1..=12).contains(&month)
            && (1..=days_in_month(year, month)).contains(&day)
            && (0..24).contains(&hour)
            && (0..60).contains(&minute)
            && (0..60).contains(&second)
            && (0..TICKS_PER_SECOND).contains(&fraction);
        valid.then(|| DateTime {
            ticks: days_from_civil(year, month, day) * TICKS_PER_DAY
                + (hour * 3600 + minute * 60 + second) * TICKS_PER_SECOND
                + fraction,
            kind,
        })
    }

    /// A date from ticks, when in range.
    pub fn from_ticks(ticks: i64, kind: DateKind) -> Option<DateTime> {
        (0..=MAX_TICKS)
            .contains(&ticks)
            .then_some(DateTime { ticks, kind })
    }

    /// The parts of the date.
    pub fn civil(self) -> Civil {
        let days = self.ticks.div_euclid(TICKS_PER_DAY);
        let rest = self.ticks.rem_euclid(TICKS_PER_DAY);
        let (year, month, day) = civil_from_days(days);
        let seconds = rest / TICKS_PER_SECOND;
        Civil {
            year,
            month,
            day,
            hour: seconds / 3600,
            minute: seconds / 60 % 60,
            second: seconds % 60,
            fraction: rest % TICKS_PER_SECOND,
        }
    }

    /// 0 = Sunday … 6 = Saturday.
    pub fn day_of_week(self) -> i64 {
        // 0001-01-01 was a Monday.
        (self.ticks.div_euclid(TICKS_PER_DAY) + 1).rem_euclid(7)
    }

    /// The date `ticks` later, when in range.
    pub fn add_ticks(self, ticks: i64) -> Option<DateTime> {
        DateTime::from_ticks(self.ticks.checked_add(ticks)?, self.kind)
    }

    /// The date `months` later, the day clamped to the month's length (.NET
    /// `AddMonths`).
    pub fn add_months(self, months: i64) -> Option<DateTime> {
        let civil = self.civil();
        let index = (civil.year * 12 + civil.month - 1).checked_add(months)?;
        let year = index.div_euclid(12);
        let month = index.rem_euclid(12) + 1;
        if !(1..=9999).contains(&year) {
            return None;
        }
        let day = civil.day.min(days_in_month(year, month));
        DateTime::from_civil(
            Civil {
                year,
                month,
                day,
                ..civil
            },
            self.kind,
        )
    }

    /// The AD number (FILETIME: 100 ns since 1601-01-01 UTC), when not before 1601.
    pub fn to_filetime(self) -> Option<i64> {
        let value = self.ticks - FILETIME_EPOCH;
        (value >= 0).then_some(value)
    }

    /// The date of an AD number (FILETIME).
    pub fn from_filetime(value: i64) -> Option<DateTime> {
        DateTime::from_ticks(value.checked_add(FILETIME_EPOCH)?, DateKind::Utc)
    }

    /// The date of a Unix time in seconds.
    pub fn from_unix_seconds(seconds: i64) -> Option<DateTime> {
        let unix_epoch = days_from_civil(1970, 1, 1) * TICKS_PER_DAY;
        DateTime::from_ticks(
            seconds
                .checked_mul(TICKS_PER_SECOND)?
                .checked_add(unix_epoch)?,
            DateKind::Utc,
        )
    }
}

impl fmt::Display for DateTime {
    /// `M/d/yyyy h:mm:ss tt`, as the service prints dates (`CDate`, `DateAdd`, `Now`).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let c = self.civil();
        let hour12 = match c.hour % 12 {
            0 => 12,
            hour => hour,
        };
        let tt = if c.hour < 12 { "AM" } else { "PM" };
        write!(
            f,
            "{}/{}/{:04} {}:{:02}:{:02} {tt}",
            c.month, c.day, c.year, hour12, c.minute, c.second
        )
    }
}

/// A cursor over ASCII text for the date parsers.
pub(crate) struct Cursor<'a> {
    pub(crate) bytes: &'a [u8],
    pub(crate) pos: usize,
}

impl<'a> Cursor<'a> {
    pub(crate) fn new(text: &'a str) -> Self {
        Cursor {
            bytes: text.as_bytes(),
            pos: 0,
        }
    }

    pub(crate) fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    pub(crate) fn eat(&mut self, byte: u8) -> bool {
        if self.peek() == Some(byte) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    pub(crate) fn eat_ignore_case(&mut self, word: &str) -> bool {
        let end = self.pos + word.len();
        match self.bytes.get(self.pos..end) {
            Some(found) if found.eq_ignore_ascii_case(word.as_bytes()) => {
                self.pos = end;
                true
            }
            _ => false,
        }
    }

    /// Between `min` and `max` digits, as a number.
    pub(crate) fn digits(&mut self, min: usize, max: usize) -> Option<i64> {
        let start = self.pos;
        let mut value: i64 = 0;
        while self.pos - start < max {
            match self.peek() {
                Some(byte @ b'0'..=b'9') => {
                    value = value * 10 + i64::from(byte - b'0');
                    self.pos += 1;
                }
                _ => break,
            }
        }
        (self.pos - start >= min).then_some(value)
    }

    pub(crate) fn skip_spaces(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t')) {
            self.pos += 1;
        }
    }

    pub(crate) fn at_end(&self) -> bool {
        self.pos >= self.bytes.len()
    }

    /// A zone offset `Z`, `±hh:mm`, `±hhmm` or `±hh`, in ticks (to add to get UTC);
    /// 0 when there is none here; `Err` for a malformed one.
    fn offset(&mut self) -> Result<i64, ()> {
        if self.eat(b'Z') || self.eat(b'z') {
            return Ok(0);
        }
        let sign = match self.peek() {
            Some(b'+') => -1,
            Some(b'-') => 1,
            _ => return Ok(0),
        };
        self.pos += 1;
        let hours = self.digits(2, 2).ok_or(())?;
        self.eat(b':');
        let minutes = self.digits(2, 2).unwrap_or(0);
        if hours > 14 || minutes > 59 {
            return Err(());
        }
        Ok(sign * (hours * 60 + minutes) * 60 * TICKS_PER_SECOND)
    }
}

/// Parses a date as `CDate` does: ISO 8601 (`2021-06-30`, `2009-06-15T01:45:30-07:00`,
/// `2020-03-16-07:00`, a space instead of `T`, fractions of a second), or US
/// `M/d/yyyy[ h:mm[:ss][ AM|PM]]`, with an optional zone (`Z`, `±hh:mm`). A zone
/// converts the date to UTC; without one the date is taken as UTC.
pub(crate) fn parse_general(text: &str) -> Option<DateTime> {
    let mut cursor = Cursor::new(text.trim());
    let first = cursor.digits(1, 4)?;
    let (year, month, day) = if cursor.eat(b'-') {
        let month = cursor.digits(1, 2)?;
        if !cursor.eat(b'-') {
            return None;
        }
        (first, month, cursor.digits(1, 2)?)
    } else if cursor.eat(b'/') {
        let day = cursor.digits(1, 2)?;
        if !cursor.eat(b'/') {
            return None;
        }
        (cursor.digits(4, 4)?, first, day)
    } else {
        return None;
    };
    let (mut hour, mut minute, mut second, mut fraction) = (0, 0, 0, 0);
    let time_start = cursor.pos;
    if cursor.eat(b'T') || cursor.eat(b' ') {
        cursor.skip_spaces();
        if let Some(h) = cursor.digits(1, 2) {
            hour = h;
            if !cursor.eat(b':') {
                return None;
            }
            minute = cursor.digits(2, 2)?;
            if cursor.eat(b':') {
                second = cursor.digits(2, 2)?;
                if cursor.eat(b'.') {
                    let start = cursor.pos;
                    let digits = cursor.digits(1, 7)?;
                    let width = u32::try_from(cursor.pos - start).ok()?;
                    fraction = digits * 10_i64.pow(7 - width);
                    while cursor.digits(1, 1).is_some() {}
                }
            }
            cursor.skip_spaces();
            if cursor.eat_ignore_case("AM") && hour == 12 {
                hour = 0;
            } else if cursor.eat_ignore_case("PM") && hour < 12 {
                hour += 12;
            }
            cursor.skip_spaces();
        } else {
            cursor.pos = time_start;
        }
    }
    let offset = cursor.offset().ok()?;
    cursor.skip_spaces();
    if !cursor.at_end() {
        return None;
    }
    let civil = Civil {
        year,
        month,
        day,
        hour,
        minute,
        second,
        fraction,
    };
    DateTime::from_civil(civil, DateKind::Utc)?.add_ticks(offset)
}
