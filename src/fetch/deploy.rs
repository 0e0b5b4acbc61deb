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

/// What a plan holds for one job.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct JobPlan {
    /// The job.
    pub target: PlanTarget,
    /// The live schema's `version` when the plan was made.
    pub live_version: Option<String>,
    /// SHA-256 (hex) of the live schema's canonical form when the plan was made.
    pub live_sha256: String,
    /// The committed schema file, as given to `plan` (or found in its folder).
    pub committed: PathBuf,
    /// SHA-256 (hex) of the committed schema's canonical form.
    pub committed_sha256: String,
    /// The changes live → committed.
    pub changes: PlanChanges,
}

/// A plan file (`synclens plan --out plan.json`): the jobs whose schema changes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Plan {
    /// [`PLAN_FORMAT`].
    pub format: u32,
    /// The synclens version that made the plan.
    pub synclens_version: String,
    /// Each job with changes, in job id order.
    pub jobs: Vec<JobPlan>,
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
    use std::path::Path;

    use super::*;

    #[test]
    fn a_folder_in_fetch_layout_gives_each_job_its_schema() {
        let folder = tempfile::tempdir().unwrap();
        for job in ["scim.b", "scim.a", "no-schema"] {
            std::fs::create_dir_all(folder.path().join("jobs").join(job)).unwrap();
        }
        for job in ["scim.b", "scim.a"] {
            std::fs::write(
                folder.path().join("jobs").join(job).join("schema.json"),
                "{}",
            )
            .unwrap();
        }
        let found = schemas_of(folder.path(), None).unwrap();
        let jobs: Vec<&str> = found.iter().map(|(job, _)| job.as_str()).collect();
        assert_eq!(jobs, ["scim.a", "scim.b"]);
        assert_eq!(
            schemas_of(&folder.path().join("jobs"), None).unwrap(),
            found
        );
        let one = schemas_of(folder.path(), Some("scim.b")).unwrap();
        assert_eq!(one.len(), 1);
        let file = folder.path().join("jobs/scim.a/schema.json");
        assert_eq!(
            schemas_of(&file, None).unwrap(),
            vec![("scim.a".to_owned(), file.clone())]
        );
        assert!(matches!(
            schemas_of(Path::new("elsewhere/schema.json"), None),
            Err(DeployError::NoJob { .. })
        ));
        assert!(matches!(
            schemas_of(&folder.path().join("jobs/no-schema"), None),
            Err(DeployError::NoSchemas { .. })
        ));
    }

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
    /// The PUT failed: that job's live schema is as it was (the backup stays); the
    /// jobs before it in the plan were applied.
    #[error(
        "{error}; the backup of the live schema is {}{}",
        backup.display(),
        if applied.is_empty() {
            String::new()
        } else {
            format!("; applied before it: {}", applied.join(", "))
        }
    )]
    Put {
        /// Why.
        #[source]
        error: Box<FetchError>,
        /// The backup written before.
        backup: PathBuf,
        /// The jobs applied before this one.
        applied: Vec<String>,
    },
    /// A schema file whose job is not given and not in fetch's layout.
    #[error(
        "{}: which job? pass --job (the file is not in fetch's layout, …/jobs/<job id>/schema.json)",
        path.display()
    )]
    NoJob {
        /// The file.
        path: PathBuf,
    },
    /// A folder without `jobs/<job id>/schema.json`.
    #[error(
        "{}: no jobs/<job id>/schema.json below it (give a schema file, or a service \
         principal's folder as fetch writes it)",
        path.display()
    )]
    NoSchemas {
        /// The folder.
        path: PathBuf,
    },
    /// The plan is for another Graph.
    #[error(
        "the plan is for {planned}, not {now}; pass the same --cloud or --graph-url as for plan"
    )]
    OtherGraph {
        /// The Graph of the plan.
        planned: String,
        /// The Graph of this run.
        now: String,
    },
}

impl From<crate::load::LoadError> for DeployError {
    fn from(error: crate::load::LoadError) -> Self {
        DeployError::Load(Box::new(error))
    }
}

/// One job of a plan made: the diff live → committed, and the two sides.
#[derive(Debug)]
pub struct PlannedJob {
    /// The job id.
    pub job: String,
    /// The changes live → committed, worst first, with the committed side's findings.
    pub report: crate::diff::DiffReport,
    /// The live schema and the committed one, loaded (for a sample's impact).
    pub sides: (crate::load::Loaded, crate::load::Loaded),
}

/// A plan made: the plan (absent when nothing changes) and every job's diff.
#[derive(Debug)]
pub struct Planned {
    /// The plan of the jobs with changes; `None` when no job changes.
    pub plan: Option<Plan>,
    /// Every job planned, in job id order (those without changes too).
    pub jobs: Vec<PlannedJob>,
}

/// One job applied.
#[derive(Debug)]
pub struct AppliedJob {
    /// The job id.
    pub job: String,
    /// Where its live schema was backed up before the PUT.
    pub backup: PathBuf,
    /// The differences between what was sent and what the service now holds (no
    /// changes: verified).
    pub verification: crate::diff::DiffReport,
}

/// What applying did, job by job.
#[derive(Debug)]
pub struct Applied {
    /// The jobs, in the plan's order.
    pub jobs: Vec<AppliedJob>,
}

/// The job of a schema in fetch's layout: `…/jobs/<job id>/schema.json`.
pub fn job_of(path: &std::path::Path) -> Option<String> {
    let folder = path.parent()?;
    let jobs = folder.parent()?;
    (jobs.file_name()? == "jobs")
        .then(|| folder.file_name()?.to_str().map(str::to_owned))
        .flatten()
}

/// The schemas a plan covers: a file (its job given, or from fetch's layout), or a
/// folder in fetch's layout (a service principal's folder, or its `jobs` folder):
/// each `jobs/<job id>/schema.json`, in job id order.
pub fn schemas_of(
    path: &std::path::Path,
    job: Option<&str>,
) -> Result<Vec<(String, PathBuf)>, DeployError> {
    if !path.is_dir() {
        let job = job
            .map(str::to_owned)
            .or_else(|| job_of(path))
            .ok_or_else(|| DeployError::NoJob {
                path: path.to_path_buf(),
            })?;
        return Ok(vec![(job, path.to_path_buf())]);
    }
    let jobs = if path.file_name().is_some_and(|name| name == "jobs") {
        path.to_path_buf()
    } else {
        path.join("jobs")
    };
    let mut found = Vec::new();
    if let Ok(entries) = std::fs::read_dir(&jobs) {
        for entry in entries.flatten() {
            let schema = entry.path().join("schema.json");
            if schema.is_file()
                && let Some(id) = entry.file_name().to_str()
                && job.is_none_or(|wanted| wanted == id)
            {
                found.push((id.to_owned(), schema));
            }
        }
    }
    found.sort();
    if found.is_empty() {
        return Err(DeployError::NoSchemas {
            path: path.to_path_buf(),
        });
    }
    Ok(found)
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

/// The label of a job's live side in reports.
fn live_label(service_principal: &str, job: &str) -> String {
    format!("graph:servicePrincipals/{service_principal}/jobs/{job}")
}

impl Session {
    /// Validates each committed schema [`schemas_of`] `path` finds (any error: no
    /// plan), reads each job's live schema, and diffs live → committed. The plan
    /// holds the jobs with changes; it is `None` when none changes.
    pub fn plan(
        &self,
        path: &std::path::Path,
        service_principal: &str,
        job: Option<&str>,
        options: &crate::diff::DiffOptions,
    ) -> Result<Planned, DeployError> {
        let schemas = schemas_of(path, job)?;
        let service_principal = self.resolve_service_principal(service_principal)?;
        let mut options = options.clone();
        options.new_side = Some(crate::diff::NewSideCheck {
            threshold: crate::validate::Severity::Error,
            policy: crate::validate::Policy::default(),
        });
        let mut jobs = Vec::new();
        let mut planned = Vec::new();
        for (job, path) in schemas {
            let (committed, committed_text) = committed(&path)?;
            let live = self.live_schema(&service_principal.id, &job)?;
            let live_side = live_loaded(&live_label(&service_principal.id, &job), &live.text)?;
            let report = crate::diff::diff(&live_side, &committed, &options);
            let errors: Vec<crate::diff::NewSideFinding> = report
                .findings
                .iter()
                .filter(|finding| finding.severity == crate::validate::Severity::Error)
                .cloned()
                .collect();
            if !errors.is_empty() {
                return Err(DeployError::Invalid {
                    path,
                    findings: errors,
                });
            }
            if !report.changes.is_empty() {
                jobs.push(JobPlan {
                    target: PlanTarget {
                        graph: self.client().base().to_owned(),
                        service_principal: service_principal.id.clone(),
                        job: job.clone(),
                    },
                    live_version: live.version.clone(),
                    live_sha256: live.sha256.clone(),
                    committed: path.clone(),
                    committed_sha256: sha256(&committed_text),
                    changes: changes_of(&report),
                });
            }
            planned.push(PlannedJob {
                job,
                report,
                sides: (live_side, committed),
            });
        }
        let plan = (!jobs.is_empty()).then(|| Plan {
            format: PLAN_FORMAT,
            synclens_version: env!("CARGO_PKG_VERSION").to_owned(),
            jobs,
        });
        Ok(Planned {
            plan,
            jobs: planned,
        })
    }

    /// Applies `plan`: refuses when any committed file or live schema moved since the
    /// plan (before anything is written), asks `confirm` (with each job's changes,
    /// live → committed), then job by job writes the backup of the live schema to
    /// `backups/<job>/<UTC time>.schema.json` (atomically) before anything is sent,
    /// sends one PUT with the committed canonical body, and reads the schema back to
    /// compare it with what was sent. `Ok(None)`: `confirm` said no, nothing written.
    /// A PUT that fails stops there: the jobs before it are applied, the error names
    /// them and the backup.
    pub fn apply(
        &self,
        plan: &Plan,
        backups: &std::path::Path,
        options: &crate::diff::DiffOptions,
        confirm: impl FnOnce(&[(String, crate::diff::DiffReport)]) -> bool,
    ) -> Result<Option<Applied>, DeployError> {
        let mut checked = Vec::new();
        for job_plan in &plan.jobs {
            let (committed, committed_text) = committed(&job_plan.committed)?;
            if sha256(&committed_text) != job_plan.committed_sha256 {
                return Err(DeployError::CommittedMoved {
                    path: job_plan.committed.clone(),
                });
            }
            let PlanTarget {
                graph,
                service_principal,
                job,
            } = &job_plan.target;
            if graph != self.client().base() {
                return Err(DeployError::OtherGraph {
                    planned: graph.clone(),
                    now: self.client().base().to_owned(),
                });
            }
            let live = self.live_schema(service_principal, job)?;
            if live.sha256 != job_plan.live_sha256 || live.version != job_plan.live_version {
                let shown = |version: &Option<String>| {
                    version.clone().unwrap_or_else(|| "(none)".to_owned())
                };
                return Err(DeployError::LiveMoved {
                    job: job.clone(),
                    planned: shown(&job_plan.live_version),
                    now: shown(&live.version),
                });
            }
            let label = live_label(service_principal, job);
            let report = crate::diff::diff(&live_loaded(&label, &live.text)?, &committed, options);
            checked.push((job_plan, committed, committed_text, live, report));
        }
        let reports: Vec<(String, crate::diff::DiffReport)> = checked
            .iter()
            .map(|(job_plan, _, _, _, report)| (job_plan.target.job.clone(), report.clone()))
            .collect();
        if !confirm(&reports) {
            return Ok(None);
        }
        let now = std::time::SystemTime::now();
        let mut applied = Vec::new();
        for (job_plan, committed, committed_text, live, _) in checked {
            let PlanTarget {
                service_principal,
                job,
                ..
            } = &job_plan.target;
            let backup = backups.join(backup_name(job, now));
            if let Some(folder) = backup.parent() {
                std::fs::create_dir_all(folder).map_err(|source| {
                    DeployError::Backup(crate::fs::WriteError::CreateDir {
                        path: folder.to_path_buf(),
                        source,
                    })
                })?;
            }
            crate::fs::write_atomically(&backup, live.text.as_bytes())
                .map_err(DeployError::Backup)?;
            let body = put_body(&committed_text).map_err(|error| DeployError::PlanFile {
                path: job_plan.committed.clone(),
                message: error.to_string(),
            })?;
            if let Err(error) = self.put_schema(service_principal, job, &body) {
                return Err(DeployError::Put {
                    error: Box::new(error),
                    backup,
                    applied: applied
                        .iter()
                        .map(|done: &AppliedJob| done.job.clone())
                        .collect(),
                });
            }
            let after = self.live_schema(service_principal, job)?;
            let verification = crate::diff::diff(
                &committed,
                &live_loaded(&live_label(service_principal, job), &after.text)?,
                options,
            );
            applied.push(AppliedJob {
                job: job.clone(),
                backup,
                verification,
            });
        }
        Ok(Some(Applied { jobs: applied }))
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

/// Where backups go unless told: `.synclens/backups`.
pub const DEFAULT_BACKUPS: &str = ".synclens/backups";

/// A backup's path below the backups folder: `<job>/<UTC time>.schema.json`.
pub fn backup_name(job: &str, now: std::time::SystemTime) -> PathBuf {
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
    PathBuf::from(super::layout::safe_name(job)).join(format!("{stamp}.schema.json"))
}
