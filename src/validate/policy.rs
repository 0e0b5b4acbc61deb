//! Severity policy: `--allow`, `--warn`, `--deny CODE`, `--deny-warnings` and the
//! optional `synclens.toml`, which holds the same plus `[[ignore]]` entries for
//! accepted findings (a code, and a place in the document and/or a file glob).
//!
//! ```toml
//! deny-warnings = false
//! allow = ["S104"]          # never report
//! warn = ["M401"]           # report as a warning
//! deny = ["R207"]           # report as an error
//!
//! [[ignore]]                # a deliberate second anchor
//! code = "M404"
//! path = "exports/*.json"   # relative to the folder of synclens.toml
//! path-in-document = "directories[Active Directory]/objects[user]"
//! ```
//!
//! The place is either `path-in-document`, an identity path as findings carry it
//! (`identityPath`; `*` matches any run of characters, as in diff's `--ignore`),
//! which survives `synclens fmt` and reordered exports, or `pointer`, a JSON pointer
//! (which does not: it holds array indexes). Either matches the place itself and
//! everything below it. Codes may also be given by rule name (`anchor-count`).
//! Command-line flags win over the file. Entries that matched no finding in the files
//! they apply to are listed by [`Policy::unmatched_ignores`].

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use schemars::JsonSchema;
use serde::Deserialize;

use super::finding::Severity;
use super::registry;
use super::rule::RuleMeta;
use crate::identity::path::wildcard_match;

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
    /// Findings whose identity path matches this pattern (`*` matches any run of
    /// characters), or lies below a path that does; any place when absent.
    pub path_in_document: Option<String>,
    /// Files matching this glob (relative to the configuration's folder, see
    /// [`Policy::relative_to`]; else as given on the command line); any file when
    /// absent.
    pub path: Option<glob::Pattern>,
    /// Findings and files matched so far, shared by the clones of a policy (files are
    /// checked in parallel, each with its own clone).
    usage: Arc<Usage>,
}

#[derive(Debug, Default)]
struct Usage {
    findings: AtomicUsize,
    files: AtomicUsize,
}

impl Ignore {
    /// An entry for `code` at `pointer` (or any) in files matching `path` (or any).
    pub fn new(code: &'static str, pointer: Option<String>, path: Option<glob::Pattern>) -> Self {
        Ignore {
            code,
            pointer,
            path_in_document: None,
            path,
            usage: Arc::default(),
        }
    }

    /// The entry as people wrote it, for messages: `M404 at directories[AD] in
    /// exports/*.json`.
    pub fn describe(&self) -> String {
        let mut text = self.code.to_owned();
        if let Some(place) = self.path_in_document.as_deref().or(self.pointer.as_deref()) {
            let _ = write!(text, " at `{place}`");
        }
        if let Some(glob) = &self.path {
            let _ = write!(text, " in `{}`", glob.as_str());
        }
        text
    }

    fn matches_file(&self, file: &str) -> bool {
        self.path.as_ref().is_none_or(|glob| {
            glob.matches_path_with(
                Path::new(file),
                glob::MatchOptions {
                    require_literal_separator: false,
                    ..glob::MatchOptions::new()
                },
            )
        })
    }

    fn matches(&self, meta: &RuleMeta, subject: &Subject<'_>) -> bool {
        self.code == meta.code
            && self.pointer.as_deref().is_none_or(|prefix| {
                let pointer = subject.pointer;
                pointer == prefix
                    || pointer
                        .strip_prefix(prefix)
                        .is_some_and(|rest| rest.starts_with('/'))
            })
            && self.path_in_document.as_deref().is_none_or(|pattern| {
                subject.identity_path.is_some_and(|path| {
                    pattern.is_empty()
                        || wildcard_match(pattern, path)
                        || wildcard_match(&format!("{pattern}/*"), path)
                })
            })
            && self.matches_file(subject.file)
    }
}

/// What a policy judges a finding by: its file, its place by pointer and by identity.
#[derive(Debug, Clone, Copy)]
pub struct Subject<'a> {
    /// The file as [`Policy::file_key`] gives it (relative to the configuration's
    /// folder when the policy has one).
    pub file: &'a str,
    /// The finding's JSON pointer.
    pub pointer: &'a str,
    /// The finding's identity path, when known (`path-in-document` entries match
    /// nothing without one).
    pub identity_path: Option<&'a str>,
}

/// Severity overrides and ignores.
#[derive(Debug, Clone, Default)]
pub struct Policy {
    /// Whether warnings fail the run (exit code 1).
    pub deny_warnings: bool,
    overrides: Vec<(&'static str, Level)>,
    ignores: Vec<Ignore>,
    /// The folder `[[ignore]] path` globs are relative to (canonical), if any.
    base: Option<PathBuf>,
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
    /// An `[[ignore]]` entry with both `pointer` and `path-in-document`.
    #[error(
        "an [[ignore]] entry for `{0}` has both `pointer` and `path-in-document`; give one \
         (`path-in-document` survives `synclens fmt` and reordered exports)"
    )]
    PointerAndPath(String),
    /// An attempt to allow, lower or ignore `P001`: a file that does not load was not
    /// checked at all, so its failure is never silenced.
    #[error(
        "P001 (load-error) cannot be allowed, lowered or ignored: a file that does not load \
         was not checked; remove it from the inputs instead"
    )]
    LoadErrorSilenced,
}

/// The name of the configuration file.
pub const CONFIG_FILE: &str = "synclens.toml";

/// The configuration that applies in `start`: the [`CONFIG_FILE`] of `start` or its
/// parents up to the root of the repository (the nearest folder holding `.git`);
/// outside a repository, only `start`'s own. A file in a folder above the repository
/// (a shared or hostile parent such as `/tmp`) never applies.
pub fn find_config(start: &Path) -> Option<std::path::PathBuf> {
    let in_repository = start.ancestors().any(|folder| folder.join(".git").exists());
    for folder in start.ancestors() {
        let candidate = folder.join(CONFIG_FILE);
        if candidate.is_file() {
            return Some(candidate);
        }
        if !in_repository || folder.join(".git").exists() {
            return None;
        }
    }
    None
}

/// The code of load failures, which no policy silences.
const LOAD_ERROR: &str = "P001";

/// `synclens.toml`: severities of rules and accepted findings, for every `synclens
/// validate` (and the new side of `synclens diff`) run in its folder or below.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
#[schemars(title = "synclens.toml")]
struct ConfigFile {
    /// Exit 1 on warnings too.
    #[serde(default)]
    deny_warnings: bool,
    /// Rules never reported (codes such as `S104`, or names such as `unknown-property`).
    #[serde(default)]
    allow: Vec<String>,
    /// Rules reported as warnings.
    #[serde(default)]
    warn: Vec<String>,
    /// Rules reported as errors.
    #[serde(default)]
    deny: Vec<String>,
    /// Findings accepted: each entry matches a code, optionally in some files and at a
    /// place; an entry that matched nothing is named on stderr.
    #[serde(default)]
    ignore: Vec<IgnoreEntry>,
}

/// One accepted finding (`[[ignore]]`).
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct IgnoreEntry {
    /// The rule's code or name.
    code: String,
    /// A JSON pointer: the place and everything below it (not with `path-in-document`).
    pointer: Option<String>,
    /// An identity path as findings carry it (`*` matches any run of characters): the
    /// place and everything below it; survives `synclens fmt` and reordered exports.
    path_in_document: Option<String>,
    /// A glob of the files it applies to, relative to the folder of this file.
    path: Option<String>,
}

/// The JSON Schema of `synclens.toml` (`schemas/synclens-toml.schema.json`), for
/// editors that check TOML against JSON Schemas.
pub fn config_schema() -> serde_json::Value {
    crate::schema_gen::output_schema::<ConfigFile>(
        "The configuration synclens validate reads from synclens.toml.",
    )
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
            let code = rule(&entry.code)?.code;
            if code == LOAD_ERROR {
                return Err(PolicyError::LoadErrorSilenced);
            }
            if entry.pointer.is_some() && entry.path_in_document.is_some() {
                return Err(PolicyError::PointerAndPath(entry.code));
            }
            let mut ignore = Ignore::new(code, entry.pointer, path);
            ignore.path_in_document = entry.path_in_document;
            policy.ignores.push(ignore);
        }
        Ok(policy)
    }

    /// Sets a rule's level (later calls win).
    pub fn set(&mut self, code: &str, level: Level) -> Result<(), PolicyError> {
        let code = rule(code)?.code;
        if code == LOAD_ERROR && level != Level::Deny {
            return Err(PolicyError::LoadErrorSilenced);
        }
        self.overrides.retain(|(c, _)| *c != code);
        self.overrides.push((code, level));
        Ok(())
    }

    /// Adds an ignore entry.
    pub fn ignore(&mut self, ignore: Ignore) {
        self.ignores.push(ignore);
    }

    /// Makes `[[ignore]] path` globs relative to `folder` (the configuration file's):
    /// a file is matched by its path below that folder (with `/`), a file outside it
    /// by its absolute path. Without this, globs match paths as given.
    #[must_use]
    pub fn relative_to(mut self, folder: &Path) -> Self {
        self.base = Some(
            folder
                .canonicalize()
                .unwrap_or_else(|_| folder.to_path_buf()),
        );
        self
    }

    /// The text `[[ignore]] path` globs match for the file at `path` (as given;
    /// `display` is how it is shown, and is the key without a base folder or for
    /// standard input). Also counts the file for the entries whose glob matches it
    /// (see [`Policy::unmatched_ignores`]).
    pub fn file_key(&self, path: &Path, display: &str) -> String {
        let key = match &self.base {
            Some(base) if path.as_os_str() != "-" => {
                let absolute = path.canonicalize().unwrap_or_else(|_| {
                    std::env::current_dir().map_or_else(|_| path.to_path_buf(), |c| c.join(path))
                });
                match absolute.strip_prefix(base) {
                    Ok(relative) => relative
                        .components()
                        .map(|c| c.as_os_str().to_string_lossy())
                        .collect::<Vec<_>>()
                        .join("/"),
                    Err(_) => absolute.display().to_string(),
                }
            }
            _ => display.to_owned(),
        };
        for ignore in &self.ignores {
            if ignore.matches_file(&key) {
                ignore.usage.files.fetch_add(1, Ordering::Relaxed);
            }
        }
        key
    }

    /// The severity a finding of `meta` at `pointer` in `path` gets, or `None` when
    /// it is allowed or ignored (without an identity path: see [`Policy::judge`]).
    pub fn severity(&self, meta: &RuleMeta, path: &str, pointer: &str) -> Option<Severity> {
        self.judge(
            meta,
            &Subject {
                file: path,
                pointer,
                identity_path: None,
            },
        )
    }

    /// The severity a finding of `meta` at `subject` gets, or `None` when it is
    /// allowed or ignored. Counts the ignore entry that matched.
    pub fn judge(&self, meta: &RuleMeta, subject: &Subject<'_>) -> Option<Severity> {
        if let Some(ignore) = self
            .ignores
            .iter()
            .find(|ignore| ignore.matches(meta, subject))
        {
            ignore.usage.findings.fetch_add(1, Ordering::Relaxed);
            return None;
        }
        match self.overrides.iter().find(|(c, _)| *c == meta.code) {
            Some((_, Level::Allow)) => None,
            Some((_, Level::Warn)) => Some(Severity::Warning),
            Some((_, Level::Deny)) => Some(Severity::Error),
            None => Some(meta.severity),
        }
    }

    /// The ignore entries that matched no finding although they apply to a file that
    /// was checked (an entry whose glob matched no checked file is not listed: the
    /// run did not look where it applies), in the order they were given, with their
    /// 1-based position.
    pub fn unmatched_ignores(&self) -> Vec<(usize, &Ignore)> {
        self.ignores
            .iter()
            .enumerate()
            .filter(|(_, ignore)| {
                ignore.usage.findings.load(Ordering::Relaxed) == 0
                    && ignore.usage.files.load(Ordering::Relaxed) > 0
            })
            .map(|(index, ignore)| (index + 1, ignore))
            .collect()
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
        self.base = self.base.or(other.base);
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::validate::rules::anchor_count;

    #[test]
    fn config_file_sets_levels_and_ignores() {
        let policy = Policy::from_toml(
            "deny-warnings = true\nallow = [\"S104\"]\ndeny = [\"anchor-count\"]\n\
             [[ignore]]\ncode = \"M404\"\npointer = \"/directories/0\"\npath = \"exports/*.json\"\n",
        )
        .unwrap();
        assert!(policy.deny_warnings);
        let meta = &anchor_count::META;
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
    fn identity_paths_match_with_wildcards_and_below() {
        let policy = Policy::from_toml(
            "[[ignore]]\ncode = \"M404\"\npath-in-document = \"directories[*]/objects[user]\"\n",
        )
        .unwrap();
        let meta = &anchor_count::META;
        let at = |identity_path: &str| {
            policy.judge(
                meta,
                &Subject {
                    file: "a.json",
                    pointer: "/directories/3/objects/1",
                    identity_path: Some(identity_path),
                },
            )
        };
        assert_eq!(at("directories[AD]/objects[user]"), None);
        assert_eq!(at("directories[AD]/objects[user]/attributes[cn]"), None);
        assert_eq!(
            at("directories[AD]/objects[users]"),
            Some(Severity::Warning)
        );
        assert!(policy.unmatched_ignores().is_empty());
        assert_eq!(
            policy.severity(meta, "a.json", "/x"),
            Some(Severity::Warning)
        );
        assert!(
            Policy::from_toml(
                "[[ignore]]\ncode = \"M404\"\npointer = \"/a\"\npath-in-document = \"a\"\n"
            )
            .is_err()
        );
    }

    #[test]
    fn unmatched_ignores_are_those_of_checked_files() {
        let policy = Policy::from_toml(
            "[[ignore]]\ncode = \"M404\"\npath = \"a.json\"\n\
             [[ignore]]\ncode = \"M404\"\npath = \"b.json\"\n",
        )
        .unwrap();
        let key = policy.file_key(Path::new("a.json"), "a.json");
        assert_eq!(key, "a.json");
        let unmatched: Vec<usize> = policy.unmatched_ignores().iter().map(|(n, _)| *n).collect();
        assert_eq!(unmatched, [1]);
        assert_eq!(
            policy.clone().severity(&anchor_count::META, "a.json", ""),
            None
        );
        assert!(policy.unmatched_ignores().is_empty());
    }

    #[test]
    fn unknown_codes_and_keys_are_errors() {
        assert!(Policy::from_toml("allow = [\"Z999\"]").is_err());
        assert!(Policy::from_toml("alow = [\"S104\"]").is_err());
    }
}
