//! J701 invalid-schedule-interval: a job's `schedule.interval` that is not an ISO 8601
//! duration.

use crate::model::SynchronizationJob;
use crate::pointer::JsonPointer;
use crate::validate::context::Sink;
use crate::validate::finding::Severity;
use crate::validate::rule::RuleMeta;

/// Registry entry .
pub(crate) static META: RuleMeta = RuleMeta {
    code: "J701",
    name: "invalid-schedule-interval",
    severity: Severity::Error,
    summary: "A job's `schedule.interval` is not an ISO 8601 duration (`PT40M`, `P1D`, …).",
    why: "Graph rejects the job; `40 minutes` or `00:40:00` are not durations to it.",
    example: "```json\n{\"schedule\": {\"interval\": \"40m\", \"state\": \"Active\"}}\n```\n\nWrite `PT40M`.",
};

/// Reports the job's schedule interval unless it is a duration.
pub(super) fn check(at: &JsonPointer, job: &SynchronizationJob, sink: &mut Sink) {
    if let Some(interval) = job.schedule.get().and_then(|s| s.interval.get()) {
        let text = interval.as_str();
        if !is_iso8601_duration(text) {
            sink.report(
                &META,
                at.key("schedule").key("interval"),
                format!("`{text}` is not an ISO 8601 duration"),
                "write a duration such as `PT40M` (40 minutes) or `P1D` (one day)",
            );
        }
    }
}

/// Whether `text` is an ISO 8601 duration as .NET's XmlConvert reads it:
/// `-?P(nY)?(nM)?(nD)?(T(nH)?(nM)?(n(.n)?S)?)?` with at least one component.
pub(crate) fn is_iso8601_duration(text: &str) -> bool {
    let text = text.strip_prefix('-').unwrap_or(text);
    let Some(rest) = text.strip_prefix('P') else {
        return false;
    };
    let (date, time) = match rest.split_once('T') {
        Some((date, time)) => (date, Some(time)),
        None => (rest, None),
    };
    let components = |part: &str, units: &[char], last_fraction: bool| -> Option<usize> {
        let mut count = 0;
        let mut number = String::new();
        let mut allowed = units.iter();
        for c in part.chars() {
            if c.is_ascii_digit() || (c == '.' && last_fraction) {
                number.push(c);
                continue;
            }
            // Units must come in order, each at most once.
            allowed.by_ref().find(|unit| **unit == c)?;
            if number.is_empty() || number.starts_with('.') || number.ends_with('.') {
                return None;
            }
            if number.contains('.') && c != 'S' {
                return None;
            }
            number.clear();
            count += 1;
        }
        number.is_empty().then_some(count)
    };
    let Some(date_count) = components(date, &['Y', 'M', 'W', 'D'], false) else {
        return false;
    };
    match time {
        None => date_count > 0,
        Some(time) => components(time, &['H', 'M', 'S'], true).is_some_and(|n| n > 0),
    }
}

#[cfg(test)]
mod tests {
    use super::is_iso8601_duration;

    #[test]
    fn fires_on_its_fixture() {
        let findings = crate::validate::rules::fires_on_fixture(&super::META);
        assert!(findings.iter().any(|f| f.pointer == "/schedule/interval"), "{findings:?}");
    }

    #[test]
    fn durations() {
        for good in [
            "PT40M",
            "P1D",
            "PT1H30M",
            "P10675199DT2H48M5.4775807S",
            "PT0.5S",
            "-PT1M",
            "P1Y2M3DT4H5M6S",
            "P2W",
        ] {
            assert!(is_iso8601_duration(good), "{good}");
        }
        for bad in [
            "", "P", "PT", "40m", "00:40:00", "PT40", "PTM", "P1H", "PT1.5M", "PT1S2M", "P1DT",
            "pt40m",
        ] {
            assert!(!is_iso8601_duration(bad), "{bad}");
        }
    }
}
