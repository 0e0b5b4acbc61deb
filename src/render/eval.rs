//! `synclens eval`'s output: what an expression gives for an object, as text for
//! people (the value, whether it flows, each call's result, notes) or as one JSON
//! object with the trace of every call. [`render`] dispatches on [`Format`].

use std::fmt::Write as _;

use super::Format;
use crate::expr::Span;
use crate::expr::eval::{Evaluation, OnlineEvaluation, Output};

/// The evaluation of the expression `text` in `format`.
pub fn render(text: &str, result: &Evaluation, format: Format) -> String {
    render_with_online(text, result, None, format)
}

/// [`render`], with the service's own evaluation beside it (`eval --online`): in human
/// output a paragraph after the offline one, in JSON an `online` object and `agrees`.
pub fn render_with_online(
    text: &str,
    result: &Evaluation,
    online: Option<&OnlineEvaluation>,
    format: Format,
) -> String {
    match format {
        Format::Human => {
            let mut out = human(text, result);
            if let Some(online) = online {
                out.push_str(&human_online(online, online.agrees_with(result)));
            }
            out
        }
        Format::Json => {
            let mut value = json(text, result);
            if let (Some(online), serde_json::Value::Object(fields)) = (online, &mut value) {
                fields.insert(
                    "online".to_owned(),
                    serde_json::json!({
                        "parsingSucceeded": online.parsing_succeeded,
                        "evaluationSucceeded": online.evaluation_succeeded,
                        "values": online.values,
                        "error": online.error,
                    }),
                );
                fields.insert("agrees".to_owned(), online.agrees_with(result).into());
            }
            // Serializing a JSON value cannot fail.
            let mut line = serde_json::to_string(&value).unwrap_or_default();
            line.push('\n');
            line
        }
    }
}

/// The service's answer for people, and the verdict.
fn human_online(online: &OnlineEvaluation, agrees: bool) -> String {
    let mut out = String::new();
    let shown = |text: &str| {
        crate::escape::controls(&serde_json::Value::from(text).to_string()).into_owned()
    };
    let values = match online.values.as_slice() {
        _ if !online.succeeded() => "(error)".to_owned(),
        [] => "null".to_owned(),
        [one] => shown(one),
        many => format!(
            "[{}]",
            many.iter()
                .map(|value| shown(value))
                .collect::<Vec<_>>()
                .join(",")
        ),
    };
    let _ = writeln!(out, "online value: {values}");
    if let Some(error) = &online.error {
        let _ = writeln!(out, "online error: {}", crate::escape::controls(error));
    }
    out.push_str(if agrees {
        "online: agrees\n"
    } else {
        "online: DISAGREES with the offline result\n"
    });
    out
}

/// The value for people: a string quoted as JSON, a list as a JSON array, `null`.
fn shown(output: &Output) -> String {
    output.to_json().to_string()
}

fn call_text(text: &str, span: Span) -> &str {
    span.slice(text).unwrap_or("?")
}

fn human(text: &str, result: &Evaluation) -> String {
    let mut out = String::new();
    match &result.error {
        Some(_) => out.push_str("value: (error)\n"),
        None => {
            let _ = writeln!(out, "value: {}", shown(&result.output));
        }
    }
    let flows = if result.flows {
        "yes"
    } else if result.error.is_some() {
        "no (the expression raised an error)"
    } else {
        "no (the target attribute is not written)"
    };
    let _ = writeln!(out, "flows: {flows}");
    if !result.trace.is_empty() {
        out.push_str("trace:\n");
        for entry in &result.trace {
            let outcome = match &entry.result {
                Ok(output) => shown(output),
                Err(message) => format!("error: {message}"),
            };
            let _ = writeln!(
                out,
                "  {} = {outcome}",
                one_line(call_text(text, entry.span))
            );
        }
    }
    for note in &result.notes {
        let _ = writeln!(out, "note: {note}");
    }
    out
}

/// A call's text on one line (line breaks and runs of spaces folded).
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn json(text: &str, result: &Evaluation) -> serde_json::Value {
    let trace: Vec<serde_json::Value> = result
        .trace
        .iter()
        .map(|entry| {
            let (value, error) = match &entry.result {
                Ok(output) => (output.to_json(), serde_json::Value::Null),
                Err(message) => (serde_json::Value::Null, message.clone().into()),
            };
            serde_json::json!({
                "function": entry.function,
                "expression": call_text(text, entry.span),
                "arguments": entry.arguments.iter().map(|argument| {
                    argument.as_ref().map_or(serde_json::Value::Null, Output::to_json)
                }).collect::<Vec<_>>(),
                "result": value,
                "error": error,
            })
        })
        .collect();
    serde_json::json!({
        "value": result.output.to_json(),
        "flows": result.flows,
        "error": result.error.as_ref().map(|error| error.message.clone()),
        "trace": trace,
        "notes": result.notes,
    })
}
