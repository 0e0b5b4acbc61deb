//! The write path to Graph (`synclens plan`, `synclens apply`): a plan records what a
//! job's live schema is (its version and a SHA-256 of its canonical form) and what the
//! committed file is (a SHA-256 of its canonical form); applying it re-reads both and
//! refuses when either moved, backs the live schema up, sends one
//! `PUT …/jobs/{jobId}/schema` with the committed canonical body (a full replacement,
//! never PATCH), and reads the schema back to verify it.
//!
//! The body sent is the committed schema's canonical text without the OData
//! annotations of a GET response (`@odata.context`, `directories@odata.context`):
//! what Graph returned is what it gets back. Secrets and job settings other than the
//! schema are never read or sent.

use std::fmt::Write as _;
use std::path::PathBuf;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::cloud::encode_component;
use super::graph::render;
use super::{FetchError, Session};
use crate::model::Kind;

/// The version of the plan file's layout.
pub const PLAN_FORMAT: u32 = 1;

/// What Graph needs to write a schema, for a 403 on the PUT.
pub const WRITE_PERMISSIONS_HINT: &str = "the caller lacks a permission: writing a job's \
schema needs Synchronization.ReadWrite.All, or Application.ReadWrite.OwnedBy for an \
application the caller owns (application permissions, admin-consented); delegated calls also \
need a directory role such as Application Administrator or Cloud Application Administrator";

/// The job a plan is for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PlanTarget {
    /// The Graph root and version (`https://graph.microsoft.com/v1.0`).
    pub graph: String,
    /// The service principal's object id.
    pub service_principal: String,
    /// The job id.
    pub job: String,
}

/// How many changes of each impact the plan applies.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PlanChanges {
    /// Breaking changes.
    pub breaking: usize,
    /// Changes that need review.
    pub needs_review: usize,
    /// Compatible changes.
    pub compatible: usize,
}

/// A plan file (`synclens plan --out plan.json`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Plan {
    /// [`PLAN_FORMAT`].
    pub format: u32,
    /// The synclens version that made the plan.
    pub synclens_version: String,
    /// The job.
    pub target: PlanTarget,
    /// The live schema's `version` when the plan was made.
    pub live_version: Option<String>,
    /// SHA-256 (hex) of the live schema's canonical form when the plan was made.
    pub live_sha256: String,
    /// The committed schema file, as given to `plan`.
    pub committed: PathBuf,
    /// SHA-256 (hex) of the committed schema's canonical form.
    pub committed_sha256: String,
    /// The changes live → committed.
    pub changes: PlanChanges,
}

/// A job's live schema, read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LiveSchema {
    /// Its canonical text (what `fetch` would write as `schema.json`).
    pub text: String,
    /// Its `version`, when it has one.
    pub version: Option<String>,
    /// SHA-256 (hex) of `text`.
    pub sha256: String,
}

/// SHA-256 of `text`, as lower-case hex.
pub fn sha256(text: &str) -> String {
    let digest = ring::digest::digest(&ring::digest::SHA256, text.as_bytes());
    let mut hex = String::with_capacity(64);
    for byte in digest.as_ref() {
        let _ = write!(hex, "{byte:02x}");
    }
    hex
}

/// The body a PUT sends for a schema's canonical text: the same JSON without the
/// OData annotations of a GET response.
pub fn put_body(canonical: &str) -> Result<String, serde_json::Error> {
    let mut value: Value = serde_json::from_str(canonical)?;
    if let Value::Object(fields) = &mut value {
        fields.retain(|name, _| !crate::model::facts::is_odata_annotation(name));
    }
    serde_json::to_string(&value)
}

impl Session {
    /// The URL of a job's schema.
    fn schema_url(&self, service_principal: &str, job: &str) -> String {
        self.client().url(&format!(
            "/servicePrincipals/{}/synchronization/jobs/{}/schema",
            encode_component(service_principal),
            encode_component(job)
        ))
    }

    /// The job's live schema in canonical form, its version and hash.
    pub fn live_schema(
        &self,
        service_principal: &str,
        job: &str,
    ) -> Result<LiveSchema, FetchError> {
        let url = self.schema_url(service_principal, job);
        let value = self
            .client()
            .get_json(&url)
            .map_err(|error| error.scrub(self.redactor()))?;
        let version = value
            .get("version")
            .and_then(Value::as_str)
            .map(str::to_owned);
        let text = render(&url, Kind::Schema, &value)?;
        Ok(LiveSchema {
            sha256: sha256(&text),
            text,
            version,
        })
    }

    /// Replaces the job's schema with `body` (one `PUT`; retried only when the service
    /// answered 429 or 503, that is before it read the body).
    pub fn put_schema(
        &self,
        service_principal: &str,
        job: &str,
        body: &str,
    ) -> Result<(), FetchError> {
        let url = self.schema_url(service_principal, job);
        self.client()
            .put_json(&url, body)
            .map_err(|error| match error {
                FetchError::Http {
                    method,
                    url,
                    status: 403,
                    reason,
                    graph,
                    hint: _,
                } => FetchError::Http {
                    method,
                    url,
                    status: 403,
                    reason,
                    graph,
                    hint: Some(WRITE_PERMISSIONS_HINT.to_owned()),
                },
                other => other,
            })
            .map_err(|error| error.scrub(self.redactor()))?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sha256_is_the_standard_digest() {
        assert_eq!(
            sha256("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    #[test]
    fn the_body_drops_odata_annotations_and_keeps_the_rest() {
        let body = put_body(
            r#"{"@odata.context": "x", "id": "s", "directories@odata.context": "y", "directories": [], "synchronizationRules": [], "version": "v"}"#,
        )
        .unwrap();
        assert_eq!(
            body,
            r#"{"directories":[],"id":"s","synchronizationRules":[],"version":"v"}"#
        );
    }
}

/// Why a plan cannot be made or applied. Nothing was written to the tenant unless the
/// variant says so.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum DeployError {
    /// Graph, the token or the network.
    #[error(transparent)]
    Fetch(#[from] FetchError),
    /// The committed file cannot be read as a schema.
    #[error(transparent)]
    Load(Box<crate::load::LoadError>),
    /// The committed file is a job or template, or a document without a schema.
    #[error("{}: not a synchronization schema (plan and apply take a job's schema.json)", path.display())]
    NotASchema {
        /// The file.
        path: PathBuf,
    },
    /// The committed schema has validate errors: no plan.
    #[error(
        "{}: {} — fix them (synclens validate) before planning a deployment",
        path.display(),
        crate::text::plural(findings.len(), "validate error")
    )]
    Invalid {
        /// The file.
        path: PathBuf,
        /// The errors, by line.
        findings: Vec<crate::diff::NewSideFinding>,
    },
    /// The plan file cannot be read.
    #[error("{}: not a synclens plan: {message}", path.display())]
    PlanFile {
        /// The plan file.
        path: PathBuf,
        /// Why.
        message: String,
    },
    /// The live schema changed since the plan.
    #[error(
        "the live schema of job {job} changed since the plan was made (version {planned} \
         then, {now} now): someone changed it meanwhile; nothing was written — run synclens \
         plan again and review what changed"
    )]
    LiveMoved {
        /// The job.
        job: String,
        /// The version in the plan.
        planned: String,
        /// The version now.
        now: String,
    },
    /// The committed file changed since the plan.
    #[error(
        "{}: changed since the plan was made; nothing was written — run synclens plan again",
        path.display()
    )]
    CommittedMoved {
        /// The file.
        path: PathBuf,
    },
    /// The backup could not be written: nothing was sent.
    #[error("the backup of the live schema could not be written; nothing was sent: {0}")]
    Backup(#[source] crate::fs::WriteError),
    /// The PUT failed: the live schema is as it was (the backup stays).
    #[error("{error}; the backup of the live schema is {}", backup.display())]
    Put {
        /// Why.
        #[source]
        error: FetchError,
        /// The backup written before.
        backup: PathBuf,
    },
}

impl From<crate::load::LoadError> for DeployError {
    fn from(error: crate::load::LoadError) -> Self {
        DeployError::Load(Box::new(error))
    }
}

/// A plan made: the plan, and the diff live → committed it summarises.
#[derive(Debug)]
pub struct Planned {
    /// The plan (absent when there is nothing to apply).
    pub plan: Option<Plan>,
    /// The changes live → committed, worst first, with the committed side's findings.
    pub report: crate::diff::DiffReport,
    /// The live schema and the committed one, loaded (for a sample's impact).
    pub sides: (crate::load::Loaded, crate::load::Loaded),
}

/// What applying did.
#[derive(Debug)]
pub struct Applied {
    /// Where the live schema was backed up before the PUT.
    pub backup: PathBuf,
    /// The differences between what was sent and what the service now holds (empty
    /// when verified).
    pub verification: crate::diff::DiffReport,
}

/// The committed schema read, its canonical text and hash.
fn committed(path: &std::path::Path) -> Result<(crate::load::Loaded, String), DeployError> {
    let loaded = crate::load::load_path(
        path,
        crate::load::LoadOptions {
            kind: Some(Kind::Schema),
        },
    )?;
    if !matches!(loaded.document, crate::model::Document::Schema(_)) {
        return Err(DeployError::NotASchema {
            path: path.to_path_buf(),
        });
    }
    let text = crate::canonical::canonical(&loaded.document);
    Ok((loaded, text))
}

/// A live schema's canonical text loaded as a document labelled `label`.
fn live_loaded(label: &str, text: &str) -> Result<crate::load::Loaded, DeployError> {
    Ok(crate::load::load_bytes(
        std::path::Path::new(label),
        text.as_bytes().to_vec(),
        crate::load::LoadOptions {
            kind: Some(Kind::Schema),
        },
    )?)
}

/// The changes of `report` by impact.
fn changes_of(report: &crate::diff::DiffReport) -> PlanChanges {
    PlanChanges {
        breaking: report.summary.breaking,
        needs_review: report.summary.needs_review,
        compatible: report.summary.compatible,
    }
}

impl Session {
    /// Validates the committed schema at `path` (any error: no plan), reads the job's
    /// live schema, and diffs live → committed. The plan is `None` when nothing
    /// changes.
    pub fn plan(
        &self,
        path: &std::path::Path,
        service_principal: &str,
        job: &str,
        options: &crate::diff::DiffOptions,
    ) -> Result<Planned, DeployError> {
        let (committed, committed_text) = committed(path)?;
        let service_principal = self.resolve_service_principal(service_principal)?;
        let live = self.live_schema(&service_principal.id, job)?;
        let label = format!(
            "graph:servicePrincipals/{}/jobs/{job}",
            service_principal.id
        );
        let mut options = options.clone();
        options.new_side = Some(crate::diff::NewSideCheck {
            threshold: crate::validate::Severity::Error,
            policy: crate::validate::Policy::default(),
        });
        let live_side = live_loaded(&label, &live.text)?;
        let report = crate::diff::diff(&live_side, &committed, &options);
        let errors: Vec<crate::diff::NewSideFinding> = report
            .findings
            .iter()
            .filter(|finding| finding.severity == crate::validate::Severity::Error)
            .cloned()
            .collect();
        if !errors.is_empty() {
            return Err(DeployError::Invalid {
                path: path.to_path_buf(),
                findings: errors,
            });
        }
        let plan = (!report.changes.is_empty()).then(|| Plan {
            format: PLAN_FORMAT,
            synclens_version: env!("CARGO_PKG_VERSION").to_owned(),
            target: PlanTarget {
                graph: self.client().base().to_owned(),
                service_principal: service_principal.id.clone(),
                job: job.to_owned(),
            },
            live_version: live.version.clone(),
            live_sha256: live.sha256.clone(),
            committed: path.to_path_buf(),
            committed_sha256: sha256(&committed_text),
            changes: changes_of(&report),
        });
        Ok(Planned {
            plan,
            report,
            sides: (live_side, committed),
        })
    }

    /// Applies `plan`: refuses when the committed file or the live schema moved since
    /// the plan, asks `confirm` (with the changes, live → committed), writes the backup
    /// of the live schema to `backup` (atomically) before anything is sent, sends one
    /// PUT with the committed canonical body, and reads the schema back to compare it
    /// with what was sent. `Ok(None)`: `confirm` said no, nothing written.
    pub fn apply(
        &self,
        plan: &Plan,
        backup: &std::path::Path,
        options: &crate::diff::DiffOptions,
        confirm: impl FnOnce(&crate::diff::DiffReport) -> bool,
    ) -> Result<Option<Applied>, DeployError> {
        let (committed, committed_text) = committed(&plan.committed)?;
        if sha256(&committed_text) != plan.committed_sha256 {
            return Err(DeployError::CommittedMoved {
                path: plan.committed.clone(),
            });
        }
        let PlanTarget {
            service_principal,
            job,
            ..
        } = &plan.target;
        let live = self.live_schema(service_principal, job)?;
        if live.sha256 != plan.live_sha256 || live.version != plan.live_version {
            let shown =
                |version: &Option<String>| version.clone().unwrap_or_else(|| "(none)".to_owned());
            return Err(DeployError::LiveMoved {
                job: job.clone(),
                planned: shown(&plan.live_version),
                now: shown(&live.version),
            });
        }
        let label = format!("graph:servicePrincipals/{service_principal}/jobs/{job}");
        let report = crate::diff::diff(&live_loaded(&label, &live.text)?, &committed, options);
        if !confirm(&report) {
            return Ok(None);
        }
        if let Some(folder) = backup
            .parent()
            .filter(|folder| !folder.as_os_str().is_empty())
        {
            std::fs::create_dir_all(folder).map_err(|source| {
                DeployError::Backup(crate::fs::WriteError::CreateDir {
                    path: folder.to_path_buf(),
                    source,
                })
            })?;
        }
        crate::fs::write_atomically(backup, live.text.as_bytes()).map_err(DeployError::Backup)?;
        let body = put_body(&committed_text).map_err(|error| DeployError::PlanFile {
            path: plan.committed.clone(),
            message: error.to_string(),
        })?;
        self.put_schema(service_principal, job, &body)
            .map_err(|error| DeployError::Put {
                error,
                backup: backup.to_path_buf(),
            })?;
        let after = self.live_schema(service_principal, job)?;
        let verification =
            crate::diff::diff(&committed, &live_loaded(&label, &after.text)?, options);
        Ok(Some(Applied {
            backup: backup.to_path_buf(),
            verification,
        }))
    }
}

/// Reads a plan file.
pub fn read_plan(path: &std::path::Path) -> Result<Plan, DeployError> {
    let failed = |message: String| DeployError::PlanFile {
        path: path.to_path_buf(),
        message,
    };
    let text = std::fs::read_to_string(path).map_err(|error| failed(error.to_string()))?;
    let plan: Plan = serde_json::from_str(&text).map_err(|error| failed(error.to_string()))?;
    if plan.format != PLAN_FORMAT {
        return Err(failed(format!(
            "format {} (this synclens reads format {PLAN_FORMAT})",
            plan.format
        )));
    }
    Ok(plan)
}

/// The default backup file for `job`: `.synclens/backups/<job>/<UTC time>.schema.json`.
pub fn default_backup(job: &str, now: std::time::SystemTime) -> PathBuf {
    let seconds = now
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |elapsed| i64::try_from(elapsed.as_secs()).unwrap_or(0));
    let stamp = crate::expr::eval::DateTime::from_unix_seconds(seconds).map_or_else(
        || seconds.to_string(),
        |time| {
            let civil = time.civil();
            format!(
                "{:04}{:02}{:02}T{:02}{:02}{:02}Z",
                civil.year, civil.month, civil.day, civil.hour, civil.minute, civil.second
            )
        },
    );
    PathBuf::from(".synclens")
        .join("backups")
        .join(super::layout::safe_name(job))
        .join(format!("{stamp}.schema.json"))
}
