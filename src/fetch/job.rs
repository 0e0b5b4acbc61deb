//! The job of writing a folder: what to fetch and where ([`FetchOptions`]), the
//! objects fetched in parallel, each job or template written all or nothing
//! (temporary files first, then renames), no symbolic link followed, folders of
//! objects that are gone pruned on request, and the report of what was written and
//! what failed. Folder and file names are in [`super::layout`].

use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use super::cloud::encode_component;
use super::error::ObjectFailure;
use super::http::Event;
use super::objects::{ObjectKind, ServicePrincipal};
use super::{FetchError, Session, layout};

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

impl Session {
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
            encode_component(&service_principal.id)
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
        let files = self
            .documents(synchronization, kind, id, options.with_status)
            .map_err(nothing)?;
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
}
