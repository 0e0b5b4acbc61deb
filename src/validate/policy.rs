//! Severity policy: `--allow`, `--warn`, `--deny CODE`, `--deny-warnings` and the
//! optional `synclens.toml`, which holds the same plus `[[ignore]]` entries for
//! accepted findings (a code, and a JSON pointer prefix and/or a file glob).
//!
//! ```toml
//! deny-warnings = false
//! allow = ["S104"]          # never report
//! warn = ["M401"]           # report as a warning
//! deny = ["R207"]           # report as an error
//!
//! [[ignore]]                # a deliberate second anchor
//! code = "M404"
//! path = "exports/*.json"
//! pointer = "/directories/0/objects/0"
//! ```
//!
//! Codes may also be given by rule name (`anchor-count`). Command-line flags win
//! over the file.

use std::path::Path;

use serde::Deserialize;

use super::finding::Severity;
use super::registry::{self, RuleMeta};

/// What to do with a rule's findings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    /// Drop them.
    Allow,
    /// Report them as warnings.
    Warn,
    /// Report them as errors.
    Deny,
}

/// An accepted finding.
#[derive(Debug, Clone)]
pub struct Ignore {
    /// The rule (code).
    pub code: &'static str,
    /// Findings at this pointer or below it; any pointer when absent.
    pub pointer: Option<String>,
    /// Files matching this glob (as given on the command line); any file when absent.
    pub path: Option<glob::Pattern>,
}

/// Severity overrides and ignores.
#[derive(Debug, Clone, Default)]
pub struct Policy {
    /// Whether warnings fail the run (exit code 1).
    pub deny_warnings: bool,
    overrides: Vec<(&'static str, Level)>,
    ignores: Vec<Ignore>,
}

/// Why a policy could not be built.
#[derive(Debug, thiserror::Error)]
pub enum PolicyError {
    /// A code or rule name that no rule has.
    #[error("unknown rule `{0}` (see `synclens explain --list`)")]
    UnknownRule(String),
    /// A glob that does not parse.
    #[error("invalid glob `{glob}`: {message}")]
    Glob {
        /// The pattern.
        glob: String,
        /// Why it is invalid.
        message: String,
    },
    /// The configuration file is not valid TOML of the expected shape.
    #[error("{0}")]
    Toml(String),
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct ConfigFile {
    #[serde(default)]
    deny_warnings: bool,
    #[serde(default)]
    allow: Vec<String>,
    #[serde(default)]
    warn: Vec<String>,
    #[serde(default)]
    deny: Vec<String>,
    #[serde(default)]
    ignore: Vec<IgnoreEntry>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct IgnoreEntry {
    code: String,
    pointer: Option<String>,
    path: Option<String>,
}

fn rule(code: &str) -> Result<&'static RuleMeta, PolicyError> {
    registry::lookup(code.trim()).ok_or_else(|| PolicyError::UnknownRule(code.to_owned()))
}

impl Policy {
    /// Reads `synclens.toml` text.
    pub fn from_toml(text: &str) -> Result<Self, PolicyError> {
        let file: ConfigFile =
            basic_toml::from_str(text).map_err(|e| PolicyError::Toml(e.to_string()))?;
        let mut policy = Policy {
            deny_warnings: file.deny_warnings,
            ..Policy::default()
        };
        for (codes, level) in [
            (&file.allow, Level::Allow),
            (&file.warn, Level::Warn),
            (&file.deny, Level::Deny),
        ] {
            for code in codes {
                policy.set(code, level)?;
            }
        }
        for entry in file.ignore {
            let path = entry
                .path
                .map(|glob| {
                    glob::Pattern::new(&glob).map_err(|e| PolicyError::Glob {
                        glob: glob.clone(),
                        message: e.to_string(),
                    })
                })
                .transpose()?;
            policy.ignores.push(Ignore {
                code: rule(&entry.code)?.code,
                pointer: entry.pointer,
                path,
            });
        }
        Ok(policy)
    }

    /// Sets a rule's level (later calls win).
    pub fn set(&mut self, code: &str, level: Level) -> Result<(), PolicyError> {
        let code = rule(code)?.code;
        self.overrides.retain(|(c, _)| *c != code);
        self.overrides.push((code, level));
        Ok(())
    }

    /// Adds an ignore entry.
    pub fn ignore(&mut self, ignore: Ignore) {
        self.ignores.push(ignore);
    }

    /// The severity a finding of `meta` at `pointer` in `path` gets, or `None` when
    /// it is allowed or ignored.
    pub fn severity(&self, meta: &RuleMeta, path: &str, pointer: &str) -> Option<Severity> {
        let ignored = self.ignores.iter().any(|ignore| {
            ignore.code == meta.code
                && ignore.pointer.as_deref().is_none_or(|prefix| {
                    pointer == prefix
                        || (pointer.starts_with(prefix) && pointer[prefix.len()..].starts_with('/'))
                })
                && ignore.path.as_ref().is_none_or(|glob| {
                    glob.matches_path_with(
                        Path::new(path),
                        glob::MatchOptions {
                            require_literal_separator: false,
                            ..glob::MatchOptions::new()
                        },
                    )
                })
        });
        if ignored {
            return None;
        }
        match self.overrides.iter().find(|(c, _)| *c == meta.code) {
            Some((_, Level::Allow)) => None,
            Some((_, Level::Warn)) => Some(Severity::Warning),
            Some((_, Level::Deny)) => Some(Severity::Error),
            None => Some(meta.severity),
        }
    }

    /// Merges `other` over `self`: its overrides win, ignores add up, deny-warnings
    /// is set if either sets it.
    #[must_use]
    pub fn overridden_by(mut self, other: Policy) -> Self {
        self.deny_warnings |= other.deny_warnings;
        for (code, level) in other.overrides {
            self.overrides.retain(|(c, _)| *c != code);
            self.overrides.push((code, level));
        }
        self.ignores.extend(other.ignores);
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::validate::rules::anchors;

    #[test]
    fn config_file_sets_levels_and_ignores() {
        let policy = Policy::from_toml(
            "deny-warnings = true\nallow = [\"S104\"]\ndeny = [\"anchor-count\"]\n\
             [[ignore]]\ncode = \"M404\"\npointer = \"/directories/0\"\npath = \"exports/*.json\"\n",
        )
        .unwrap();
        assert!(policy.deny_warnings);
        let meta = &anchors::META;
        assert_eq!(
            policy.severity(meta, "other.json", "/directories/0"),
            Some(Severity::Error)
        );
        assert_eq!(
            policy.severity(meta, "exports/a.json", "/directories/0/objects/1"),
            None
        );
        assert_eq!(
            policy.severity(meta, "exports/a.json", "/directories/01"),
            Some(Severity::Error)
        );
    }

    #[test]
    fn unknown_codes_and_keys_are_errors() {
        assert!(Policy::from_toml("allow = [\"Z999\"]").is_err());
        assert!(Policy::from_toml("alow = [\"S104\"]").is_err());
    }
}
