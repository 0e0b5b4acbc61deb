//! Read-only Microsoft Graph mode: pull a service principal's synchronization jobs,
//! schemas, catalogs and templates into a folder (`synclens fetch`), and load a live
//! schema as one side of a diff (`graph:servicePrincipals/<id>/jobs/<job id>`).
//!
//! - [`client`]: clouds, URLs, the HTTP client, retries, errors, paging;
//! - [`auth`]: the token (environment, client credentials, federation, managed
//!   identity, Azure CLI);
//! - [`layout`]: the folder layout;
//! - [`redact`]: the one place server text is made safe to show (secrets redacted,
//!   control characters escaped).
//!
//! Only `GET` goes to Graph (SPEC.md §5.1) and `POST` only to token endpoints; nothing
//! is ever changed in the tenant. Documents are written in the canonical form of
//! [`crate::canonical`] (so they pass `synclens fmt --check`), atomically, job by job:
//! a job whose documents cannot all be fetched or written gets no new files (all its
//! temporary files are written before any is renamed), and no symbolic link below the
//! output folder is ever followed. A job's volatile
//! `status` is left out unless asked for, and secret values are never requested nor
//! written. The library never prints: progress and requests are reported as
//! [`Event`]s to an optional [`Observer`].

pub mod auth;
pub mod client;
pub mod layout;
pub mod redact;

use std::fmt;
use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use serde_json::Value;

pub use auth::{AuthError, AuthMethod, AuthOptions, Env};
pub use client::{
    ApiVersion, Cloud, Event, GraphClient, GraphErrorBody, HttpSettings, MAX_COLLECTION_ITEMS,
    Observer, Secret,
};
pub use redact::Redactor;

use crate::canonical::canonical;
use crate::load::{LoadOptions, Loaded, load_bytes};
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
    /// [`Session`]; texts cleaned already stay as they are.
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

/// A service principal as resolved from `--service-principal`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct ServicePrincipal {
    /// Object id.
    pub id: String,
    /// Application (client) id.
    pub app_id: Option<String>,
    /// Display name.
    pub display_name: Option<String>,
}

impl ServicePrincipal {
    fn from_value(value: &Value) -> Option<Self> {
        let text = |key: &str| value.get(key).and_then(Value::as_str).map(str::to_owned);
        Some(ServicePrincipal {
            id: text("id").filter(|id| !id.is_empty())?,
            app_id: text("appId"),
            display_name: text("displayName"),
        })
    }
}

impl fmt::Display for ServicePrincipal {
    /// Every part comes from the server: control characters are escaped.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let id = redact::escape(&self.id);
        match &self.display_name {
            Some(name) => write!(
                f,
                "\"{}\" (id {id}",
                redact::escape(name).replace('"', "\\\"")
            )?,
            None => write!(f, "service principal (id {id}")?,
        }
        if let Some(app_id) = &self.app_id {
            write!(f, ", appId {}", redact::escape(app_id))?;
        }
        f.write_str(")")
    }
}

/// Where Graph is, how to authenticate, and how to talk HTTP.
#[derive(Debug, Clone, Default)]
pub struct GraphOptions {
    /// The national cloud (default global).
    pub cloud: Cloud,
    /// Replaces the cloud's Graph root (`https://graph.microsoft.com`).
    pub graph_url: Option<String>,
    /// Replaces the cloud's login root (`https://login.microsoftonline.com`).
    pub authority_url: Option<String>,
    /// The API version appended to the Graph root.
    pub api: ApiVersion,
    /// How to get a token.
    pub auth: AuthOptions,
    /// Timeouts, retries, parallelism, proxy.
    pub http: HttpSettings,
}

/// What to fetch and where to.
#[derive(Debug, Clone, Default)]
pub struct FetchOptions {
    /// Object id, appId or display name.
    pub service_principal: String,
    /// Only this job (otherwise every job).
    pub job: Option<String>,
    /// Also the service principal's templates.
    pub templates: bool,
    /// Keep the job's `status` block.
    pub with_status: bool,
    /// Remove the files of jobs (and, with `templates`, templates) that the service
    /// principal no longer has (see [`FetchReport::pruned`]).
    pub prune: bool,
    /// The folder that gets one folder per service principal.
    pub out: PathBuf,
}

/// What a fetch wrote and what failed.
#[derive(Debug)]
pub struct FetchReport {
    /// The service principal fetched.
    pub service_principal: ServicePrincipal,
    /// Its folder under the output folder.
    pub folder: PathBuf,
    /// Jobs and templates found (or asked for with a job id).
    pub objects: usize,
    /// Of those, fetched and written.
    pub fetched: usize,
    /// Files written, sorted.
    pub written: Vec<PathBuf>,
    /// Objects that failed, sorted by name; nothing of them was written.
    pub failures: Vec<ObjectFailure>,
    /// With `prune`: the folders of jobs or templates the service principal no longer
    /// has whose files were removed, sorted. Only the files fetch writes are removed;
    /// a folder holding anything else is kept with that.
    pub pruned: Vec<PathBuf>,
}

/// One job or template that could not be fetched.
#[derive(Debug)]
pub struct ObjectFailure {
    /// `jobs/<id>` or `templates/<id>`.
    pub object: String,
    /// Why.
    pub error: FetchError,
}

/// An authenticated connection to Graph.
#[derive(Debug)]
pub struct Session {
    client: GraphClient,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum ObjectKind {
    Job,
    Template,
}

impl ObjectKind {
    fn segment(self) -> &'static str {
        match self {
            ObjectKind::Job => "jobs",
            ObjectKind::Template => "templates",
        }
    }
}

/// The files fetch writes in the folder of a job or template.
fn files_of(kind: ObjectKind) -> &'static [&'static str] {
    match kind {
        ObjectKind::Job => &[
            layout::JOB_FILE,
            layout::SCHEMA_FILE,
            layout::FUNCTIONS_FILE,
            layout::FILTER_OPERATORS_FILE,
        ],
        ObjectKind::Template => &[layout::TEMPLATE_FILE, layout::SCHEMA_FILE],
    }
}

/// Whether `path` is a symbolic link (not followed).
fn is_link(path: &Path) -> bool {
    std::fs::symlink_metadata(path).is_ok_and(|metadata| metadata.file_type().is_symlink())
}

/// What `--prune` did: the folders pruned, and what could not be.
#[derive(Default)]
struct Pruned {
    folders: Vec<PathBuf>,
    failures: Vec<ObjectFailure>,
}

/// Removes, below a service principal's folder, the files fetch writes for every job
/// or template of a `listed` kind whose folder belongs to none of `objects` (compared
/// without case, as Windows and macOS compare names); a folder left empty is removed
/// too. A symbolic link is never followed: the service principal's folder, `jobs`,
/// `templates` or an object's folder being one is a failure, and a link in place of a
/// file is removed as a link. A file that cannot be removed is a failure of its folder;
/// the others are still pruned.
fn prune(folder: &Path, listed: &[ObjectKind], objects: &[(ObjectKind, String)]) -> Pruned {
    let mut pruned = Pruned::default();
    if is_link(folder) {
        pruned.failures.push(ObjectFailure {
            object: "prune".to_owned(),
            error: FetchError::PruneLink {
                path: folder.to_owned(),
            },
        });
        return pruned;
    }
    for kind in listed {
        let parent = folder.join(kind.segment());
        if is_link(&parent) {
            pruned.failures.push(ObjectFailure {
                object: format!("prune {}", kind.segment()),
                error: FetchError::PruneLink { path: parent },
            });
            continue;
        }
        let Ok(entries) = std::fs::read_dir(&parent) else {
            continue;
        };
        let current: std::collections::HashSet<String> = objects
            .iter()
            .filter(|(k, _)| k == kind)
            .flat_map(|(_, id)| layout::possible_names(id))
            .collect();
        let mut entries: Vec<std::fs::DirEntry> = entries.flatten().collect();
        entries.sort_by_key(std::fs::DirEntry::file_name);
        for entry in entries {
            let name = entry.file_name().to_string_lossy().into_owned();
            if current.contains(&name.to_ascii_lowercase()) {
                continue;
            }
            let dir = entry.path();
            let object = format!("prune {}/{name}", kind.segment());
            let Ok(file_type) = entry.file_type() else {
                continue;
            };
            if file_type.is_symlink() {
                pruned.failures.push(ObjectFailure {
                    object,
                    error: FetchError::PruneLink { path: dir },
                });
                continue;
            }
            if !file_type.is_dir() {
                continue;
            }
            let mut removed_any = false;
            let mut failed = false;
            for file in files_of(*kind) {
                let path = dir.join(file);
                // Removes a link itself, never what it points to.
                match std::fs::remove_file(&path) {
                    Ok(()) => removed_any = true,
                    Err(error) if error.kind() == std::io::ErrorKind::NotFound => {}
                    Err(source) => {
                        failed = true;
                        pruned.failures.push(ObjectFailure {
                            object: object.clone(),
                            error: FetchError::Remove { path, source },
                        });
                    }
                }
            }
            // Fails, as it should, when the folder holds anything else.
            let _ = std::fs::remove_dir(&dir);
            if removed_any && !failed {
                pruned.folders.push(dir);
            }
        }
    }
    pruned.folders.sort();
    pruned
}

/// Refuses to write an object's folder when a sibling folder has the same name without
/// case (left from an earlier fetch): on Windows and macOS they are one folder.
fn check_case_twin(dir: &Path) -> Result<(), FetchError> {
    let (Some(parent), Some(name)) = (dir.parent(), dir.file_name()) else {
        return Ok(());
    };
    let name = name.to_string_lossy();
    let Ok(entries) = std::fs::read_dir(parent) else {
        return Ok(());
    };
    for entry in entries.flatten() {
        let other = entry.file_name().to_string_lossy().into_owned();
        if other != name && other.eq_ignore_ascii_case(&name) {
            return Err(FetchError::FolderClash {
                path: dir.to_owned(),
                other: format!("the folder {} already there", parent.join(other).display()),
            });
        }
    }
    Ok(())
}

/// `$select` for service principal look-ups.
const SELECT: &str = "$select=id,appId,displayName";

impl Session {
    /// Checks the URLs and gets a token.
    pub fn connect(
        options: &GraphOptions,
        env: &Env,
        observer: Option<Observer>,
    ) -> Result<Self, FetchError> {
        let graph = options
            .graph_url
            .as_deref()
            .unwrap_or(options.cloud.graph_root());
        let (_, graph_root) = client::checked_root(graph)?;
        let authority = options
            .authority_url
            .as_deref()
            .unwrap_or(options.cloud.authority_root());
        let (_, authority) = client::checked_root(authority)?;
        let http = client::Http::new(&options.http, observer)?;
        let token = auth::acquire(
            &http,
            env,
            &options.auth,
            &auth::TokenTarget {
                authority: &authority,
                resource: &graph_root,
            },
        )
        .map_err(|error| error.scrub(http.redactor()))?;
        Ok(Session {
            client: GraphClient::new(http, &graph_root, options.api, token),
        })
    }

    /// The Graph client.
    pub fn client(&self) -> &GraphClient {
        &self.client
    }

    /// The secrets this session holds, to redact from anything a server says.
    pub fn redactor(&self) -> &Redactor {
        self.client.http().redactor()
    }

    /// Finds a service principal by object id, then appId (when the text is a GUID),
    /// then exact display name. Several with the name is an error listing them.
    pub fn resolve_service_principal(&self, query: &str) -> Result<ServicePrincipal, FetchError> {
        self.resolve(query)
            .map_err(|error| error.scrub(self.redactor()))
    }

    fn resolve(&self, query: &str) -> Result<ServicePrincipal, FetchError> {
        let not_found = || FetchError::NotFound {
            query: query.to_owned(),
        };
        if is_guid(query) {
            let paths = [
                format!("/servicePrincipals/{query}?{SELECT}"),
                format!("/servicePrincipals(appId='{query}')?{SELECT}"),
            ];
            for path in paths {
                match self.client.get_json(&self.client.url(&path)) {
                    Ok(value) => return ServicePrincipal::from_value(&value).ok_or_else(not_found),
                    Err(FetchError::Http { status: 404, .. }) => {}
                    Err(error) => return Err(error),
                }
            }
        }
        let filter = format!("displayName eq '{}'", query.replace('\'', "''"));
        let path = format!(
            "/servicePrincipals?$filter={}&{SELECT}",
            client::encode_component(&filter)
        );
        let (_, items) = self.client.get_collection(&self.client.url(&path))?;
        let mut matches: Vec<ServicePrincipal> = items
            .iter()
            .filter_map(ServicePrincipal::from_value)
            .collect();
        matches.sort();
        matches.dedup();
        match matches.len() {
            0 => Err(not_found()),
            1 => Ok(matches.remove(0)),
            _ => Err(FetchError::Ambiguous {
                query: query.to_owned(),
                matches,
            }),
        }
    }

    /// Fetches a service principal's jobs (and templates) into `<out>/<object id>/`.
    ///
    /// `Err` means nothing could be fetched (authentication, the service principal, the
    /// job list); failures of single jobs or templates, and of `--prune`, are in the
    /// report, and everything else is written. Every message is cleaned of secrets and
    /// control characters.
    pub fn fetch(&self, options: &FetchOptions) -> Result<FetchReport, FetchError> {
        let mut report = self
            .fetch_all(options)
            .map_err(|error| error.scrub(self.redactor()))?;
        report.failures = report
            .failures
            .into_iter()
            .map(|failure| ObjectFailure {
                object: self.redactor().clean(&failure.object),
                error: failure.error.scrub(self.redactor()),
            })
            .collect();
        Ok(report)
    }

    fn fetch_all(&self, options: &FetchOptions) -> Result<FetchReport, FetchError> {
        let service_principal = self.resolve(&options.service_principal)?;
        let synchronization = format!(
            "/servicePrincipals/{}/synchronization",
            client::encode_component(&service_principal.id)
        );
        let mut objects = Vec::new();
        let mut failures = Vec::new();
        // Which collections were listed whole (so their folders can be pruned).
        let mut listed = Vec::new();
        // A listing with an unreadable item does not say which objects are gone.
        let mut complete = true;
        if let Some(job) = &options.job {
            objects.push((ObjectKind::Job, job.clone()));
        } else {
            complete &= self.list(
                &synchronization,
                ObjectKind::Job,
                &mut objects,
                &mut failures,
            )?;
            listed.push(ObjectKind::Job);
        }
        if options.templates {
            complete &= self.list(
                &synchronization,
                ObjectKind::Template,
                &mut objects,
                &mut failures,
            )?;
            listed.push(ObjectKind::Template);
        }
        let folder = layout::service_principal_dir(&options.out, &service_principal.id);
        if objects.is_empty() && failures.is_empty() {
            return Err(FetchError::NothingToFetch {
                service_principal,
                templates: options.templates,
            });
        }
        // Folder names per kind, free of collisions without case.
        let mut names = std::collections::BTreeMap::new();
        for kind in [ObjectKind::Job, ObjectKind::Template] {
            let ids: Vec<String> = objects
                .iter()
                .filter(|(k, _)| *k == kind)
                .map(|(_, id)| id.clone())
                .collect();
            for (id, name) in layout::folder_names(&ids) {
                names.insert((kind, id), name);
            }
        }
        let total = objects.len();
        let next = AtomicUsize::new(0);
        let done = AtomicUsize::new(0);
        let results = Mutex::new(Vec::new());
        let workers = self
            .client
            .http()
            .settings()
            .concurrency
            .clamp(1, total.max(1));
        self.client.http().emit(&Event::Progress { done: 0, total });
        std::thread::scope(|scope| {
            for _ in 0..workers {
                scope.spawn(|| {
                    while let Some((kind, id)) = objects.get(next.fetch_add(1, Ordering::SeqCst)) {
                        let name = format!("{}/{id}", kind.segment());
                        let result = match names.get(&(*kind, id.clone())) {
                            Some(Ok(folder_name)) => self.fetch_object(
                                &synchronization,
                                &folder,
                                *kind,
                                id,
                                folder_name,
                                options,
                            ),
                            Some(Err(other)) => Err((
                                Vec::new(),
                                FetchError::FolderClash {
                                    path: folder.join(kind.segment()).join(layout::safe_name(id)),
                                    other: format!("{}/{other}", kind.segment()),
                                },
                            )),
                            None => Ok(Vec::new()),
                        };
                        results
                            .lock()
                            .unwrap_or_else(std::sync::PoisonError::into_inner)
                            .push((name, result));
                        let finished = done.fetch_add(1, Ordering::SeqCst) + 1;
                        self.client.http().emit(&Event::Progress {
                            done: finished,
                            total,
                        });
                    }
                });
            }
        });
        let mut written = Vec::new();
        let mut fetched = 0;
        let results = results
            .into_inner()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        for (object, result) in results {
            match result {
                Ok(files) => {
                    fetched += 1;
                    written.extend(files);
                }
                Err((replaced, error)) => {
                    written.extend(replaced);
                    failures.push(ObjectFailure { object, error });
                }
            }
        }
        written.sort();
        let pruned = if options.prune && complete {
            let pruned = prune(&folder, &listed, &objects);
            failures.extend(pruned.failures);
            pruned.folders
        } else {
            Vec::new()
        };
        failures.sort_by(|a, b| a.object.cmp(&b.object));
        Ok(FetchReport {
            service_principal,
            folder,
            objects: total,
            fetched,
            written,
            failures,
            pruned,
        })
    }

    /// Lists the ids of a collection (jobs or templates). Items without an id are one
    /// failure with their count; returns whether every item had one.
    fn list(
        &self,
        synchronization: &str,
        kind: ObjectKind,
        objects: &mut Vec<(ObjectKind, String)>,
        failures: &mut Vec<ObjectFailure>,
    ) -> Result<bool, FetchError> {
        let url = self
            .client
            .url(&format!("{synchronization}/{}", kind.segment()));
        let (_, items) = self.client.get_collection(&url)?;
        let mut ids = Vec::new();
        let mut missing = Vec::new();
        let mut count = 0;
        for (index, item) in items.iter().enumerate() {
            if let Some(id) = item
                .get("id")
                .and_then(Value::as_str)
                .filter(|id| !id.is_empty())
            {
                ids.push(id.to_owned());
            } else {
                count += 1;
                if missing.len() < 5 {
                    missing.push(index);
                }
            }
        }
        if count > 0 {
            failures.push(ObjectFailure {
                object: format!("{} listing", kind.segment()),
                error: FetchError::NoId {
                    url,
                    count,
                    first: missing,
                },
            });
        }
        ids.sort();
        ids.dedup();
        objects.extend(ids.into_iter().map(|id| (kind, id)));
        Ok(count == 0)
    }

    /// Fetches every document of one job or template, then writes them all or none:
    /// every temporary file is written before any is renamed. `Err` holds the files
    /// replaced before the failure (only a failed rename leaves any).
    fn fetch_object(
        &self,
        synchronization: &str,
        folder: &Path,
        kind: ObjectKind,
        id: &str,
        folder_name: &str,
        options: &FetchOptions,
    ) -> Result<Vec<PathBuf>, (Vec<PathBuf>, FetchError)> {
        let nothing = |error: FetchError| (Vec::new(), error);
        let base = self.client.url(&format!(
            "{synchronization}/{}/{}",
            kind.segment(),
            client::encode_component(id)
        ));
        let schema_url = format!("{base}/schema");
        let mut files = Vec::new();
        match kind {
            ObjectKind::Job => {
                let mut job = self.client.get_json(&base).map_err(nothing)?;
                strip(&mut job, options.with_status);
                let schema = self.client.get_json(&schema_url).map_err(nothing)?;
                let functions_url = format!("{schema_url}/functions");
                let functions = self.collection(&functions_url).map_err(nothing)?;
                let operators_url = format!("{schema_url}/filterOperators");
                let operators = self.collection(&operators_url).map_err(nothing)?;
                files.push((layout::JOB_FILE, render(&base, Kind::Job, &job)));
                files.push((
                    layout::SCHEMA_FILE,
                    render(&schema_url, Kind::Schema, &schema),
                ));
                files.push((
                    layout::FUNCTIONS_FILE,
                    render(&functions_url, Kind::Functions, &functions),
                ));
                files.push((
                    layout::FILTER_OPERATORS_FILE,
                    render(&operators_url, Kind::FilterOperators, &operators),
                ));
            }
            ObjectKind::Template => {
                let mut template = self.client.get_json(&base).map_err(nothing)?;
                strip(&mut template, false);
                let schema = self.client.get_json(&schema_url).map_err(nothing)?;
                files.push((
                    layout::TEMPLATE_FILE,
                    render(&base, Kind::Template, &template),
                ));
                files.push((
                    layout::SCHEMA_FILE,
                    render(&schema_url, Kind::Schema, &schema),
                ));
            }
        }
        let sp_name = folder
            .file_name()
            .map(|name| name.to_string_lossy().into_owned())
            .unwrap_or_default();
        let out = folder.parent().unwrap_or(folder);
        check_case_twin(&folder.join(kind.segment()).join(folder_name)).map_err(nothing)?;
        let dir = crate::fs::create_dirs_below(out, &[&sp_name, kind.segment(), folder_name])
            .map_err(|error| nothing(error.into()))?;
        let mut batch = crate::fs::Batch::new();
        for (file, text) in files {
            let text = text.map_err(nothing)?;
            batch
                .stage(&dir.join(file), text.as_bytes())
                .map_err(|error| nothing(error.into()))?;
        }
        batch
            .commit()
            .map_err(|error| (error.replaced, error.error.into()))
    }

    /// A whole collection (every page) as one document: the first page's
    /// `@odata.context` and all items.
    fn collection(&self, url: &str) -> Result<Value, FetchError> {
        let (context, items) = self.client.get_collection(url)?;
        let mut document = serde_json::Map::new();
        if let Some(context) = context {
            document.insert("@odata.context".to_owned(), context);
        }
        document.insert("value".to_owned(), Value::Array(items));
        Ok(Value::Object(document))
    }

    /// Loads the live schema of a `graph:` diff side, in canonical form (so line
    /// numbers match a fetched `schema.json`).
    pub fn load_side(&self, spec: &str) -> Result<Loaded, FetchError> {
        self.load_side_inner(spec)
            .map_err(|error| error.scrub(self.redactor()))
    }

    fn load_side_inner(&self, spec: &str) -> Result<Loaded, FetchError> {
        let side: GraphSide = spec.parse()?;
        let service_principal = self.resolve(&side.service_principal)?;
        let url = self.client.url(&format!(
            "/servicePrincipals/{}/synchronization/{}/{}/schema",
            client::encode_component(&service_principal.id),
            side.kind.segment(),
            client::encode_component(&side.id)
        ));
        let schema = self.client.get_json(&url)?;
        let text = render(&url, Kind::Schema, &schema)?;
        load_bytes(
            Path::new(spec),
            text.into_bytes(),
            LoadOptions {
                kind: Some(Kind::Schema),
            },
        )
        .map_err(|error| FetchError::Document {
            url,
            kind: Kind::Schema,
            message: error.kind.to_string(),
        })
    }
}

/// Removes what is never written: the volatile `status` (unless kept), the schema
/// expanded inline (it has its own file), secrets should a server include them.
fn strip(document: &mut Value, keep_status: bool) {
    if let Value::Object(object) = document {
        if !keep_status {
            object.remove("status");
        }
        object.remove("schema");
        object.remove("secrets");
    }
}

/// A fetched value as canonical text of the given kind.
fn render(url: &str, kind: Kind, value: &Value) -> Result<String, FetchError> {
    let document_error = |message: String| FetchError::Document {
        url: url.to_owned(),
        kind,
        message,
    };
    let bytes = serde_json::to_vec(value).map_err(|error| document_error(error.to_string()))?;
    let loaded = load_bytes(Path::new(url), bytes, LoadOptions { kind: Some(kind) })
        .map_err(|error| document_error(error.kind.to_string()))?;
    Ok(canonical(&loaded.document))
}

/// Whether a diff argument names a Graph object rather than a file.
pub fn is_graph_side(text: &str) -> bool {
    text.starts_with("graph:")
}

/// A parsed `graph:servicePrincipals/<sp>/(jobs|templates)/<id>[/schema]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GraphSide {
    /// Object id, appId or display name.
    pub service_principal: String,
    /// Whether `id` is a job (else a template).
    pub job: bool,
    /// The job or template id.
    pub id: String,
    kind: ObjectKind,
}

impl FromStr for GraphSide {
    type Err = FetchError;

    fn from_str(spec: &str) -> Result<Self, Self::Err> {
        let error = || FetchError::GraphSide {
            spec: spec.to_owned(),
        };
        let rest = spec.strip_prefix("graph:").ok_or_else(error)?;
        let rest = rest.trim_start_matches('/');
        let rest = rest.strip_suffix("/schema").unwrap_or(rest);
        let parts: Vec<&str> = rest.split('/').collect();
        let ["servicePrincipals", service_principal, collection, id] = parts.as_slice() else {
            return Err(error());
        };
        let kind = match *collection {
            "jobs" => ObjectKind::Job,
            "templates" => ObjectKind::Template,
            _ => return Err(error()),
        };
        if service_principal.is_empty() || id.is_empty() {
            return Err(error());
        }
        Ok(GraphSide {
            service_principal: (*service_principal).to_owned(),
            job: kind == ObjectKind::Job,
            id: (*id).to_owned(),
            kind,
        })
    }
}

/// Connects and loads the live schema of a `graph:` diff side.
pub fn load_graph_side(
    spec: &str,
    options: &GraphOptions,
    env: &Env,
) -> Result<Loaded, FetchError> {
    // Check the side before asking for a token.
    spec.parse::<GraphSide>()?;
    Session::connect(options, env, None)?.load_side(spec)
}

/// `8-4-4-4-12` hexadecimal digits.
fn is_guid(text: &str) -> bool {
    let groups: Vec<&str> = text.split('-').collect();
    groups.len() == 5
        && groups.iter().zip([8, 4, 4, 4, 12]).all(|(group, length)| {
            group.len() == length && group.bytes().all(|b| b.is_ascii_hexdigit())
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn graph_sides_parse() {
        let side: GraphSide = "graph:servicePrincipals/sp-1/jobs/scim.abc"
            .parse()
            .unwrap();
        assert_eq!(side.service_principal, "sp-1");
        assert!(side.job);
        assert_eq!(side.id, "scim.abc");
        let side: GraphSide = "graph:/servicePrincipals/My App/templates/scim/schema"
            .parse()
            .unwrap();
        assert_eq!(side.service_principal, "My App");
        assert!(!side.job);
        for bad in [
            "graph:",
            "graph:servicePrincipals/x",
            "graph:servicePrincipals/x/jobs",
            "graph:servicePrincipals/x/secrets/y",
            "graph:applications/x/templates/y",
            "servicePrincipals/x/jobs/y",
        ] {
            assert!(bad.parse::<GraphSide>().is_err(), "{bad}");
        }
    }

    #[test]
    fn guids_are_recognised() {
        assert!(is_guid("0c9e9e0a-7f4b-4a7e-9e0f-3e1c2b1a0d9f"));
        assert!(!is_guid("Salesforce"));
        assert!(!is_guid("0c9e9e0a-7f4b-4a7e-9e0f-3e1c2b1a0d9"));
    }

    #[test]
    fn status_schema_and_secrets_are_stripped() {
        let mut job = serde_json::json!({"id": "a", "status": {}, "schema": {}, "secrets": [], "templateId": "t"});
        strip(&mut job, false);
        assert_eq!(job, serde_json::json!({"id": "a", "templateId": "t"}));
        let mut job = serde_json::json!({"id": "a", "status": {"code": "Active"}});
        strip(&mut job, true);
        assert!(job.get("status").is_some());
    }
}
