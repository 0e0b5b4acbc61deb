//! `synclens inspect`'s text for people: a heading per file (path, kind, encoding),
//! its facts aligned, then directories, rules with their object mappings (and with
//! `--mappings` an attribute table and the scoping clauses), jobs, templates, catalogs
//! and secret names.

use std::fmt::Write as _;

use crate::inspect::{
    AttributeMappingSummary, ObjectMappingSummary, ScopeGroupSummary, StatusSummary, Summary,
};

fn or_dash(text: Option<&str>) -> &str {
    match text {
        Some("") | None => "-",
        Some(text) => text,
    }
}

/// Writes a summary as text (names from documents as they are: the caller escapes).
pub(super) fn render(out: &mut String, summary: &Summary) {
    let form = match summary.form.as_deref() {
        Some("powershell-sdk") => ", PowerShell SDK dump",
        _ => "",
    };
    let _ = writeln!(
        out,
        "{}  ({}, {}{form})",
        or_dash(summary.path.as_deref()),
        summary.kind,
        or_dash(summary.encoding.as_deref())
    );
    render_body(out, summary, "  ");
}

fn render_body(out: &mut String, summary: &Summary, indent: &str) {
    if let Some(note) = &summary.note {
        let _ = writeln!(out, "{indent}{note}");
    }
    let mut facts: Vec<(&str, String)> = Vec::new();
    if let Some(id) = &summary.id {
        facts.push(("id", id.clone()));
    }
    if let Some(template) = &summary.template_id {
        facts.push(("template", template.clone()));
    }
    if let Some(tag) = &summary.factory_tag {
        facts.push(("factory tag", tag.clone()));
    }
    if let Some(schedule) = &summary.schedule {
        let interval = match (&schedule.interval_text, &schedule.interval) {
            (Some(_), Some(raw)) if schedule.never_runs() => {
                format!(", never runs ({raw}, .NET TimeSpan.MaxValue)")
            }
            (Some(words), Some(raw)) => format!(", every {words} ({raw})"),
            (None, Some(raw)) => format!(", interval {raw} (not an ISO 8601 duration)"),
            _ => String::new(),
        };
        facts.push((
            "schedule",
            format!("{}{interval}", or_dash(schedule.state.as_deref())),
        ));
    }
    if let Some(status) = &summary.status {
        facts.push(("status", or_dash(status.code.as_deref()).to_owned()));
    }
    if let Some(settings) = &summary.settings {
        facts.push((
            "settings",
            if settings.is_empty() {
                "-".to_owned()
            } else {
                settings.join(", ")
            },
        ));
    }
    if let Some(more) = summary.has_next_page
        && more
    {
        facts.push(("paging", "more pages exist (@odata.nextLink)".to_owned()));
    }
    let width = facts.iter().map(|(name, _)| name.len()).max().unwrap_or(0);
    for (name, value) in &facts {
        let _ = writeln!(out, "{indent}{name:width$}  {value}");
    }
    if let Some(status) = &summary.status {
        render_status_detail(out, status, indent);
    }
    if let Some(directories) = &summary.directories {
        let _ = writeln!(out, "{indent}directories");
        let width = directories
            .iter()
            .flat_map(|d| &d.objects)
            .map(|o| or_dash(o.name.as_deref()).chars().count())
            .max()
            .unwrap_or(0);
        if directories.is_empty() {
            let _ = writeln!(out, "{indent}  (none)");
        }
        for directory in directories {
            let _ = writeln!(out, "{indent}  {}", or_dash(directory.name.as_deref()));
            for object in &directory.objects {
                let anchors = match object.anchors.as_slice() {
                    [] => "no anchor".to_owned(),
                    [one] => format!("anchor {one}"),
                    many => format!("anchors {}", many.join(", ")),
                };
                let name = or_dash(object.name.as_deref());
                let pad = width - name.chars().count();
                let _ = writeln!(
                    out,
                    "{indent}    {name}{:pad$}  {:>4} attributes, {anchors}",
                    "", object.attribute_count
                );
            }
        }
    }
    if let Some(rules) = &summary.rules {
        let _ = writeln!(out, "{indent}rules");
        if rules.is_empty() {
            let _ = writeln!(out, "{indent}  (none)");
        }
        for rule in rules {
            let priority = rule
                .priority
                .map(|p| format!(", priority {p}"))
                .unwrap_or_default();
            let _ = writeln!(
                out,
                "{indent}  {} ({}{priority}): {} -> {}",
                or_dash(rule.name.as_deref()),
                or_dash(rule.id.as_deref()),
                or_dash(rule.source_directory_name.as_deref()),
                or_dash(rule.target_directory_name.as_deref()),
            );
            for mapping in &rule.object_mappings {
                render_object_mapping(out, mapping, &format!("{indent}    "));
            }
        }
    }
    for (title, items) in [("jobs", &summary.jobs), ("templates", &summary.templates)] {
        if let Some(items) = items {
            let _ = writeln!(out, "{indent}{title} ({})", items.len());
            for item in items {
                let _ = writeln!(out, "{indent}  - {}", or_dash(item.id.as_deref()));
                let mut inner = item.clone();
                inner.id = None;
                render_body(out, &inner, &format!("{indent}    "));
            }
        }
    }
    if let Some(functions) = &summary.functions {
        let _ = writeln!(out, "{indent}functions ({})", functions.len());
        for function in functions {
            let _ = writeln!(
                out,
                "{indent}  {}({})",
                or_dash(function.name.as_deref()),
                function.parameters.join(", ")
            );
        }
    }
    if let Some(operators) = &summary.operators {
        let _ = writeln!(out, "{indent}operators ({})", operators.len());
        for operator in operators {
            let _ = writeln!(
                out,
                "{indent}  {} ({})",
                or_dash(operator.name.as_deref()),
                or_dash(operator.arity.as_deref())
            );
        }
    }
    if let Some(saved) = summary.use_saved_credentials {
        let _ = writeln!(out, "{indent}use saved credentials  {saved}");
    }
    for (label, secrets) in [
        ("secrets", &summary.secrets),
        ("credentials", &summary.credentials),
    ] {
        let Some(secrets) = secrets else { continue };
        let _ = writeln!(out, "{indent}{label} ({}; values not shown)", secrets.len());
        for secret in secrets {
            let state = if secret.has_value { "set" } else { "empty" };
            let _ = writeln!(
                out,
                "{indent}  {} ({state})",
                or_dash(secret.key.as_deref())
            );
        }
    }
}

fn render_status_detail(out: &mut String, status: &StatusSummary, indent: &str) {
    if let Some(quarantine) = &status.quarantine {
        let _ = writeln!(
            out,
            "{indent}quarantine  {} since {} ({} evaluations): {} {}",
            or_dash(quarantine.reason.as_deref()),
            or_dash(quarantine.series_began.as_deref()),
            quarantine.series_count.unwrap_or(0),
            or_dash(quarantine.error_code.as_deref()),
            quarantine.error_message.as_deref().unwrap_or(""),
        );
    }
    if let Some(run) = &status.last_execution {
        let _ = writeln!(
            out,
            "{indent}last run    {} from {} to {}",
            or_dash(run.state.as_deref()),
            or_dash(run.time_began.as_deref()),
            or_dash(run.time_ended.as_deref()),
        );
        if run.error_code.is_some() || run.error_message.as_deref().is_some_and(|m| !m.is_empty()) {
            let _ = writeln!(
                out,
                "{indent}last error  {} {}",
                or_dash(run.error_code.as_deref()),
                run.error_message.as_deref().unwrap_or("")
            );
        }
        let counts: Vec<String> = run
            .counts
            .iter()
            .map(|c| format!("{} {}", c.name, c.value))
            .collect();
        if !counts.is_empty() {
            let _ = writeln!(out, "{indent}counts      {}", counts.join(", "));
        }
    }
    if let Some(entries) = &status.synchronized_entry_count_by_type
        && !entries.is_empty()
    {
        let entries: Vec<String> = entries
            .iter()
            .map(|c| format!("{}: {}", c.name, c.value))
            .collect();
        let _ = writeln!(out, "{indent}entries     {}", entries.join(", "));
    }
}

fn render_object_mapping(out: &mut String, mapping: &ObjectMappingSummary, indent: &str) {
    let state = if mapping.enabled {
        "enabled"
    } else {
        "disabled"
    };
    let scope = if mapping.scoped { ", scoped" } else { "" };
    let flows = mapping
        .flow_types
        .as_deref()
        .map(|f| format!(", {f}"))
        .unwrap_or_default();
    let _ = writeln!(
        out,
        "{indent}[{state}] {}: {} -> {}, {} attribute mappings{scope}{flows}",
        mapping.name.as_deref().unwrap_or("(unnamed)"),
        or_dash(mapping.source_object_name.as_deref()),
        or_dash(mapping.target_object_name.as_deref()),
        mapping.attribute_mapping_count,
    );
    if let Some(attribute_mappings) = &mapping.attribute_mappings {
        render_attribute_table(out, attribute_mappings, &format!("{indent}    "));
    }
    if let Some(groups) = &mapping.scope {
        render_scope(out, groups, &format!("{indent}    "));
    }
}

fn render_attribute_table(out: &mut String, mappings: &[AttributeMappingSummary], indent: &str) {
    if mappings.is_empty() {
        return;
    }
    let rows: Vec<[String; 5]> = mappings
        .iter()
        .map(|mapping| {
            let source = match mapping.source_kind {
                "none" => "(none)".to_owned(),
                _ => mapping.source.clone().unwrap_or_default(),
            };
            [
                or_dash(mapping.target_attribute_name.as_deref()).to_owned(),
                or_dash(mapping.flow_type.as_deref()).to_owned(),
                mapping
                    .matching_priority
                    .map_or_else(String::new, |p| p.to_string()),
                mapping
                    .default_value
                    .clone()
                    .map(|d| format!("{d:?}"))
                    .unwrap_or_default(),
                source,
            ]
        })
        .collect();
    let header = ["target attribute", "flow", "match", "default", "<- source"];
    let mut widths = header.map(|h| h.chars().count());
    for row in &rows {
        for (width, cell) in widths.iter_mut().zip(row) {
            *width = (*width).max(cell.chars().count());
        }
    }
    let line = |cells: [&str; 5]| {
        let mut text = indent.to_owned();
        for (index, cell) in cells.iter().enumerate() {
            text.push_str(cell);
            if index + 1 < cells.len() {
                let pad = widths[index] - cell.chars().count() + 2;
                text.extend(std::iter::repeat_n(' ', pad));
            }
        }
        text.trim_end().to_owned()
    };
    let _ = writeln!(out, "{}", line(header));
    for row in &rows {
        let _ = writeln!(
            out,
            "{}",
            line([&row[0], &row[1], &row[2], &row[3], &row[4]])
        );
    }
}

fn render_scope(out: &mut String, groups: &[ScopeGroupSummary], indent: &str) {
    for group in groups {
        let _ = writeln!(
            out,
            "{indent}scope {} \"{}\": all of",
            group.list,
            group.name.as_deref().unwrap_or("")
        );
        for clause in &group.clauses {
            let values: Vec<String> = clause.values.iter().map(|v| format!("{v:?}")).collect();
            let line = format!(
                "{indent}  {} {} {}",
                or_dash(clause.source_operand_name.as_deref()),
                or_dash(clause.operator_name.as_deref()),
                values.join(", ")
            );
            let _ = writeln!(out, "{}", line.trim_end());
        }
    }
}
