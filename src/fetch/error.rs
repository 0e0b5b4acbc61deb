//! What can go wrong when fetching ([`FetchError`]), the error body Graph and the
//! login service send back ([`GraphErrorBody`]), read with every text redacted and
//! escaped, and the hint for a missing permission.

use std::fmt;
use std::path::PathBuf;
use std::time::Duration;

use serde_json::Value;

use super::credentials::AuthError;
use super::objects::ServicePrincipal;
use super::redact::{Redactor, escape};
use crate::model::Kind;

/// Why fetching (or one object of a fetch) failed. Never holds a token or a secret.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum FetchError {
    /// A URL that cannot be used.
    #[error("{url}: {reason}")]
    InvalidUrl {
        /// The URL.
        url: String,
        /// Why.
        reason: String,
    },
    /// Plain http to a host that is not loopback.
    #[error("{url}: plain http is only allowed to loopback addresses; use https")]
    InsecureUrl {
        /// The URL.
        url: String,
    },
    /// A URL (a nextLink) on another origin than the configured Graph.
    #[error(
        "refusing {url}: it is not on the configured Graph origin {expected}, so it gets \
         neither a request nor the token"
    )]
    ForeignHost {
        /// The URL.
        url: String,
        /// The configured Graph origin.
        expected: String,
    },
    /// A response with an error status.
    #[error(
        "{method} {url}: HTTP {status}{}{}{}",
        reason.map(|reason| format!(" {reason}")).unwrap_or_default(),
        if graph.is_empty() {
            String::new()
        } else {
            format!(": {graph}")
        },
        hint.as_deref().map(|hint| format!("; {hint}")).unwrap_or_default()
    )]
    Http {
        /// `GET` or `POST`.
        method: &'static str,
        /// The URL.
        url: String,
        /// The status.
        status: u16,
        /// The status's reason phrase (`Temporary Redirect`).
        reason: Option<&'static str>,
        /// Graph's error code, message and request-id.
        graph: Box<GraphErrorBody>,
        /// What to do (permissions for 403, …).
        hint: Option<String>,
    },
    /// No connection or no response within the timeout.
    #[error("{url}: no response within {}", seconds(*after))]
    Timeout {
        /// The URL.
        url: String,
        /// The timeout.
        after: Duration,
    },
    /// The connection failed or broke (refused, reset, a truncated body, TLS).
    #[error("{url}: {message}")]
    Transport {
        /// The URL.
        url: String,
        /// What happened.
        message: String,
    },
    /// The body is not JSON.
    #[error("{url}: the response is not valid JSON ({message})")]
    InvalidJson {
        /// The URL.
        url: String,
        /// The parser's message.
        message: String,
    },
    /// A collection response without the expected shape, or a paging loop.
    #[error("{url}: {reason}")]
    Paging {
        /// The URL.
        url: String,
        /// Why.
        reason: String,
    },
    /// No token.
    #[error(transparent)]
    Auth(#[from] AuthError),
    /// No service principal matches.
    #[error(
        "no service principal matches {query:?} (tried it as object id, appId and display name)"
    )]
    NotFound {
        /// What was looked for.
        query: String,
    },
    /// Several service principals have the display name.
    #[error(
        "{} service principals are named {query:?}; pass one's object id or appId: {}",
        matches.len(),
        matches.iter().map(ToString::to_string).collect::<Vec<_>>().join("; ")
    )]
    Ambiguous {
        /// The display name.
        query: String,
        /// Every match, sorted by object id.
        matches: Vec<ServicePrincipal>,
    },
    /// A fetched document does not read as its kind.
    #[error("{url}: not a valid {kind} document: {message}")]
    Document {
        /// Where it came from.
        url: String,
        /// The kind expected.
        kind: Kind,
        /// The loader's message.
        message: String,
    },
    /// A file or folder could not be written (the cause is the source).
    #[error(transparent)]
    Write(#[from] crate::fs::WriteError),
    /// A file of a job or template the service principal no longer has could not be
    /// removed (`--prune`).
    #[error("cannot remove {}", path.display())]
    Remove {
        /// The file.
        path: PathBuf,
        /// Why.
        #[source]
        source: std::io::Error,
    },
    /// A symbolic link where `--prune` would have to look: never followed.
    #[error(
        "{} is a symbolic link; --prune does not follow links below the output folder, \
         so nothing there was pruned",
        path.display()
    )]
    PruneLink {
        /// The link.
        path: PathBuf,
    },
    /// Two objects would share a folder on a file system that ignores case (Windows,
    /// macOS).
    #[error(
        "would share the folder {} with {other} on file systems that ignore case \
         (Windows, macOS); not written (remove or rename the other folder)",
        path.display()
    )]
    FolderClash {
        /// The folder.
        path: PathBuf,
        /// The other id, or the folder already there.
        other: String,
    },
    /// Items of a job or template listing have no id (one failure for all of them).
    #[error(
        "{url}: {count} item(s) of the listing have no id (item{} {}); they were skipped",
        if *count == 1 { "" } else { "s" },
        first.iter().map(ToString::to_string).collect::<Vec<_>>().join(", ")
            + if *count > first.len() { ", …" } else { "" }
    )]
    NoId {
        /// The listing.
        url: String,
        /// How many items have no id.
        count: usize,
        /// The positions of the first few.
        first: Vec<usize>,
    },
    /// A `graph:` diff side that does not name a job or template.
    #[error(
        "{spec:?} is not a Graph side: expected graph:servicePrincipals/<id>/jobs/<job id> \
         or graph:servicePrincipals/<id>/templates/<template id>"
    )]
    GraphSide {
        /// The text given.
        spec: String,
    },
    /// The service principal has nothing to fetch.
    #[error("{service_principal} has no synchronization jobs{}", if *templates { " or templates" } else { "" })]
    NothingToFetch {
        /// The service principal.
        service_principal: ServicePrincipal,
        /// Whether templates were asked for too.
        templates: bool,
    },
}

impl FetchError {
    /// The error with every text that may come from a server (URLs, messages, the
    /// error body) passed through [`Redactor::clean`]. Applied where errors leave the
    /// [`Session`](crate::fetch::Session); texts cleaned already stay as they are.
    #[must_use]
    pub fn scrub(self, redactor: &Redactor) -> Self {
        let clean = |text: String| redactor.clean(&text);
        match self {
            FetchError::InvalidUrl { url, reason } => FetchError::InvalidUrl {
                url: clean(url),
                reason: clean(reason),
            },
            FetchError::InsecureUrl { url } => FetchError::InsecureUrl { url: clean(url) },
            FetchError::ForeignHost { url, expected } => FetchError::ForeignHost {
                url: clean(url),
                expected,
            },
            FetchError::Http {
                method,
                url,
                status,
                reason,
                graph,
                hint,
            } => FetchError::Http {
                method,
                url: clean(url),
                status,
                reason,
                graph: Box::new(GraphErrorBody {
                    code: graph.code.map(clean),
                    message: graph.message.map(clean),
                    request_id: graph.request_id.map(clean),
                }),
                hint: hint.map(clean),
            },
            FetchError::Timeout { url, after } => FetchError::Timeout {
                url: clean(url),
                after,
            },
            FetchError::Transport { url, message } => FetchError::Transport {
                url: clean(url),
                message: clean(message),
            },
            FetchError::InvalidJson { url, message } => FetchError::InvalidJson {
                url: clean(url),
                message: clean(message),
            },
            FetchError::Paging { url, reason } => FetchError::Paging {
                url: clean(url),
                reason: clean(reason),
            },
            FetchError::Auth(error) => FetchError::Auth(error.scrub(redactor)),
            FetchError::Document { url, kind, message } => FetchError::Document {
                url: clean(url),
                kind,
                message: clean(message),
            },
            FetchError::NoId { url, count, first } => FetchError::NoId {
                url: clean(url),
                count,
                first,
            },
            FetchError::FolderClash { path, other } => FetchError::FolderClash {
                path,
                other: clean(other),
            },
            other => other,
        }
    }
}

fn seconds(duration: Duration) -> String {
    format!("{:.1} s", duration.as_secs_f64())
}

/// The `{"error": {…}}` body Graph (and the login service, in its own shape) returns.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct GraphErrorBody {
    /// `error.code` (Graph) or `error` (login service).
    pub code: Option<String>,
    /// `error.message` (Graph) or `error_description` (login service), first line.
    pub message: Option<String>,
    /// `error.innerError.request-id`, or the `request-id` response header.
    pub request_id: Option<String>,
}

impl GraphErrorBody {
    /// Reads an error body; every text goes through `redactor` (secrets redacted
    /// before anything is cut, control characters escaped).
    pub(crate) fn parse(
        body: &[u8],
        header_request_id: Option<String>,
        redactor: &Redactor,
    ) -> Self {
        let value: Value = serde_json::from_slice(body).unwrap_or(Value::Null);
        let text = |value: Option<&Value>, limit: usize| {
            value
                .and_then(Value::as_str)
                .map(|text| escape(&first_line(&redactor.redact(text), limit)))
                .filter(|text| !text.is_empty())
        };
        let mut parsed = match value.get("error") {
            Some(Value::Object(error)) => GraphErrorBody {
                code: text(error.get("code"), 100),
                message: text(error.get("message"), 400),
                request_id: text(
                    error
                        .get("innerError")
                        .or_else(|| error.get("innererror"))
                        .and_then(|inner| inner.get("request-id")),
                    100,
                ),
            },
            Some(code @ Value::String(_)) => GraphErrorBody {
                code: text(Some(code), 100),
                message: text(value.get("error_description"), 400),
                request_id: None,
            },
            _ => GraphErrorBody::default(),
        };
        if parsed.request_id.is_none() {
            parsed.request_id =
                header_request_id.map(|id| escape(&first_line(&redactor.redact(&id), 100)));
        }
        parsed
    }

    /// Whether the body said anything.
    pub(crate) fn is_empty(&self) -> bool {
        self.code.is_none() && self.message.is_none() && self.request_id.is_none()
    }
}

impl fmt::Display for GraphErrorBody {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut parts = Vec::new();
        if let Some(code) = &self.code {
            parts.push(code.clone());
        }
        if let Some(message) = &self.message {
            parts.push(message.clone());
        }
        write!(f, "{}", parts.join(": "))?;
        if let Some(request_id) = &self.request_id {
            write!(f, " (request-id {request_id})")?;
        }
        Ok(())
    }
}

pub(super) fn first_line(text: &str, limit: usize) -> String {
    let line = text.lines().next().unwrap_or_default().trim();
    match line.char_indices().nth(limit) {
        Some((cut, _)) => format!("{}…", &line[..cut]),
        None => line.to_owned(),
    }
}

/// The permissions read-only fetching needs (SPEC.md §5.1).
pub const PERMISSIONS_HINT: &str = "the caller lacks a permission: reading jobs, schemas and \
templates needs Synchronization.Read.All (application or delegated, admin-consented), and \
finding a service principal by name or appId needs Application.Read.All; schemas that map \
custom security attributes also need CustomSecAttributeProvisioning.Read.All; delegated \
calls also need a directory role such as Application Administrator or Cloud Application \
Administrator";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn graph_error_bodies_give_code_message_and_request_id() {
        let body = br#"{"error":{"code":"TooManyRequests","innerError":{"code":"429","request-id":"r-1"},"message":"Please retry again later."}}"#;
        let parsed = GraphErrorBody::parse(body, None, &Redactor::new());
        assert_eq!(
            parsed.to_string(),
            "TooManyRequests: Please retry again later. (request-id r-1)"
        );
        let login = br#"{"error":"invalid_client","error_description":"AADSTS7000215: Invalid client secret provided.\r\nTrace ID: x"}"#;
        let parsed = GraphErrorBody::parse(login, Some("h".to_owned()), &Redactor::new());
        assert_eq!(
            parsed.to_string(),
            "invalid_client: AADSTS7000215: Invalid client secret provided. (request-id h)"
        );
        assert_eq!(
            GraphErrorBody::parse(b"<html>", None, &Redactor::new()),
            GraphErrorBody::default()
        );
    }
}

/// One job or template that could not be fetched.
#[derive(Debug)]
pub struct ObjectFailure {
    /// `jobs/<id>` or `templates/<id>`.
    pub object: String,
    /// Why.
    pub error: FetchError,
}
