//! J701 invalid-schedule-interval, J702 job-id-template-mismatch and J703
//! duplicate-setting.

use std::collections::HashMap;

use crate::validate::context::{Context, Sink};
use crate::validate::finding::Severity;
use crate::validate::registry::RuleMeta;

/// Registry entry of J701.
pub(crate) static INTERVAL: RuleMeta = RuleMeta {
    code: "J701",
    name: "invalid-schedule-interval",
    severity: Severity::Error,
    summary: "A job's `schedule.interval` is not an ISO 8601 duration (`PT40M`, `P1D`, …).",
    why: "Graph rejects the job; `40 minutes` or `00:40:00` are not durations to it.",
    example: "```json\n{\"schedule\": {\"interval\": \"40m\", \"state\": \"Active\"}}\n```\n\nWrite `PT40M`.",
};

/// Registry entry of J702.
pub(crate) static TEMPLATE_PREFIX: RuleMeta = RuleMeta {
    code: "J702",
    name: "job-id-template-mismatch",
    severity: Severity::Warning,
    summary: "A job id does not start with its `templateId` (ids look like \
              `<templateId>.<hex>`).",
    why: "The job was probably copied from another application's export, or its template \
          changed by hand: the schema may not fit the application. One documented example \
          does this, hence a warning.",
    example: "```json\n{\"id\": \"AD2AADProvisioning.0123\", \"templateId\": \"scim\"}\n```",
};

/// Registry entry of J703.
pub(crate) static DUPLICATE_SETTING: RuleMeta = RuleMeta {
    code: "J703",
    name: "duplicate-setting",
    severity: Severity::Error,
    summary: "Two `synchronizationJobSettings` entries share a name.",
    why: "Which value applies is undefined.",
    example: "```json\n[{\"name\": \"QuarantineTooManyDeletesThreshold\", \"value\": \"500\"},\n \
              {\"name\": \"QuarantineTooManyDeletesThreshold\", \"value\": \"50\"}]\n```\n\nKeep one.",
};

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

pub(crate) fn check(cx: &Context<'_>, sink: &mut Sink) {
    for (at, job) in &cx.jobs {
        if let Some(interval) = job.schedule.get().and_then(|s| s.interval.get()) {
            let text = interval.as_str();
            if !is_iso8601_duration(text) {
                sink.report(
                    &INTERVAL,
                    at.key("schedule").key("interval"),
                    format!("`{text}` is not an ISO 8601 duration"),
                    "write a duration such as `PT40M` (40 minutes) or `P1D` (one day)",
                );
            }
        }
        if let (Some(id), Some(template)) = (job.id.as_str(), job.template_id.as_str()) {
            let prefix = id.split('.').next().unwrap_or_default();
            if !template.is_empty() && !prefix.eq_ignore_ascii_case(template) {
                sink.report(
                    &TEMPLATE_PREFIX,
                    at.key("id"),
                    format!("job id `{id}` does not start with its template id `{template}`"),
                    "check that the job belongs to this application's template",
                )
                .related(at.key("templateId"), "the template id");
            }
        }
        let mut seen: HashMap<&str, usize> = HashMap::new();
        let settings_at = at.key("synchronizationJobSettings");
        for (index, setting) in job.settings().iter().enumerate() {
            let Some(name) = setting.name.as_str() else {
                continue;
            };
            if let Some(first) = seen.get(name) {
                sink.report(
                    &DUPLICATE_SETTING,
                    settings_at.index(index).key("name"),
                    format!("setting `{name}` appears twice"),
                    "keep one entry per setting",
                )
                .related(settings_at.index(*first).key("name"), "first entry");
            } else {
                seen.insert(name, index);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::is_iso8601_duration;

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
