//! The one place where text a server (or the Azure CLI) supplied is made safe to show:
//! every secret synclens holds is replaced by `<redacted>`, then control characters
//! are escaped, so no message carries a token, a client secret, a federated assertion
//! or a managed-identity header, and none can move the cursor, clear the screen, set
//! a window title or fake output on a terminal.
//!
//! Secrets are registered with [`Redactor::hold`] as soon as they are read (from the
//! environment, a token file, a token response). Each is redacted as sent and in the
//! encodings a server is likely to echo (form-urlencoded, percent-encoded, JSON
//! string), and so is each longer dot-separated part of a JWT. A `Bearer …` credential
//! in server text is redacted whatever it is. A server that echoes a secret in some
//! other transformation (a fragment, base64 of it) is not caught.

use std::fmt;
use std::sync::{Arc, PoisonError, RwLock};

/// What replaces a secret.
pub const REDACTED: &str = "<redacted>";

/// The secrets to redact; clones share them (the HTTP client and the token code add
/// to the same set).
#[derive(Clone, Default)]
pub struct Redactor {
    secrets: Arc<RwLock<Vec<String>>>,
}

impl std::fmt::Debug for Redactor {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Redactor(<secrets>)")
    }
}

/// Parts of a JWT shorter than this are not redacted alone (a header such as
/// `eyJhbGciOiJub25lIn0` is public; signatures and payloads are longer).
const MIN_PART: usize = 24;

impl Redactor {
    /// A redactor holding no secret yet.
    pub fn new() -> Self {
        Redactor::default()
    }

    /// Adds a secret (and its encoded forms). Empty text is ignored.
    pub fn hold(&self, secret: &str) {
        let secret = secret.trim();
        if secret.is_empty() {
            return;
        }
        let mut forms = vec![
            secret.to_owned(),
            super::cloud::encode_component(secret),
            form_encode(secret),
        ];
        if let Ok(json) = serde_json::to_string(secret) {
            forms.push(
                json.trim_start_matches('"')
                    .trim_end_matches('"')
                    .to_owned(),
            );
        }
        if secret.contains('.') {
            forms.extend(
                secret
                    .split('.')
                    .filter(|part| part.len() >= MIN_PART)
                    .map(str::to_owned),
            );
        }
        let mut secrets = self.secrets.write().unwrap_or_else(PoisonError::into_inner);
        secrets.extend(forms.into_iter().filter(|form| !form.is_empty()));
        // Longest first, so a secret is never half-replaced by a shorter form.
        secrets.sort_by(|a, b| b.len().cmp(&a.len()).then_with(|| a.cmp(b)));
        secrets.dedup();
    }

    /// `text` with every secret held, and every `Bearer <credential>`, replaced by
    /// [`REDACTED`].
    pub fn redact(&self, text: &str) -> String {
        let mut text = text.to_owned();
        let secrets = self.secrets.read().unwrap_or_else(PoisonError::into_inner);
        for secret in secrets.iter() {
            if text.contains(secret.as_str()) {
                text = text.replace(secret.as_str(), REDACTED);
            }
        }
        redact_bearer(&text)
    }

    /// [`Redactor::redact`], then [`escape`]: what every message built from server text
    /// goes through.
    pub fn clean(&self, text: &str) -> String {
        escape(&self.redact(text))
    }
}

/// `application/x-www-form-urlencoded`: like percent-encoding, with `+` for a space.
fn form_encode(text: &str) -> String {
    text.split(' ')
        .map(super::cloud::encode_component)
        .collect::<Vec<_>>()
        .join("+")
}

/// Replaces the credential after every `Bearer ` (any case) with [`REDACTED`].
fn redact_bearer(text: &str) -> String {
    const WORD: &str = "bearer ";
    let lower = text.to_ascii_lowercase();
    let mut out = String::with_capacity(text.len());
    let mut rest = 0;
    let mut search = 0;
    while let Some(found) = lower.get(search..).and_then(|tail| tail.find(WORD)) {
        let start = search + found + WORD.len();
        let credential = text
            .get(start..)
            .unwrap_or_default()
            .find(|c: char| !(c.is_ascii_alphanumeric() || "-._~+/=%".contains(c)))
            .map_or(text.len(), |end| start + end);
        if credential > start && text.get(start..credential) != Some(REDACTED) {
            out.push_str(text.get(rest..start).unwrap_or_default());
            out.push_str(REDACTED);
            rest = credential;
        }
        search = credential.max(start);
    }
    out.push_str(text.get(rest..).unwrap_or_default());
    out
}

/// Control characters (C0, DEL, C1) and the invisible characters that reorder or hide
/// text written as `\u{1b}` ([`crate::escape::controls`]), so server text shows as the
/// characters it is made of.
pub fn escape(text: &str) -> String {
    crate::escape::controls(text).into_owned()
}

/// A secret (a token or a client secret): never shown by `Debug`, no `Display`.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    /// Wraps a secret.
    pub fn new(value: impl Into<String>) -> Self {
        Secret(value.into())
    }

    /// The secret itself, for the one place that sends it.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(<redacted>)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_and_their_encodings_are_redacted() {
        let redactor = Redactor::new();
        redactor.hold("s3cret value&=");
        redactor.hold("");
        let text = "got s3cret value&= and s3cret+value%26%3D and s3cret%20value%26%3D";
        assert_eq!(
            redactor.redact(text),
            "got <redacted> and <redacted> and <redacted>"
        );
        let jwt = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJyZXBvOmNvbnRvc28vYXBwIn0.c2lnbmF0dXJlLXNpZ25hdHVyZS1zaWduYXR1cmU";
        redactor.hold(jwt);
        let echoed = "assertion eyJzdWIiOiJyZXBvOmNvbnRvc28vYXBwIn0 is invalid";
        assert_eq!(redactor.redact(echoed), "assertion <redacted> is invalid");
        assert!(!redactor.redact(jwt).contains("eyJzdWIi"));
    }

    #[test]
    fn bearer_credentials_are_redacted_whatever_they_are() {
        let redactor = Redactor::new();
        assert_eq!(
            redactor.redact("header was 'Authorization: Bearer abc.def-ghi' here"),
            "header was 'Authorization: Bearer <redacted>' here"
        );
        assert_eq!(redactor.redact("bearer x"), "bearer <redacted>");
        assert_eq!(redactor.redact("a Bearer "), "a Bearer ");
        assert_eq!(
            redactor.redact("Bearer <redacted>"),
            "Bearer <redacted>",
            "idempotent"
        );
    }

    #[test]
    fn control_and_invisible_characters_are_escaped() {
        assert_eq!(
            escape("\u{1b}[2J\u{1b}]0;owned\u{7}\r0 errors\n\u{9b}\u{202e}é"),
            "\\u{1b}[2J\\u{1b}]0;owned\\u{7}\\u{d}0 errors\\u{a}\\u{9b}\\u{202e}é"
        );
        assert_eq!(escape(&escape("\u{1b}")), "\\u{1b}");
    }

    #[test]
    fn secrets_do_not_show_in_debug() {
        let secret = Secret::new("eyJ0eXAi");
        assert!(!format!("{secret:?}").contains("eyJ"));
    }
}
