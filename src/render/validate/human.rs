//! Human output: `file:line:column: severity[CODE] message`, then the source line
//! with the offending value underlined, related places as labelled snippets, help and
//! the rule (drawn by annotate-snippets), then a summary line. Colour only when asked.

use std::borrow::Cow;
use std::fmt::Write as _;
use std::ops::Range;

use annotate_snippets::{Annotation, AnnotationKind, Element, Group, Level, Renderer, Snippet};
use anstyle::{AnsiColor, Style as Ansi};

use crate::escape::{controls, in_place};
use crate::render::style::{Style, paint};
use crate::text::plural;
use crate::validate::{Finding, Related, SNIPPET_WIDTH, Severity, ValidationReport};

fn severity_style(severity: Severity) -> Ansi {
    let color = match severity {
        Severity::Error => AnsiColor::Red,
        Severity::Warning => AnsiColor::Yellow,
        Severity::Info => AnsiColor::Cyan,
    };
    Ansi::new().bold().fg_color(Some(color.into()))
}

/// The byte range of `width` characters from the 1-based character `column` of `text`
/// (clipped to the text).
fn char_span(text: &str, column: usize, width: usize) -> Range<usize> {
    let byte_at = |chars: usize| {
        text.char_indices()
            .nth(chars)
            .map_or(text.len(), |(index, _)| index)
    };
    let start = byte_at(column.saturating_sub(1));
    let end = byte_at(column.saturating_sub(1) + width.max(1));
    start..end.max(start)
}

/// A related place as a labelled snippet with its own `path:line:column` header —
/// when the line is shown whole, so that the column the renderer derives from the
/// text is the place's own. `None` otherwise: it becomes a note line.
fn related_snippet<'a>(
    path: &'a str,
    related: &'a Related,
    texts: &'a [Cow<'a, str>],
    index: usize,
) -> Option<Snippet<'a, Annotation<'a>>> {
    let snippet = related.snippet.as_ref()?;
    let text = texts.get(index)?;
    if snippet.text.starts_with('…') || snippet.caret != related.column as usize {
        return None;
    }
    Some(
        Snippet::source(&**text)
            .line_start(related.line as usize)
            .path(path)
            .annotation(
                AnnotationKind::Context
                    .span(char_span(text, snippet.caret, snippet.width))
                    .label(controls(&related.message)),
            ),
    )
}

/// The source lines of a finding, its help, related places and rule, drawn by
/// annotate-snippets (the renderer of rustc and cargo): display-width aware carets,
/// the whole offending value underlined, related places as labelled snippets.
fn render_body(out: &mut String, path: &str, finding: &Finding, style: Style) {
    let level = match finding.severity {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
        Severity::Info => Level::INFO,
    };
    let primary = finding
        .snippet
        .as_ref()
        .map(|snippet| (snippet, in_place(&snippet.text)));
    let related_texts: Vec<Cow<'_, str>> = finding
        .related
        .iter()
        .map(|related| {
            related
                .snippet
                .as_ref()
                .map_or(Cow::Borrowed(""), |snippet| in_place(&snippet.text))
        })
        .collect();
    let mut elements: Vec<Element<'_>> = Vec::new();
    if let Some((snippet, text)) = &primary {
        elements.push(
            Snippet::source(&**text)
                .line_start(finding.line as usize)
                .annotation(AnnotationKind::Primary.span(char_span(
                    text,
                    snippet.caret,
                    snippet.width,
                )))
                .into(),
        );
    }
    let mut notes = Vec::new();
    for (index, related) in finding.related.iter().enumerate() {
        match related_snippet(path, related, &related_texts, index) {
            Some(snippet) if primary.is_some() => elements.push(snippet.into()),
            _ => notes.push(format!(
                "{} ({path}:{}:{})",
                controls(&related.message),
                related.line,
                related.column
            )),
        }
    }
    let help = controls(&finding.help);
    if !help.is_empty() {
        elements.push(Level::HELP.message(&*help).into());
    }
    for note in &notes {
        elements.push(Level::NOTE.message(note.as_str()).into());
    }
    let rule = format!("{} (synclens explain {})", finding.name, finding.code);
    if primary.is_none() {
        // No source line (an empty file): the footer alone, in the same shape.
        let bold = Ansi::new().bold();
        let mut footer = Vec::new();
        if !help.is_empty() {
            footer.push(("help:", help.to_string()));
        }
        footer.extend(notes.into_iter().map(|note| ("note:", note)));
        footer.push(("rule:", rule));
        for (name, text) in footer {
            let _ = writeln!(out, "  = {} {text}", paint(style, bold, name));
        }
        return;
    }
    elements.push(Level::NOTE.with_name("rule").message(rule.as_str()).into());
    // Long lines are already cut to a window of SNIPPET_WIDTH characters around the
    // place (marked `…`); room for that window even when every character is wide, so
    // the renderer does not cut it again.
    let width = 2 * (SNIPPET_WIDTH + 2) + 16;
    let renderer = if style.color {
        Renderer::styled()
            .error(severity_style(Severity::Error))
            .warning(severity_style(Severity::Warning))
            .info(severity_style(Severity::Info))
            .line_num(Ansi::new().bold().fg_color(Some(AnsiColor::Blue.into())))
    } else {
        Renderer::plain()
    }
    .term_width(width);
    let group = Group::with_level(level).elements(elements);
    out.push_str(&renderer.render(&[group]));
    out.push('\n');
}

fn render_finding(out: &mut String, path: &str, finding: &Finding, style: Style) {
    // Names from documents (and file names) may hold control characters: shown as
    // `\u{1b}`, never sent to the terminal as themselves.
    let path = &*controls(path);
    let bold = Ansi::new().bold();
    let _ = writeln!(
        out,
        "{}: {} {}",
        paint(
            style,
            bold,
            &format!("{path}:{}:{}", finding.line, finding.column)
        ),
        paint(
            style,
            severity_style(finding.severity),
            &format!("{}[{}]:", finding.severity, finding.code)
        ),
        paint(style, bold, &controls(&finding.message)),
    );
    render_body(out, path, finding, style);
    out.push('\n');
}

/// The whole report for a terminal.
pub fn validation_report(report: &ValidationReport, style: Style) -> String {
    let mut out = String::new();
    for file in &report.files {
        for finding in &file.findings {
            render_finding(&mut out, &file.path, finding, style);
        }
    }
    let summary = &report.summary;
    let clean = report
        .files
        .iter()
        .filter(|f| f.kind.is_some() && f.findings.is_empty())
        .count();
    let not_loaded = report.files.iter().filter(|f| f.kind.is_none()).count();
    let mut line = format!(
        "{}, {}, {} in {} ({} without findings",
        plural(summary.errors, "error"),
        plural(summary.warnings, "warning"),
        plural(summary.infos, "info"),
        plural(summary.files, "file"),
        clean
    );
    if not_loaded > 0 {
        let _ = write!(line, ", {not_loaded} could not be loaded");
    }
    line.push(')');
    let ansi = if summary.errors > 0 {
        severity_style(Severity::Error)
    } else if summary.warnings > 0 {
        severity_style(Severity::Warning)
    } else {
        Ansi::new().bold().fg_color(Some(AnsiColor::Green.into()))
    };
    let _ = writeln!(out, "{}", paint(style, ansi, &line));
    out
}
